import { cpSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { ConfigValidationError, loadAppConfig } from './app-config.js';
import { ENV_VARS } from './env.schema.js';
import { accountsFromConfig } from '../connectors/account-seeder.js';

const base = { CONFIG_DIR: 'config', DATA_DIR: '/tmp/sw-config-spec', JWT_SECRET: 'j'.repeat(40), CREDENTIALS_KEY: 'cd'.repeat(32) };

describe('loadAppConfig', () => {
  it('should start from defaults with nothing set, in demo mode', async () => {
    const c = await loadAppConfig(base);
    expect(c.server.port).toBe(3000);
    expect(c.database.url).toBeUndefined();
    expect(c.demo.enabled).toBe(true);
    expect(c.region.name).toBe('Kabupaten Sinjai');
    expect(c.region.districts).toHaveLength(9);
    expect(c.opds.map((o) => o.code)).toContain('DPUPR');
    expect(c.triageOpd).toBe('DISKOMINFO');
  });

  it('should list every bad variable at once, one line each, hiding secret values', async () => {
    const err = (await loadAppConfig({ ...base, PORT: '70000', LOG_LEVEL: 'loud', DATABASE_URL: 'mysql://u:secretpw@h/db', CREDENTIALS_KEY: 'short' }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(err).toBeInstanceOf(ConfigValidationError);
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['CREDENTIALS_KEY', 'DATABASE_URL', 'LOG_LEVEL', 'PORT']);
    expect(err.message).toContain('(got "loud")');
    expect(err.message).not.toContain('secretpw');
    expect(err.message).not.toContain('short');
  });

  it('should require the X account fields together with an X token', async () => {
    const err = (await loadAppConfig({ ...base, X_BEARER_TOKEN: 't' }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['X_HANDLE', 'X_USER_ID']);
    const ok = await loadAppConfig({ ...base, X_BEARER_TOKEN: 't', X_USER_ID: '123', X_HANDLE: 'pemkab' });
    expect(ok.demo.enabled).toBe(false);
    expect(ok.connectors.x.account?.handle).toBe('pemkab');
  });

  it('should take the X user token, refresh token and client for replies, requiring the client id with a refresh token', async () => {
    const x = { ...base, X_BEARER_TOKEN: 't', X_USER_ID: '123', X_HANDLE: 'pemkab' };
    const err = (await loadAppConfig({ ...x, X_USER_REFRESH_TOKEN: 'r' }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(err.problems.map((p) => p.split(':')[0])).toEqual(['X_CLIENT_ID']);
    expect(err.message).not.toContain('"r"');
    const ok = await loadAppConfig({ ...x, X_USER_ACCESS_TOKEN: 'u', X_USER_REFRESH_TOKEN: 'r', X_CLIENT_ID: 'cid' });
    expect(ok.connectors.x.account).toMatchObject({ userAccessToken: 'u', userRefreshToken: 'r', clientId: 'cid' });
    expect(ok.connectors.x.account?.clientSecret).toBeUndefined();
  });

  it('should take a Telegram bot token and YouTube quota settings, refusing bad ones with a clear line each', async () => {
    const err = (await loadAppConfig({ ...base, TELEGRAM_BOT_TOKEN: 'not-a-token', TELEGRAM_LONG_POLL_SEC: '60', YOUTUBE_QUOTA_COSTS: '{"search.list":100,"comments.insert":-1}' }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['TELEGRAM_BOT_TOKEN', 'TELEGRAM_LONG_POLL_SEC', 'YOUTUBE_QUOTA_COSTS', 'YOUTUBE_QUOTA_COSTS']);
    expect(err.message).toMatch(/unknown method search\.list/);
    expect(err.message).not.toContain('not-a-token');
    const ok = await loadAppConfig({ ...base, TELEGRAM_BOT_TOKEN: '7000000001:AAH-fake-telegram-bot-token', YOUTUBE_QUOTA_COSTS: '{"commentThreads.list":5}' });
    expect(ok.demo.enabled).toBe(false);
    expect(ok.connectors.telegram).toEqual({ baseUrl: 'https://api.telegram.org', longPollSec: 10, botToken: '7000000001:AAH-fake-telegram-bot-token' });
    expect(accountsFromConfig(ok)).toEqual([expect.objectContaining({ platform: 'telegram', externalAccountId: '7000000001', credentials: { botToken: '7000000001:AAH-fake-telegram-bot-token' } })]);
    expect(ok.connectors.youtube.quota).toEqual({ dailyUnits: 10_000, replyReserve: 1_000, costs: { 'commentThreads.list': 5, 'comments.list': 1, 'comments.insert': 50, 'channels.list': 1 } });
  });

  it('should require explicit secrets in production', async () => {
    const err = (await loadAppConfig({ CONFIG_DIR: 'config', NODE_ENV: 'production' }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(err.problems.map((p) => p.split(':')[0]).sort()).toEqual(['CREDENTIALS_KEY', 'JWT_SECRET']);
  });

  it('should report a broken OPD registry and an unknown region', async () => {
    const err = (await loadAppConfig({ ...base, CONFIG_DIR: 'test/fixtures/bad-config', REGION_CODE: '99.99' }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(err.message).toMatch(/opd-registry\.json.*duplicate OPD code DPUPR/);
    expect(err.message).toMatch(/REGION_CODE: region 99\.99/);
  });

  it('should describe every variable in .env.example', () => {
    const example = readFileSync('.env.example', 'utf8');
    for (const v of ENV_VARS) {
      expect(v.description.length).toBeGreaterThan(10);
      expect(example).toMatch(new RegExp(`^#? ?${v.name}=`, 'm'));
    }
  });

  it('should seed accounts from config/accounts.json with tokens taken from the named env variables', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'sw-config-'));
    cpSync('config', dir, { recursive: true });
    writeFileSync(
      join(dir, 'accounts.json'),
      JSON.stringify({
        accounts: [
          { platform: 'facebook', externalAccountId: '104', handle: 'Pemkab', credentialsFromEnv: { pageAccessToken: 'FB_TOKEN_A' } },
          { platform: 'facebook', externalAccountId: '105', handle: 'Dinkes', credentialsFromEnv: { pageAccessToken: 'FB_TOKEN_B' } },
        ],
      }),
    );
    const c = await loadAppConfig({ ...base, CONFIG_DIR: dir, FB_TOKEN_A: 'aaa', FB_TOKEN_B: 'bbb' });
    expect(c.seedAccounts.map((a) => [a.externalAccountId, a.credentials.pageAccessToken])).toEqual([['104', 'aaa'], ['105', 'bbb']]);
    expect(c.demo.enabled).toBe(false);
    const err = (await loadAppConfig({ ...base, CONFIG_DIR: dir, FB_TOKEN_A: 'aaa' }).catch((e: unknown) => e)) as ConfigValidationError;
    expect(err.message).toMatch(/accounts\[1\]: environment variable FB_TOKEN_B \(for pageAccessToken\) is not set/);
    expect(err.message).not.toContain('aaa');
  });
});

