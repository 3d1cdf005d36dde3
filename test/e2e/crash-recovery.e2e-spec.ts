import pg from 'pg';
import { XFake } from '../../src/fakes/x.fake.js';
import { testEnv } from '../factories/config.factory.js';
import { spawnService, waitForPort, type ServiceProcess } from '../factories/service-process.js';
import { eventually } from '../factories/socket.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

describe('e2e: the service killed mid-ingest and started again', () => {
  const fake = new XFake({ maxPageSize: 5 });
  let db: TestDatabase;
  let client: pg.Client;
  let proc: ServiceProcess | undefined;

  const env = (): Record<string, string | undefined> =>
    testEnv({
      DATABASE_URL: db.url,
      PORT: '0',
      HOST: '127.0.0.1',
      POLL_SCHEDULER_ENABLED: 'true',
      X_BASE_URL: fake.baseUrl,
      X_BEARER_TOKEN: 'x-app-token',
      X_USER_ID: fake.accountUserId,
      X_HANDLE: 'pemkabsinjai',
      X_POLL_INTERVAL_SEC: '5',
      CONNECTOR_HTTP_TIMEOUT_MS: '1000',
      LOG_FORMAT: 'json',
      LOG_LEVEL: 'log',
    });
  const count = async (): Promise<{ posts: number; cases: number; distinct: number }> =>
    (
      await client.query(
        `SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM cases)::int AS cases,
                (SELECT count(DISTINCT external_id) FROM posts)::int AS distinct`,
      )
    ).rows[0];

  beforeAll(async () => {
    await fake.start();
    db = await createTestDatabase();
    client = new pg.Client({ connectionString: db.url });
    await client.connect();
  });
  afterAll(async () => {
    proc?.child.kill('SIGKILL');
    await client.end();
    await db.drop();
    await fake.stop();
  });

  it('should lose no post and duplicate none', async () => {
    const N = 300;
    for (let i = 0; i < N; i++) fake.addTweet({ text: `@pemkabsinjai laporan warga nomor ${i}: jalan rusak di dusun ${i % 17}` });
    fake.latencyMs = 15; // 60 pages: slow enough to be interrupted

    proc = spawnService(env());
    await waitForPort(proc);
    const atKill = await eventually(count, (c) => c.posts >= 60, 30_000, 10);
    proc.child.kill('SIGKILL');
    await proc.exited;
    expect(atKill.posts).toBeLessThan(N); // really mid-ingest

    fake.latencyMs = 0;
    proc = spawnService(env());
    await waitForPort(proc);
    const done = await eventually(count, (c) => c.cases >= N, 60_000, 200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await count()).toEqual({ posts: N, cases: N, distinct: N });
    expect(done.cases).toBe(N);
    const ids = (await client.query<{ external_id: string }>('SELECT external_id FROM posts')).rows.map((r) => r.external_id).sort();
    expect(ids).toEqual(fake.allTweets().map((t) => t.id).sort());

    // SIGTERM: a graceful stop, exit code 0.
    proc.child.kill('SIGTERM');
    const exit = await proc.exited;
    expect(exit.code).toBe(0);
    expect(proc.output()).toMatch(/SIGTERM: shutting down gracefully/);
    proc = undefined;
  }, 120_000);
});
