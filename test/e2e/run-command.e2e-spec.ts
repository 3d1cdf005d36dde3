import { chmodSync, existsSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
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

// What a newcomer gets from the README's run command: no configuration at all, an embedded
// PostgreSQL kept in DATA_DIR, demo mode feeding fake platforms.
describe('e2e: the run command on a machine with nothing configured', () => {
  let proc: ServiceProcess | undefined;
  const dataDir = mkdtempSync(join(tmpdir(), 'sw-run-'));
  chmodSync(dataDir, 0o755); // as root, the embedded server runs as `postgres` and must reach its folder

  afterAll(() => {
    proc?.child.kill('SIGKILL');
  });

  const bare = async (): Promise<Record<string, string | undefined>> => ({
    // Only what a fresh machine has: no DATABASE_URL, no credentials, no secrets.
    DATABASE_URL: undefined,
    JWT_SECRET: undefined,
    CREDENTIALS_KEY: undefined,
    X_BEARER_TOKEN: undefined,
    NODE_ENV: undefined,
    DATA_DIR: dataDir,
    PORT: '0',
    HOST: '127.0.0.1',
    EMBEDDED_PG_PORT: String(await freePort()),
    DEMO_POST_INTERVAL_MS: '200',
    LOG_LEVEL: 'warn',
  });

  async function login(base: string): Promise<string> {
    const res = await fetch(`${base}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ username: 'operator', password: 'suarawarga-demo' }),
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { accessToken: string }).accessToken;
  }

  it('should serve health within 30 s, turn demo posts into routed cases, stop cleanly and reuse its data', async () => {
    const started = Date.now();
    proc = spawnService(await bare());
    const port = await waitForPort(proc, 30_000);
    const base = `http://127.0.0.1:${port}`;
    const health = await fetch(`${base}/api/health`);
    expect(health.status).toBe(200);
    expect(Date.now() - started).toBeLessThan(30_000);
    expect(proc.output()).toMatch(/operator\s+\/ suarawarga-demo/);

    const token = await login(base);
    const routed = await eventually(
      async () => ((await (await fetch(`${base}/api/cases?status=didisposisikan`, { headers: { authorization: `Bearer ${token}` } })).json()) as { items: Array<{ opd: { code: string } | null }> }).items,
      (items) => items.length >= 3,
      60_000,
      500,
    );
    expect(routed.every((c) => c.opd !== null)).toBe(true);

    proc.child.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
    expect(existsSync(join(dataDir, 'postgres', 'postmaster.pid'))).toBe(false); // the database stopped cleanly

    proc = spawnService(await bare());
    const port2 = await waitForPort(proc, 30_000);
    const token2 = await login(`http://127.0.0.1:${port2}`);
    const kept = (await (await fetch(`http://127.0.0.1:${port2}/api/cases?status=didisposisikan`, { headers: { authorization: `Bearer ${token2}` } })).json()) as { items: unknown[] };
    expect(kept.items.length).toBeGreaterThanOrEqual(routed.length);
    expect(proc.output()).not.toMatch(/initialising embedded PostgreSQL/);
    proc.child.kill('SIGTERM');
    expect((await proc.exited).code).toBe(0);
    proc = undefined;
  }, 150_000);

  it('should refuse to start on bad configuration, listing every problem, with a non-zero exit', async () => {
    const p = spawnService({ ...(await bare()), PORT: 'eighty', REGION_CODE: 'sinjai', DATABASE_URL: 'mysql://x', TIMEZONE: 'Mars/Base' });
    const exit = await p.exited;
    expect(exit.code).toBe(1);
    const out = p.output();
    expect(out).toMatch(/Invalid configuration \(4 problems\)/);
    expect(out).not.toMatch(/mysql:\/\/x/); // DATABASE_URL is secret
    for (const v of ['PORT', 'REGION_CODE', 'DATABASE_URL', 'TIMEZONE']) expect(out).toContain(`${v}:`);
  });
});
