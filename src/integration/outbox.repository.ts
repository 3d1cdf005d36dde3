import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { patch } from '../database/patch.js';
import { OutboxItem, type OutboxState } from './outbox.entity.js';

export interface OutboxInsert {
  kind: string;
  idempotencyKey: string;
  caseId?: string | null;
  targetId?: string | null;
  payload: Record<string, unknown>;
}

@Injectable()
export class OutboxRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /** In the caller's transaction; a row with the same key already there makes this a no-op (returns false). */
  async enqueue(m: EntityManager, row: OutboxInsert): Promise<boolean> {
    const r = await m.createQueryBuilder().insert().into(OutboxItem).values(patch<OutboxItem>(row)).orIgnore().returning('id').execute();
    return (r.raw as unknown[]).length > 0;
  }

  /**
   * Takes due rows: pending ones whose time has come, and rows left `sending` by a worker whose
   * lease lapsed (it crashed mid-call; the receiver recognises the resend by its idempotency key).
   */
  async claim(kinds: string[], limit: number, leaseMs: number): Promise<OutboxItem[]> {
    const [rows] = await this.ds.query<[Array<{ id: string }>, number]>(
      `UPDATE outbox SET state = 'sending', attempts = attempts + 1, locked_until = now() + ($1 || ' milliseconds')::interval, updated_at = now()
       WHERE id IN (
         SELECT id FROM outbox
         WHERE kind = ANY($2::text[]) AND ((state = 'pending' AND next_attempt_at <= now()) OR (state = 'sending' AND locked_until < now()))
         ORDER BY next_attempt_at, id LIMIT $3
         FOR UPDATE SKIP LOCKED)
       RETURNING id`,
      [String(leaseMs), kinds, limit],
    );
    if (!rows.length) return [];
    return this.ds.getRepository(OutboxItem).find({ where: rows.map((r) => ({ id: r.id })), order: { id: 'ASC' } });
  }

  async markSent(m: EntityManager, id: string, result: Record<string, unknown>, status: number | null): Promise<void> {
    await m.getRepository(OutboxItem).update({ id }, patch<OutboxItem>({ state: 'sent', sentAt: new Date(), lockedUntil: null, result, lastError: null, lastStatus: status }));
  }

  async markRetry(id: string, error: string, status: number | null, delayMs: number): Promise<void> {
    await this.ds.query(
      `UPDATE outbox SET state = 'pending', locked_until = NULL, last_error = $2, last_status = $3, next_attempt_at = now() + ($4 || ' milliseconds')::interval, updated_at = now() WHERE id = $1`,
      [id, error.slice(0, 1000), status, String(delayMs)],
    );
  }

  async markFailed(id: string, error: string, status: number | null): Promise<void> {
    await this.ds.query(`UPDATE outbox SET state = 'failed', locked_until = NULL, last_error = $2, last_status = $3, updated_at = now() WHERE id = $1`, [id, error.slice(0, 1000), status]);
  }

  /** An admin's retry: a failed (or waiting) row goes out at the next tick, attempts counted afresh. */
  async retryNow(id: string): Promise<OutboxItem | null> {
    const [rows] = await this.ds.query<[Array<{ id: string }>, number]>(
      `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now() WHERE id = $1 AND state IN ('failed', 'pending') RETURNING id`,
      [id],
    );
    return rows.length ? this.ds.getRepository(OutboxItem).findOneBy({ id }) : null;
  }

  /** Manual replay of a delivery in any settled state (sent too), with the same idempotency key. */
  async replay(id: string, kind: string): Promise<OutboxItem | null> {
    const [rows] = await this.ds.query<[Array<{ id: string }>, number]>(
      `UPDATE outbox SET state = 'pending', attempts = 0, next_attempt_at = now(), updated_at = now() WHERE id = $1 AND kind = $2 AND state <> 'sending' RETURNING id`,
      [id, kind],
    );
    return rows.length ? this.ds.getRepository(OutboxItem).findOneBy({ id }) : null;
  }

  list(f: { kind?: string; state?: OutboxState; caseId?: string; targetId?: string }, limit: number, beforeId?: string): Promise<OutboxItem[]> {
    const q = this.ds.getRepository(OutboxItem).createQueryBuilder('o').orderBy('o.id', 'DESC').limit(limit);
    if (f.kind) q.andWhere('o.kind = :kind', { kind: f.kind });
    if (f.state) q.andWhere('o.state = :state', { state: f.state });
    if (f.caseId) q.andWhere('o.case_id = :caseId', { caseId: f.caseId });
    if (f.targetId) q.andWhere('o.target_id = :targetId', { targetId: f.targetId });
    if (beforeId) q.andWhere('o.id < :beforeId', { beforeId });
    return q.getMany();
  }

  async depth(): Promise<Record<string, number>> {
    const rows = await this.ds.query<Array<{ state: string; n: string }>>(`SELECT state, count(*) AS n FROM outbox WHERE state <> 'sent' GROUP BY state`);
    return Object.fromEntries(rows.map((r) => [r.state, Number(r.n)]));
  }
}
