import type { INestApplication } from '@nestjs/common';
import type { Platform } from '../../src/common/platform.js';
import { AccountSeeder } from '../../src/connectors/account-seeder.js';
import type { ConnectorAccount } from '../../src/connectors/connector-account.entity.js';
import { ConnectorAccountRepository } from '../../src/connectors/connector-account.repository.js';

export interface AccountInput {
  platform?: Platform;
  externalAccountId: string;
  handle?: string;
  settings?: Record<string, unknown>;
  credentials?: Record<string, string>;
  pollIntervalSec?: number;
}

/** Inserts a connector account through the real seeder (credentials encrypted at rest). */
export async function createAccount(app: INestApplication, a: AccountInput): Promise<ConnectorAccount> {
  await app.get(AccountSeeder).seed([
    {
      platform: a.platform ?? 'x',
      externalAccountId: a.externalAccountId,
      handle: a.handle ?? 'pemkabsinjai',
      settings: a.settings ?? {},
      pollIntervalSec: a.pollIntervalSec ?? 60,
      credentials: a.credentials ?? { bearerToken: 'x-app-token', userAccessToken: 'x-user-token' },
    },
  ]);
  const all = await app.get(ConnectorAccountRepository).findAll();
  return all.find((x) => x.externalAccountId === a.externalAccountId && x.platform === (a.platform ?? 'x'))!;
}

export async function reloadAccount(app: INestApplication, id: string): Promise<ConnectorAccount> {
  return (await app.get(ConnectorAccountRepository).findById(id))!;
}
