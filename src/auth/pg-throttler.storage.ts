import { Injectable } from '@nestjs/common';
import type { ThrottlerStorage } from '@nestjs/throttler';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';

type ThrottlerStorageRecord = Awaited<ReturnType<ThrottlerStorage['increment']>>;

// One statement per hit: the row lock taken by ON CONFLICT DO UPDATE serialises concurrent hits on
// a key, so 100 requests at once count 100 (a read-then-write would lose most of them). A fixed
// window of `ttl` ms; past `limit` hits the key is blocked for `blockDuration` ms.
const INCREMENT = `
INSERT INTO throttle_hits AS t (key, hits, expires_at, blocked_until)
VALUES ($1, 1, now() + $2::float8 * interval '1 millisecond', CASE WHEN 1 > $3::int THEN now() + $4::float8 * interval '1 millisecond' END)
ON CONFLICT (key) DO UPDATE SET
  hits = CASE WHEN t.blocked_until > now() THEN t.hits WHEN t.expires_at <= now() THEN 1 ELSE t.hits + 1 END,
  expires_at = CASE WHEN t.blocked_until > now() OR t.expires_at > now() THEN t.expires_at ELSE now() + $2::float8 * interval '1 millisecond' END,
  blocked_until = CASE
    WHEN t.blocked_until > now() THEN t.blocked_until
    WHEN (CASE WHEN t.expires_at <= now() THEN 1 ELSE t.hits + 1 END) > $3::int THEN now() + $4::float8 * interval '1 millisecond'
  END
RETURNING hits,
  GREATEST(0, CEIL(EXTRACT(EPOCH FROM expires_at - now())))::int AS "toExpire",
  COALESCE(blocked_until > now(), false) AS blocked,
  GREATEST(0, CEIL(EXTRACT(EPOCH FROM COALESCE(blocked_until, now()) - now())))::int AS "toBlockExpire"`;

/**
 * @nestjs/throttler's storage in PostgreSQL, so a per-client limit holds across every instance
 * behind the load balancer (the default storage is one process's memory).
 */
@Injectable()
export class PgThrottlerStorage implements ThrottlerStorage {
  private hits = 0;

  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async increment(key: string, ttl: number, limit: number, blockDuration: number, throttlerName: string): Promise<ThrottlerStorageRecord> {
    const [r]: Array<{ hits: number; toExpire: number; blocked: boolean; toBlockExpire: number }> = await this.ds.query(INCREMENT, [`${throttlerName}:${key}`, ttl, limit, blockDuration]);
    // Now and then, forget windows long over (no scheduler needed for a table this small).
    if (++this.hits % 500 === 0) await this.ds.query(`DELETE FROM throttle_hits WHERE expires_at < now() - interval '1 hour' AND (blocked_until IS NULL OR blocked_until < now())`);
    return { totalHits: r.hits, timeToExpire: r.toExpire, isBlocked: r.blocked, timeToBlockExpire: r.toBlockExpire };
  }
}
