import { withAdvisoryLock } from '../../src/database/advisory-lock.js';
import { createDataSource } from '../../src/database/data-source.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

describe('database migrations', () => {
  let db: TestDatabase;
  beforeAll(async () => {
    db = await createTestDatabase();
  });
  afterAll(() => db.drop());

  it('should leave nothing for the schema builder to change when migrations have run', async () => {
    const ds = createDataSource(db.url, 2);
    await ds.initialize();
    const sql = await ds.driver.createSchemaBuilder().log();
    await ds.destroy();
    expect(sql.upQueries.map((q) => q.query)).toEqual([]);
  });

  it('should refuse to change or delete audit events', async () => {
    const ds = createDataSource(db.url, 2, false);
    await ds.initialize();
    try {
      await expect(ds.query(`UPDATE case_events SET type = 'x'`)).resolves.toBeDefined(); // no rows: allowed
      await ds.query(`INSERT INTO connector_accounts (platform, external_account_id, handle) VALUES ('x', '1', 'a')`);
      const [acc] = await ds.query(`SELECT id FROM connector_accounts`);
      const [post] = await ds.query(
        `INSERT INTO posts (platform, account_id, external_id, dedupe_key, kind, author_id, text, posted_at, reply_target, raw)
         VALUES ('x', $1, '1', 'x:1:1', 'mention', 'u', 't', now(), '{}', '{}') RETURNING id`,
        [acc.id],
      );
      const [c] = await ds.query(
        `INSERT INTO cases (tracking_number, post_id, intent, intent_confidence, sentiment, sentiment_confidence, routing_confidence, model_version)
         VALUES ('SW-2026-000001', $1, 'complaint', 1, 'negative', 1, 1, 'test') RETURNING id`,
        [post.id],
      );
      await ds.query(`INSERT INTO case_events (case_id, type, actor_label) VALUES ($1, 'created', 'system')`, [c.id]);
      await expect(ds.query(`UPDATE case_events SET type = 'edited'`)).rejects.toThrow(/append-only/);
      await expect(ds.query(`DELETE FROM case_events`)).rejects.toThrow(/append-only/);
    } finally {
      await ds.destroy();
    }
  });

  it('should run a periodic job on one instance at a time under an advisory lock', async () => {
    // Two data sources stand for two instances of the service.
    const [a, b] = [createDataSource(db.url, 2, false), createDataSource(db.url, 2, false)];
    await Promise.all([a.initialize(), b.initialize()]);
    try {
      let release!: () => void;
      const held = new Promise<void>((r) => (release = r));
      const first = withAdvisoryLock(a, 'housekeeping-refresh', async () => {
        await held;
        return 'a';
      });
      await new Promise((r) => setTimeout(r, 100));
      expect(await withAdvisoryLock(b, 'housekeeping-refresh', async () => 'b')).toEqual({ ran: false });
      expect(await withAdvisoryLock(b, 'another-job', async () => 'b')).toEqual({ ran: true, value: 'b' });
      release();
      expect(await first).toEqual({ ran: true, value: 'a' });
      // Released (also when a job throws): the other instance gets it next time.
      await expect(withAdvisoryLock(a, 'housekeeping-refresh', () => Promise.reject(new Error('boom')))).rejects.toThrow('boom');
      expect(await withAdvisoryLock(b, 'housekeeping-refresh', async () => 'b')).toEqual({ ran: true, value: 'b' });
    } finally {
      await Promise.all([a.destroy(), b.destroy()]);
    }
  });
});
