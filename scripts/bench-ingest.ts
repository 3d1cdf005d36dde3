import 'reflect-metadata';
import { mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir } from 'node:os';
import { spawn } from 'node:child_process';
import { once } from 'node:events';
import { dirname, join } from 'node:path';
import { createInterface } from 'node:readline';
import { fileURLToPath } from 'node:url';
import pg from 'pg';
import { createApp } from '../src/app.js';
import { loadAppConfig } from '../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../src/database/embedded-postgres.js';

// npm run bench:ingest: the whole intake pipeline on one X account — fetch from a real (fake) X
// server over HTTP → store → classify → route → open case (tracking number, service level, event)
// → broadcast — against a real PostgreSQL. Prints posts/s end to end, the plain batch-insert
// ceiling of the same PostgreSQL measured in the same run (rows/s), their ratio, and peak RSS.
// Each run gets a fresh database. BENCH_POSTS (default 20000), BENCH_RUNS (default 3),
// BENCH_DATABASE_URL (an admin URL; default: an embedded PostgreSQL in a temp folder).

const POSTS = Number(process.env.BENCH_POSTS || 20_000);
const RUNS = Number(process.env.BENCH_RUNS || 3);

const median = (xs: number[]): number => [...xs].sort((a, b) => a - b)[Math.floor(xs.length / 2)];
const withDb = (url: string, db: string): string => {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
};

const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const srv = createServer().once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });

async function admin<T>(url: string, fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    return await fn(c);
  } finally {
    await c.end();
  }
}

/** Plain batch inserts of post-sized rows (unnest, 1,000 per statement): what the database can take. */
async function ceiling(url: string, n: number): Promise<number> {
  return admin(url, async (c) => {
    await c.query(`CREATE TEMP TABLE bench_rows (id bigserial PRIMARY KEY, external_id text UNIQUE, author text, body text, posted_at timestamptz)`);
    const started = process.hrtime.bigint();
    for (let i = 0; i < n; i += 1000) {
      const ids = Array.from({ length: Math.min(1000, n - i) }, (_, k) => String(i + k));
      await c.query(
        `INSERT INTO bench_rows (external_id, author, body, posted_at)
         SELECT x, 'warga' || x, 'jalan rusak di desa ' || x || ' mohon segera diperbaiki pak', now() FROM unnest($1::text[]) x`,
        [ids],
      );
    }
    return n / (Number(process.hrtime.bigint() - started) / 1e9);
  });
}

/** The fake X in its own process, so its CPU and memory are not the service's. */
async function fakeX(n: number): Promise<{ baseUrl: string; accountUserId: string; accountUsername: string; stop(): void }> {
  const child = spawn(process.execPath, [join(dirname(fileURLToPath(import.meta.url)), 'bench', 'x-fake-process.js'), String(n)], { stdio: ['ignore', 'pipe', 'inherit'] });
  const [line] = (await once(createInterface({ input: child.stdout }), 'line')) as [string];
  return { ...(JSON.parse(line) as { baseUrl: string; accountUserId: string; accountUsername: string }), stop: () => child.kill('SIGTERM') };
}

async function oneRun(adminUrl: string, run: number): Promise<{ postsPerSec: number; ceiling: number; peakRssMb: number }> {
  const db = `sw_bench_ingest_${process.pid}_${run}`;
  await admin(adminUrl, (c) => c.query(`CREATE DATABASE ${db}`));
  const url = withDb(adminUrl, db);
  const x = await fakeX(POSTS);
  const config = await loadAppConfig({
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    DEMO_MODE: 'false',
    X_BEARER_TOKEN: 'x-app-token',
    X_USER_ID: x.accountUserId,
    X_HANDLE: x.accountUsername,
    X_BASE_URL: x.baseUrl,
    X_POLL_INTERVAL_SEC: '5',
    JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
    CREDENTIALS_KEY: '0'.repeat(64),
    POLL_TICK_MS: '100',
    POLL_MAX_PAGES_PER_RUN: '1000',
  });
  let peak = process.memoryUsage().rss;
  const sampler = setInterval(() => (peak = Math.max(peak, process.memoryUsage().rss)), 100);
  const app = await createApp(config, [], false);
  await app.listen(0, '127.0.0.1');
  const started = Date.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    for (;;) {
      const [{ n }] = (await c.query<{ n: string }>(`SELECT count(*) n FROM posts WHERE processing_state = 'processed'`)).rows;
      if (Number(n) >= POSTS) break;
      if (Date.now() - started > 30 * 60_000) throw new Error(`only ${n} of ${POSTS} posts processed after 30 min`);
      await new Promise((r) => setTimeout(r, 50));
    }
    const secs = (Date.now() - started) / 1000;
    const [{ cases }] = (await c.query<{ cases: string }>(`SELECT count(*) cases FROM cases`)).rows;
    await app.close();
    clearInterval(sampler);
    x.stop();
    const ceil = await ceiling(url, POSTS);
    process.stdout.write(`  run ${run + 1}: ${POSTS} posts → ${cases} cases in ${secs.toFixed(1)} s\n`);
    return { postsPerSec: POSTS / secs, ceiling: ceil, peakRssMb: peak / 2 ** 20 };
  } finally {
    await c.end();
    await admin(adminUrl, (a) => a.query(`DROP DATABASE IF EXISTS ${db} WITH (FORCE)`));
  }
}

async function main(): Promise<void> {
  let embedded: EmbeddedDatabase | undefined;
  let adminUrl = process.env.BENCH_DATABASE_URL;
  if (!adminUrl) {
    embedded = await startEmbeddedPostgres({ dir: mkdtempSync(join(tmpdir(), 'sw-bench-')), port: await freePort(), database: 'postgres' });
    adminUrl = embedded.url;
  }
  process.stdout.write(`bench:ingest — ${POSTS} X mentions through fetch → store → classify → route → case → broadcast, ${RUNS} runs\n`);
  const results = [];
  try {
    for (let i = 0; i < RUNS; i++) results.push(await oneRun(adminUrl, i));
  } finally {
    await embedded?.stop();
  }
  const pps = median(results.map((r) => r.postsPerSec));
  const ceil = median(results.map((r) => r.ceiling));
  process.stdout.write(
    `end to end: median ${Math.round(pps)} posts/s (runs: ${results.map((r) => Math.round(r.postsPerSec)).join(', ')}); target ≥ 2,000 (goal 5,000)\n` +
      `batch-insert ceiling, same PostgreSQL: median ${Math.round(ceil)} rows/s; pipeline ÷ ceiling = ${((pps / ceil) * 100).toFixed(1)} %\n` +
      `peak RSS of the service's process (the fake X runs in its own): ${Math.round(Math.max(...results.map((r) => r.peakRssMb)))} MB; target < 300 MB\n`,
  );
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
