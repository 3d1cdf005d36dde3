import 'reflect-metadata';
import { resolve } from 'node:path';
import { parseArgs } from 'node:util';
import pg from 'pg';
import { benchApp, benchServer, ensureDatabase } from './bench/bench-db.js';
import { seedCases } from './bench/seed-data.js';

// npm run bench:seed -- --cases 1000000 [--database sw_bench_1000000]
// Fills a database with realistic cases (see bench/seed-data.ts) up to the asked count, migrating
// it first with the service's own start-up. Prints the time taken and the rate.

async function main(): Promise<void> {
  const { values } = parseArgs({ options: { cases: { type: 'string', default: '10000' }, database: { type: 'string' } } });
  const n = Number(values.cases);
  if (!Number.isInteger(n) || n <= 0) throw new Error(`--cases must be a positive whole number (got ${values.cases})`);
  const name = values.database ?? `sw_bench_${n}`;
  if (!/^[a-z_][a-z0-9_]{0,62}$/.test(name)) throw new Error(`--database must be a plain lower-case name (got ${name})`);
  const server = await benchServer();
  try {
    const have = await seedTo(server.adminUrl, name, n);
    process.stdout.write(have);
  } finally {
    await server.stop();
  }
}

/** Brings database `name` to `n` bench cases; returns a line saying what was done. */
export async function seedTo(adminUrl: string, name: string, n: number): Promise<string> {
  const { url } = await ensureDatabase(adminUrl, name);
  const app = await benchApp(url);
  await app.init(); // migrations and the OPD registry sync
  await app.close();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  const [{ have }] = (await c.query<{ have: string }>(`SELECT count(*) AS have FROM posts WHERE external_id LIKE 'bench-%'`)).rows;
  await c.end();
  const missing = n - Number(have);
  if (missing <= 0) return `${name}: already holds ${have} bench cases\n`;
  const secs = await seedCases(url, missing, resolve(process.env.CONFIG_DIR || 'config'), (s) => process.stdout.write(`${s}\n`));
  return `${name}: seeded ${missing} cases (posts, cases, events) in ${secs.toFixed(0)} s, ${Math.round(missing / secs)} cases/s\n`;
}

if (process.argv[1]?.endsWith('bench-seed.js'))
  main().then(
    () => process.exit(0),
    (e: unknown) => {
      console.error(e instanceof Error ? e.message : e);
      process.exit(1);
    },
  );
