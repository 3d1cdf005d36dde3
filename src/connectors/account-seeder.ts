import { createHash } from 'node:crypto';
import { isDeepStrictEqual } from 'node:util';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { ConnectorAccount, SeededValues } from './connector-account.entity.js';
import { ConnectorAccountRepository, type AccountSeed } from './connector-account.repository.js';
import { CredentialsCipher } from './credentials-cipher.js';

/** Identifies a set of configured credentials without keeping the tokens themselves. */
export function credentialsDigest(credentials: Record<string, string>): string {
  const sorted = Object.entries(credentials).sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return createHash('sha256').update(JSON.stringify(sorted)).digest('base64url').slice(0, 22);
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
      const digest = credentialsDigest(credentials);
      // Same configured tokens as last time: keep what is stored, which may hold tokens a connector
      // refreshed (X and TikTok rotate refresh tokens) or an admin's re-authorisation. Rows seeded
      // before the digest was kept are compared with their stored tokens.
      const lastDigest = before?.seeded?.credentialsDigest ?? (before ? credentialsDigest(this.cipher.decrypt(previousEnc)) : undefined);
      const sameSeed = lastDigest === digest;
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
