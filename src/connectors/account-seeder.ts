import { createHash, createHmac } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { ConnectorAccount, SeededValues } from './connector-account.entity.js';
import { ConnectorAccountRepository, type AccountSeed } from './connector-account.repository.js';
import { CredentialsCipher } from './credentials-cipher.js';

const sortedJson = (credentials: Record<string, string>): string => JSON.stringify(Object.entries(credentials).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)));
const KEYED = 'h1:';

/**
 * Identifies a set of configured credentials without keeping the tokens themselves: an HMAC under
 * CREDENTIALS_KEY, so someone holding a backup cannot confirm a token guess offline (an unkeyed
 * hash let them; issue 13 §6).
 */
export function credentialsDigest(credentials: Record<string, string>, key: Buffer): string {
  const subkey = createHmac('sha256', key).update('suarawarga:credentials-digest').digest();
  return KEYED + createHmac('sha256', subkey).update(sortedJson(credentials)).digest('base64url');
}

/** Whether a stored digest names these credentials; digests stored before the HMAC are unkeyed SHA-256. */
export function sameCredentials(stored: string, credentials: Record<string, string>, key: Buffer): boolean {
  if (stored.startsWith(KEYED)) return stored === credentialsDigest(credentials, key);
  return stored === createHash('sha256').update(sortedJson(credentials)).digest('base64url').slice(0, 22);
}

/**
 * Three-way merge of an account's non-secret fields at a re-seed: a configured value that changed
 * since the last seed wins; otherwise the stored value stays (an admin may have edited it).
 */
export function mergeSeeded(current: SeededValues, last: SeededValues | null, configured: SeededValues): SeededValues {
  const same = (a: unknown, b: unknown): boolean => isDeepStrictEqual(a, b);
  const pick = <K extends keyof SeededValues>(k: K): SeededValues[K] => (last && same(last[k], configured[k]) ? current[k] : configured[k]);
  return { handle: pick('handle'), displayName: pick('displayName'), settings: pick('settings'), pollIntervalSec: pick('pollIntervalSec') };
}

/** The accounts the configuration declares (env credentials); demo mode adds its own. */
export function accountsFromConfig(config: AppConfig): Array<Omit<AccountSeed, 'credentialsEnc'> & { credentials: Record<string, string> }> {
  const out: Array<Omit<AccountSeed, 'credentialsEnc'> & { credentials: Record<string, string> }> = [];
  for (const a of config.seedAccounts)
    out.push({ ...a, settings: a.settings ?? {}, pollIntervalSec: a.pollIntervalSec ?? config.pipeline.defaultIntervalSec });
  const wa = config.connectors.whatsapp.account;
  if (wa)
    out.push({
      platform: 'whatsapp',
      externalAccountId: wa.phoneNumberId,
      handle: wa.displayNumber ?? wa.phoneNumberId,
      displayName: 'WhatsApp',
      settings: {},
      pollIntervalSec: 10,
      credentials: { accessToken: wa.accessToken },
    });
  // A bot token is `<bot id>:<secret>` (§7.1): the id is the account's platform id.
  const tg = config.connectors.telegram.botToken;
  if (tg)
    out.push({
      platform: 'telegram',
      externalAccountId: tg.split(':')[0],
      handle: `bot${tg.split(':')[0]}`,
      displayName: 'Telegram',
      settings: {},
      pollIntervalSec: 5,
      credentials: { botToken: tg },
    });
  const x = config.connectors.x.account;
  if (x)
    out.push({
      platform: 'x',
      externalAccountId: x.userId,
      handle: x.handle,
      displayName: `@${x.handle}`,
      settings: x.searchQuery ? { searchQuery: x.searchQuery } : {},
      pollIntervalSec: x.pollIntervalSec ?? config.pipeline.defaultIntervalSec,
      credentials: Object.fromEntries(
        Object.entries({
          bearerToken: x.bearerToken,
          userAccessToken: x.userAccessToken,
          userRefreshToken: x.userRefreshToken,
          clientId: x.clientId,
          clientSecret: x.clientSecret,
        }).filter((e): e is [string, string] => typeof e[1] === 'string' && e[1] !== ''),
      ),
    });
  return out;
}

@Injectable()
export class AccountSeeder {
  private readonly logger = new Logger(AccountSeeder.name);

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    private readonly cipher: CredentialsCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  /**
   * Inserts or refreshes seeded accounts. New credentials for an account that was blocked
   * (expired token, permission removed) count as a re-authorisation: polling resumes.
   */
  async seed(seeds: Array<Omit<AccountSeed, 'credentialsEnc'> & { credentials: Record<string, string> }> = accountsFromConfig(this.config)): Promise<void> {
    const key = (a: { platform: string; externalAccountId: string }): string => `${a.platform}:${a.externalAccountId}`;
    const existing = new Map<string, ConnectorAccount>((await this.accounts.findAll()).map((a) => [key(a), a]));
    for (const s of seeds) {
      const { credentials, ...rest } = s;
      const before = existing.get(key(s));
      const previousEnc = before ? await this.accounts.findCredentials(before.id) : null;
      const digest = credentialsDigest(credentials, this.config.security.credentialsKey);
      // Same configured tokens as last time: keep what is stored, which may hold tokens a connector
      // refreshed (X and TikTok rotate refresh tokens) or an admin's re-authorisation. Rows seeded
      // before the digest was kept are compared with their stored tokens.
      const lastDigest = before?.seeded?.credentialsDigest ?? (before ? credentialsDigest(this.cipher.decrypt(previousEnc), this.config.security.credentialsKey) : undefined);
      const sameSeed = lastDigest !== undefined && sameCredentials(lastDigest, credentials, this.config.security.credentialsKey);
      const configured: SeededValues = { handle: rest.handle, displayName: rest.displayName ?? null, settings: rest.settings ?? {}, pollIntervalSec: rest.pollIntervalSec };
      const values = before ? mergeSeeded(before, before.seeded, configured) : configured;
      const account = await this.accounts.upsertSeed({
        ...rest,
        ...values,
        seeded: { ...configured, credentialsDigest: digest },
        credentialsEnc: sameSeed ? previousEnc : this.cipher.encrypt(credentials),
      });
      existing.set(key(account), account);
      if (before && !sameSeed && (account.healthState === 'auth_expired' || account.healthState === 'permission_missing')) {
        await this.accounts.update(account.id, { healthState: 'ok', healthDetail: 're-authorised', consecutiveAuthFailures: 0, nextPollAt: new Date() });
        this.logger.log({ event: 'reauthorised', platform: account.platform, handle: account.handle });
      }
      this.logger.log({ event: 'account_seeded', platform: account.platform, handle: account.handle, accountId: account.id });
    }
  }
}
