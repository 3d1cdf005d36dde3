import { createHash, randomBytes, timingSafeEqual } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../admin/audit-log.entity.js';
import type { Principal } from '../auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { patch } from '../database/patch.js';
import { ApiKey } from './api-key.entity.js';

// sw311_<8 hex prefix>_<43 base64url chars of secret>: the prefix finds the row, the hash proves the key.
const KEY = /^sw311_([0-9a-f]{8})_([A-Za-z0-9_-]{43})$/;
const sha256 = (s: string): string => createHash('sha256').update(s).digest('hex');

export interface ApiKeyView {
  id: string;
  name: string;
  prefix: string;
  rateLimitPerMin: number;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

const view = (k: ApiKey): ApiKeyView => ({
  id: k.id,
  name: k.name,
  prefix: k.prefix,
  rateLimitPerMin: k.rateLimitPerMin,
  createdAt: k.createdAt.toISOString(),
  revokedAt: k.revokedAt?.toISOString() ?? null,
  lastUsedAt: k.lastUsedAt?.toISOString() ?? null,
});

/** API keys of Open311 callers, managed by admins: shown once, stored hashed, every change audited. */
@Injectable()
export class ApiKeyService {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private async audit(m: EntityManager, actor: Principal, action: string, id: string, data: Record<string, unknown>): Promise<void> {
    await m.getRepository(AuditLog).insert(patch<AuditLog>({ actorUserId: actor.id, actorLabel: actor.username, action, targetType: 'api_key', targetId: id, data }));
  }

  async list(): Promise<{ items: ApiKeyView[] }> {
    const rows = await this.ds.getRepository(ApiKey).find({ order: { createdAt: 'DESC' } });
    return { items: rows.map(view) };
  }

  /** The only moment the key is visible: the response of this call. */
  async create(actor: Principal, name: string, rateLimitPerMin = 60): Promise<ApiKeyView & { key: string }> {
    const prefix = randomBytes(4).toString('hex');
    const key = `sw311_${prefix}_${randomBytes(32).toString('base64url')}`;
    const saved = await this.ds.transaction(async (m) => {
      const row = await m.getRepository(ApiKey).save(m.getRepository(ApiKey).create({ name, prefix, keyHash: sha256(key), rateLimitPerMin, createdBy: actor.id }));
      await this.audit(m, actor, 'api_key.created', row.id, { name, prefix, rateLimitPerMin });
      return row;
    });
    return { ...view(saved), key };
  }

  async update(actor: Principal, id: string, change: { name?: string; rateLimitPerMin?: number }): Promise<ApiKeyView> {
    return this.ds.transaction(async (m) => {
      const row = await this.find(m, id);
      const before = { name: row.name, rateLimitPerMin: row.rateLimitPerMin };
      if (change.name !== undefined) row.name = change.name;
      if (change.rateLimitPerMin !== undefined) row.rateLimitPerMin = change.rateLimitPerMin;
      const saved = await m.getRepository(ApiKey).save(row);
      await this.audit(m, actor, 'api_key.updated', id, { before, after: { name: saved.name, rateLimitPerMin: saved.rateLimitPerMin } });
      return view(saved);
    });
  }

  /** Revocation is immediate and final; a revoked key answers 403 from the next request on. */
  async revoke(actor: Principal, id: string): Promise<ApiKeyView> {
    return this.ds.transaction(async (m) => {
      const row = await this.find(m, id);
      if (!row.revokedAt) {
        row.revokedAt = new Date();
        await m.getRepository(ApiKey).save(row);
        await this.audit(m, actor, 'api_key.revoked', id, { name: row.name, prefix: row.prefix });
      }
      return view(row);
    });
  }

  private async find(m: EntityManager, id: string): Promise<ApiKey> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('not_found', 'Kunci API tidak ditemukan');
    const row = await m.getRepository(ApiKey).createQueryBuilder('k').setLock('pessimistic_write').where('k.id = :id', { id }).getOne();
    if (!row) throw new DomainError('not_found', 'Kunci API tidak ditemukan');
    return row;
  }

  /** The active key this plain key proves, or null (malformed, unknown, revoked or wrong secret). */
  async verify(plain: string): Promise<ApiKey | null> {
    const m = KEY.exec(plain);
    if (!m) return null;
    const row = await this.ds.getRepository(ApiKey).createQueryBuilder('k').addSelect('k.keyHash').where('k.prefix = :p', { p: m[1] }).getOne();
    if (!row || row.revokedAt) return null;
    const a = Buffer.from(row.keyHash, 'hex');
    const b = Buffer.from(sha256(plain), 'hex');
    if (a.length !== b.length || !timingSafeEqual(a, b)) return null;
    return row;
  }

  /**
   * Counts one request against the key's per-minute limit, in PostgreSQL so that every instance
   * shares the count (@nestjs/throttler's storage is per process, and the package, CommonJS
   * requiring ESM-only @nestjs/common 12, does not load under the test runner). Fixed windows of a
   * calendar minute. Returns the seconds to wait when over the limit, else 0.
   */
  async hit(key: ApiKey): Promise<{ limit: number; remaining: number; retryAfterSec: number }> {
    // UPDATE … RETURNING through DataSource.query answers [rows, affected count].
    const [[r]] = await this.ds.query<[Array<{ hits: number; retry: number }>, number]>(
      `UPDATE api_keys SET window_hits = CASE WHEN window_start = date_trunc('minute', now()) THEN window_hits + 1 ELSE 1 END,
              window_start = date_trunc('minute', now()), last_used_at = now()
       WHERE id = $1
       RETURNING window_hits AS hits, ceil(extract(epoch FROM date_trunc('minute', now()) + interval '1 minute' - now()))::int AS retry`,
      [key.id],
    );
    const hits = Number(r?.hits ?? 0);
    return { limit: key.rateLimitPerMin, remaining: Math.max(0, key.rateLimitPerMin - hits), retryAfterSec: hits > key.rateLimitPerMin ? Math.max(1, r.retry) : 0 };
  }
}
