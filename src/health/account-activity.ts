import type { DataSource } from 'typeorm';

export interface AccountActivity {
  /** Seconds from the newest stored item's platform time to now; null before the first item. */
  lagSec: number | null;
  /** Items set aside because they could not be taken in. */
  quarantined: number;
}

/** Per account: how far behind its newest item is, and how many of its items are quarantined. */
export async function accountActivity(ds: DataSource): Promise<Map<string, AccountActivity>> {
  // One index probe per account (ix_posts_account_posted), not a scan of all posts.
  const rows = await ds.query<Array<{ id: string; lag: number | null }>>(
    `SELECT a.id, EXTRACT(EPOCH FROM now() - (SELECT max(p.posted_at) FROM posts p WHERE p.account_id = a.id))::float8 AS lag
     FROM connector_accounts a`,
  );
  const quarantined = await quarantineCounts(ds);
  return new Map(rows.map((r) => [r.id, { lagSec: r.lag === null ? null : Math.max(0, Math.round(r.lag)), quarantined: quarantined.get(r.id) ?? 0 }]));
}

/**
 * Open quarantined items per account (issue 12 §1): what still needs a person. Items a drain is
 * still retrying, items taken in by a retry and dismissed items are not counted.
 */
export async function quarantineCounts(ds: DataSource): Promise<Map<string, number>> {
  const rows = await ds.query<Array<{ id: string; n: number }>>(
    `SELECT account_id::text AS id, count(*)::int AS n FROM quarantined_items WHERE state = 'open' GROUP BY account_id`,
  );
  return new Map(rows.map((r) => [r.id, r.n]));
}
