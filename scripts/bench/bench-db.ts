import { mkdirSync } from 'node:fs';
import { createServer } from 'node:net';
import { resolve } from 'node:path';
import type { INestApplication } from '@nestjs/common';
import pg from 'pg';
import { createApp } from '../../src/app.js';
import { loadAppConfig } from '../../src/config/app-config.js';
import { startEmbeddedPostgres, type EmbeddedDatabase } from '../../src/database/embedded-postgres.js';

// Where the benches keep their databases: BENCH_DATABASE_URL (an admin connection to any
// PostgreSQL), or else an embedded PostgreSQL kept in .data/bench-pg so seeded databases survive
// between runs (a million cases are seeded once, then timed as often as wanted).

export const freePort = (): Promise<number> =>
  new Promise((ok, fail) => {
    const srv = createServer().once('error', fail);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => ok(port));
    });
  });

export function withDatabase(url: string, db: string): string {
  const u = new URL(url);
  u.pathname = `/${db}`;
  return u.toString();
}

export async function benchServer(): Promise<{ adminUrl: string; stop(): Promise<void> }> {
  if (process.env.BENCH_DATABASE_URL) return { adminUrl: process.env.BENCH_DATABASE_URL, stop: async () => undefined };
  const dir = resolve(process.env.DATA_DIR || '.data', 'bench-pg');
  mkdirSync(dir, { recursive: true, mode: 0o777 });
  const db: EmbeddedDatabase = await startEmbeddedPostgres({ dir, port: Number(process.env.BENCH_PG_PORT) || (await freePort()), database: 'postgres' });
  return { adminUrl: db.url, stop: () => db.stop() };
}

export async function ensureDatabase(adminUrl: string, name: string): Promise<{ url: string; created: boolean }> {
  const c = new pg.Client({ connectionString: adminUrl });
  await c.connect();
  try {
    const { rowCount } = await c.query(`SELECT 1 FROM pg_database WHERE datname = $1`, [name]);
    if (!rowCount) await c.query(`CREATE DATABASE ${name}`);
    return { url: withDatabase(adminUrl, name), created: !rowCount };
  } finally {
    await c.end();
  }
}

/** The service on `url` as a user runs it (production settings, no polling, no demo), not yet listening. */
export async function benchApp(url: string, extraEnv: Record<string, string> = {}): Promise<INestApplication> {
  const config = await loadAppConfig({
    ...process.env,
    NODE_ENV: 'production',
    LOG_LEVEL: 'warn',
    DATABASE_URL: url,
    DEMO_MODE: 'false',
    POLL_SCHEDULER_ENABLED: 'false',
    JWT_SECRET: 'bench-jwt-secret-bench-jwt-secret-0123456789',
    CREDENTIALS_KEY: '0'.repeat(64),
    ...extraEnv,
  });
  return createApp(config, [], false);
}
