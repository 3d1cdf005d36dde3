import type { ConnectorAccountContext } from './connector.interface.js';
import { ConnectorError } from './connector-error.js';

/**
 * Hands tokens a connector has just refreshed to the core, which stores them encrypted before
 * they are used. X and TikTok rotate refresh tokens, so the old one is already spent: a failure
 * to store is reported (transient) rather than leaving the new pair only in memory.
 */
export async function storeRefreshedCredentials(account: ConnectorAccountContext, next: Record<string, string>, what: string): Promise<void> {
  if (!account.onCredentialsRefreshed) return;
  try {
    await account.onCredentialsRefreshed({ ...next });
  } catch (e) {
    throw new ConnectorError('transient', `${what}: new token could not be stored (${e instanceof Error ? e.message : String(e)})`);
  }
}
