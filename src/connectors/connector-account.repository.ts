import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import type { Platform } from '../common/platform.js';
import { ConnectorAccount, type SeedRecord } from './connector-account.entity.js';

export interface AccountSeed {
  platform: Platform;
  externalAccountId: string;
  handle: string;
  displayName?: string | null;
  settings?: Record<string, unknown>;
  credentialsEnc: string | null;
  pollIntervalSec: number;
  /** What the configuration said, kept to tell later config changes from admin edits. */
  seeded?: SeedRecord;
}

@Injectable()
export class ConnectorAccountRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private repo(m?: EntityManager) {
    return (m ?? this.ds.manager).getRepository(ConnectorAccount);
  }

  findAll(): Promise<ConnectorAccount[]> {
    return this.repo().find({ order: { platform: 'ASC', handle: 'ASC' } });
  }

  findById(id: string): Promise<ConnectorAccount | null> {
    return this.repo().findOneBy({ id });
  }

  /** With the encrypted credentials column, which is not selected by default. */
  async findCredentials(id: string): Promise<string | null> {
    const row = await this.repo()
      .createQueryBuilder('a')
      .select('a.credentialsEnc', 'credentialsEnc')
      .where('a.id = :id', { id })
      .getRawOne<{ credentialsEnc: string | null }>();
    return row?.credentialsEnc ?? null;
  }

  /** Inserts or refreshes an account from configuration; health and cursor are kept. */
  async upsertSeed(seed: AccountSeed): Promise<ConnectorAccount> {
    await this.repo()
      .createQueryBuilder()
      .insert()
      .values({
        ...seed,
        displayName: seed.displayName ?? null,
        settings: seed.settings ?? {},
        nextPollAt: new Date(),
      } as QueryDeepPartialEntity<ConnectorAccount>)
      .orUpdate(
        ['handle', 'display_name', 'settings', 'credentials_enc', 'poll_interval_sec', 'seeded'],
        ['platform', 'external_account_id'],
      )
      .execute();
    return (await this.repo().findOneBy({
      platform: seed.platform,
      externalAccountId: seed.externalAccountId,
    }))!;
  }

  /**
   * Claims due accounts for one run each: the lease (`locked_until`) is taken atomically, so two
   * schedulers (or two ticks) never run the same account at once. A lease this owner still holds
   * but no longer runs (`exclude` lists its running ones), e.g. after a database outage broke
   * the run, is taken back at once instead of after it lapses.
   */
  async claimDue(
    owner: string,
    leaseMs: number,
    limit: number,
    exclude: string[],
  ): Promise<ConnectorAccount[]> {
    const qr = this.ds.createQueryRunner();
    const { records: rows } = (await qr
      .query(
        `UPDATE connector_accounts SET locked_until = now() + ($1 || ' milliseconds')::interval, lock_owner = $2
       WHERE id IN (
         SELECT id FROM connector_accounts
         WHERE enabled AND health_state NOT IN ('auth_expired', 'permission_missing')
           AND (next_poll_at IS NULL OR next_poll_at <= now())
           AND (locked_until IS NULL OR locked_until < now() OR lock_owner = $2)
           AND NOT (id = ANY($4::uuid[]))
         ORDER BY next_poll_at NULLS FIRST
         LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
        [String(leaseMs), owner, limit, exclude],
        true,
      )
      .finally(() => qr.release())) as { records: Array<{ id: string }> };
    if (!rows.length) return [];
    return this.repo().findBy(rows.map((r) => ({ id: r.id })));
  }

  /** Extends the lease of a long run. */
  async renewLease(id: string, owner: string, leaseMs: number): Promise<void> {
    await this.ds.query(
      `UPDATE connector_accounts SET locked_until = now() + ($1 || ' milliseconds')::interval WHERE id = $2 AND lock_owner = $3`,
      [String(leaseMs), id, owner],
    );
  }

  async saveCursor(m: EntityManager, id: string, cursor: string): Promise<void> {
    await this.repo(m).update({ id }, { cursor });
  }

  /** Ends a run: releases the lease and records health and the next poll time. */
  async finishRun(id: string, owner: string, patch: Partial<ConnectorAccount>): Promise<void> {
    await this.repo()
      .createQueryBuilder()
      .update()
      .set({ ...patch, lockedUntil: null, lockOwner: null } as QueryDeepPartialEntity<ConnectorAccount>)
      .where('id = :id AND lock_owner = :owner', { id, owner })
      .execute();
  }

  /** Brings the next poll of these accounts forward (a webhook just filled their buffer). */
  async pollSoon(platform: Platform, externalAccountIds: string[]): Promise<void> {
    if (!externalAccountIds.length) return;
    await this.ds.query(
      `UPDATE connector_accounts SET next_poll_at = now() WHERE platform = $1 AND external_account_id = ANY($2) AND (next_poll_at IS NULL OR next_poll_at > now()) AND health_state NOT IN ('auth_expired', 'permission_missing', 'rate_limited', 'quota_exhausted')`,
      [platform, externalAccountIds],
    );
  }

  async update(id: string, patch: Partial<ConnectorAccount>): Promise<void> {
    await this.repo().update({ id }, patch as QueryDeepPartialEntity<ConnectorAccount>);
  }
}
