import { createHash } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { sanitizeRaw } from '../../posts/post-sanitizer.js';
import { cleanText, cutText } from '../../connectors/kit/clean.js';
import type { QuarantinedItem, QuarantineStage, QuarantineState } from './quarantined-item.entity.js';

/** What is kept of a quarantined item; 64 KB is enough to read and to retry most items. */
export const QUARANTINE_RAW_BYTES = 64 * 1024;

export interface QuarantineEntry {
  accountId: string;
  externalId?: string | null;
  stage: QuarantineStage;
  error: string;
  raw: unknown;
}

export interface QuarantineListQuery {
  accountId?: string;
  state?: QuarantineState | 'all';
  limit: number;
  /** The id below which to continue (newest first). */
  before?: string;
}

@Injectable()
export class QuarantineRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Records (or counts another attempt of) an item that could not be taken in. One row per account
   * and item: re-reading the same bad item (an overlap window, a retry) adds an attempt, not a row.
   * `retryUntil`: for ordered drains, the row stays `retrying` until this many attempts. A dismissed
   * item stays dismissed. Returns the row's state and attempts.
   */
  async record(m: EntityManager, e: QuarantineEntry, retryUntil = 1): Promise<{ id: string; state: QuarantineState; attempts: number }> {
    const raw = sanitizeRaw(e.raw, QUARANTINE_RAW_BYTES);
    const externalId = e.externalId ? cutText(cleanText(e.externalId), 200) : null;
    const key = externalId
      ? `${e.accountId}:${externalId}`
      : `${e.accountId}:sha256:${createHash('sha256').update(JSON.stringify(raw) ?? '').digest('hex')}`;
    const error = cutText(cleanText(e.error || 'unknown error'), 2000);
    const [row] = await m.query<Array<{ id: string; state: QuarantineState; attempts: number }>>(
      `INSERT INTO quarantined_items (platform, account_id, external_id, dedupe_key, stage, error, raw, state, attempts)
       SELECT a.platform, a.id, $2, $3, $4, $5, $6::jsonb, CASE WHEN $7::int > 1 THEN 'retrying' ELSE 'open' END, 1
       FROM connector_accounts a WHERE a.id = $1
       ON CONFLICT (dedupe_key) DO UPDATE SET
         attempts = quarantined_items.attempts + 1,
         error = EXCLUDED.error,
         stage = EXCLUDED.stage,
         raw = EXCLUDED.raw,
         updated_at = now(),
         state = CASE
           WHEN quarantined_items.state = 'dismissed' THEN 'dismissed'
           WHEN quarantined_items.attempts + 1 < $7::int THEN 'retrying'
           ELSE 'open' END
       RETURNING id::text AS id, state, attempts`,
      [e.accountId, externalId, key, e.stage, error, JSON.stringify(raw), retryUntil],
    );
    return row;
  }

  /** An item that a drain or a retry finally took in: no longer waiting for a person. */
  async resolve(m: EntityManager, accountId: string, externalIds: string[]): Promise<void> {
    if (!externalIds.length) return;
    await m.query(
      `UPDATE quarantined_items SET state = 'resolved', updated_at = now()
       WHERE account_id = $1 AND external_id = ANY($2) AND state IN ('retrying', 'open')`,
      [accountId, externalIds],
    );
  }

  async list(q: QuarantineListQuery): Promise<QuarantinedItem[]> {
    const where: string[] = [];
    const params: unknown[] = [];
    if (q.accountId) where.push(`account_id = $${params.push(q.accountId)}`);
    if (q.state !== 'all') where.push(`state = $${params.push(q.state ?? 'open')}`);
    if (q.before) where.push(`id < $${params.push(q.before)}`);
    params.push(q.limit);
    const rows = await this.ds.query<Array<Record<string, unknown>>>(
      `SELECT id::text AS id, platform, account_id AS "accountId", external_id AS "externalId", dedupe_key AS "dedupeKey",
              stage, error, raw, state, attempts, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM quarantined_items ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
       ORDER BY id DESC LIMIT $${params.length}`,
      params,
    );
    return rows as unknown as QuarantinedItem[];
  }

  async findForUpdate(m: EntityManager, id: string): Promise<QuarantinedItem | null> {
    const [row] = await m.query<QuarantinedItem[]>(
      `SELECT id::text AS id, platform, account_id AS "accountId", external_id AS "externalId", dedupe_key AS "dedupeKey",
              stage, error, raw, state, attempts, created_at AS "createdAt", updated_at AS "updatedAt"
       FROM quarantined_items WHERE id = $1 FOR UPDATE`,
      [id],
    );
    return row ?? null;
  }

  async setState(m: EntityManager, id: string, state: QuarantineState, error?: string): Promise<void> {
    await m.query(
      `UPDATE quarantined_items SET state = $2, error = COALESCE($3, error), attempts = attempts + CASE WHEN $3::text IS NULL THEN 0 ELSE 1 END, updated_at = now() WHERE id = $1`,
      [id, state, error ? cutText(cleanText(error), 2000) : null],
    );
  }
}
