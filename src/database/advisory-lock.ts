import type { DataSource } from 'typeorm';

/**
 * Runs `job` only while holding a PostgreSQL session advisory lock named `name`, so that of
 * several instances of the service one at a time does a periodic job; the others skip it.
 * Returns `{ ran: false }` when another session holds the lock.
 */
export async function withAdvisoryLock<T>(ds: DataSource, name: string, job: () => Promise<T>): Promise<{ ran: true; value: T } | { ran: false }> {
  const runner = ds.createQueryRunner();
  await runner.connect();
  try {
    const [{ ok }] = (await runner.query('SELECT pg_try_advisory_lock(hashtext($1)) AS ok', [name])) as Array<{ ok: boolean }>;
    if (!ok) return { ran: false };
    try {
      return { ran: true, value: await job() };
    } finally {
      await runner.query('SELECT pg_advisory_unlock(hashtext($1))', [name]);
    }
  } finally {
    await runner.release();
  }
}
