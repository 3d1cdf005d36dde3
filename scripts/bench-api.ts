import 'reflect-metadata';
import type { Server } from 'node:http';
import pg from 'pg';
import { AuthService } from '../src/auth/auth.service.js';
import { WeeklyReportService } from '../src/reports/weekly-report.service.js';
import { weekAt } from '../src/reports/iso-week.js';
import { benchApp, benchServer, ensureDatabase } from './bench/bench-db.js';
import { seedTo } from './bench-seed.js';

// npm run bench:api: the calls users make, timed over HTTP against the service on databases of
// BENCH_SIZES cases (default 10000,1000000; seeded once by bench:seed's code and kept), CALLS times
// each (default 20) after one warm-up. Prints p50/p95 per call and size, the ratio of the largest
// size to the smallest, and the process's RSS after the run.

const SIZES = (process.env.BENCH_SIZES || '10000,1000000').split(',').map(Number);
const CALLS = Number(process.env.BENCH_CALLS || 20);

interface Call {
  name: string;
  run(): Promise<unknown>;
}

const pct = (xs: number[], p: number): number => {
  const s = [...xs].sort((a, b) => a - b);
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))];
};

async function timeAll(size: number, adminUrl: string): Promise<Map<string, { p50: number; p95: number }>> {
  process.stdout.write(`\n${size} cases:\n`);
  process.stdout.write(`  ${await seedTo(adminUrl, `sw_bench_${size}`, size)}`);
  const { url } = await ensureDatabase(adminUrl, `sw_bench_${size}`);
  const app = await benchApp(url);
  await app.listen(0, '127.0.0.1');
  const base = `http://127.0.0.1:${((app.getHttpServer() as Server).address() as { port: number }).port}/api`;
  const auth = app.get(AuthService);
  const db = new pg.Client({ connectionString: url });
  await db.connect();
  const [{ opd }] = (await db.query<{ opd: string }>(`SELECT opd_code AS opd FROM cases WHERE opd_code IS NOT NULL GROUP BY 1 ORDER BY count(*) DESC LIMIT 1`)).rows;
  const [{ id: caseId, tracking }] = (await db.query<{ id: string; tracking: string }>(`SELECT id, tracking_number AS tracking FROM cases ORDER BY id DESC OFFSET 17 LIMIT 1`)).rows;
  const [{ name }] = (await db.query<{ name: string }>(`SELECT author_name AS name FROM posts WHERE author_name IS NOT NULL ORDER BY id DESC LIMIT 1`)).rows;
  await db.end();
  const token = async (role: 'operator' | 'opd', opdCodes: string[] = []): Promise<string> => {
    const username = `bench_${role}`;
    await auth.ensureUser({ username, displayName: username, password: 'bench-password-123', role, opdCodes });
    return (await auth.login(username, 'bench-password-123')).accessToken;
  };
  const op = await token('operator');
  const opdUser = await token('opd', [opd]);
  const get = (path: string, t = op) => async () => {
    const r = await fetch(`${base}${path}`, { headers: { authorization: `Bearer ${t}` } });
    if (!r.ok) throw new Error(`${path}: ${r.status} ${(await r.text()).slice(0, 200)}`);
    return r.arrayBuffer();
  };
  const page1 = (await (await fetch(`${base}/cases?limit=25`, { headers: { authorization: `Bearer ${op}` } })).json()) as { nextCursor: string };
  const month = new Date(Date.now() - 30 * 86_400_000).toISOString().slice(0, 10);
  const reports = app.get(WeeklyReportService);
  const lastWeek = weekAt(new Date(Date.now() - 7 * 86_400_000), 'Asia/Makassar');
  const calls: Call[] = [
    { name: 'inbox, operator, newest', run: get('/cases?limit=25') },
    { name: 'inbox, operator, page 2 (keyset)', run: get(`/cases?limit=25&cursor=${page1.nextCursor}`) },
    { name: 'inbox, operator, by deadline', run: get('/cases?limit=25&sort=deadline') },
    { name: 'inbox, operator, overdue', run: get('/cases?limit=25&overdue=true') },
    { name: 'inbox, operator, complaints in triage', run: get('/cases?limit=25&intent=complaint&status=perlu_ditinjau') },
    { name: 'inbox, OPD user, newest', run: get('/cases?limit=25', opdUser) },
    { name: 'inbox, OPD user, by deadline', run: get('/cases?limit=25&sort=deadline', opdUser) },
    { name: 'search, a word ("rusak")', run: get('/cases?limit=25&q=rusak') },
    { name: 'search, a word matching nothing', run: get('/cases?limit=25&q=zzyzxqua') },
    { name: 'search, a name', run: get(`/cases?limit=25&q=${encodeURIComponent(name)}`) },
    { name: 'search, partial tracking number', run: get(`/cases?limit=25&q=${tracking.slice(-6)}`) },
    { name: 'case page', run: get(`/cases/${caseId}`) },
    { name: 'stats today', run: get('/stats/today') },
    { name: 'trends, 90 days', run: get('/stats/trends?days=90') },
    { name: 'topics, 90 days', run: get('/stats/topics?days=90') },
    { name: 'OPD performance, 30 days', run: get('/stats/opd-performance?days=30') },
    { name: 'CSV export, last 30 days', run: get(`/cases/export.csv?from=${month}`) },
    { name: 'weekly summary (compute)', run: () => reports.generate(lastWeek) },
  ];
  const out = new Map<string, { p50: number; p95: number }>();
  for (const c of calls) {
    try {
      await c.run();
      const ms: number[] = [];
      const n = c.name.startsWith('CSV') || c.name.startsWith('weekly') ? Math.min(CALLS, 5) : CALLS;
      for (let i = 0; i < n; i++) {
        const t = process.hrtime.bigint();
        await c.run();
        ms.push(Number(process.hrtime.bigint() - t) / 1e6);
      }
      out.set(c.name, { p50: pct(ms, 50), p95: pct(ms, 95) });
      process.stdout.write(`  ${c.name.padEnd(42)} p50 ${pct(ms, 50).toFixed(1).padStart(8)} ms   p95 ${pct(ms, 95).toFixed(1).padStart(8)} ms\n`);
    } catch (e) {
      process.stdout.write(`  ${c.name.padEnd(42)} FAILED: ${e instanceof Error ? e.message : String(e)}\n`);
    }
  }
  await app.close();
  return out;
}

async function main(): Promise<void> {
  const server = await benchServer();
  const results: Array<Map<string, { p50: number; p95: number }>> = [];
  try {
    for (const size of SIZES) results.push(await timeAll(size, server.adminUrl));
  } finally {
    await server.stop();
  }
  if (results.length > 1) {
    const [small, large] = [results[0], results[results.length - 1]];
    process.stdout.write(`\np95 ratio ${SIZES[SIZES.length - 1]} ÷ ${SIZES[0]} cases (target ≤ 3; interactive p95 target < 50 ms at 1 M):\n`);
    for (const [name, l] of large) {
      const s = small.get(name);
      if (s) process.stdout.write(`  ${name.padEnd(42)} ${(l.p95 / s.p95).toFixed(1).padStart(6)}×\n`);
    }
  }
  process.stdout.write(`\nRSS after the run: ${Math.round(process.memoryUsage().rss / 2 ** 20)} MB (target < 300 MB)\n`);
}

main().then(
  () => process.exit(0),
  (e: unknown) => {
    console.error(e);
    process.exit(1);
  },
);
