import { execFile } from 'node:child_process';
import { existsSync } from 'node:fs';
import type { DataSource } from 'typeorm';
import { createDataSource } from '../../src/database/data-source.js';
import { testEnv } from '../factories/config.factory.js';
import { seedCases, wita } from '../factories/report.factory.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';

// `npm run report -- --week …` is `node dist/scripts/report.js --week …` after the build.
const SCRIPT = 'dist/scripts/report.js';

function report(
  args: string[],
  env: Record<string, string | undefined> = {},
): Promise<{ code: number; stdout: string; stderr: string }> {
  if (!existsSync(SCRIPT))
    throw new Error(`${SCRIPT} is missing: build first (npx tsc -p tsconfig.build.json)`);
  const { NODE_OPTIONS: _n, ...base } = process.env;
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      [SCRIPT, ...args],
      { env: { ...base, ...env }, timeout: 60_000 },
      (err, stdout, stderr) => {
        const code = err ? (typeof err.code === 'number' ? err.code : -1) : 0;
        resolve({ code, stdout, stderr });
      },
    );
  });
}

describe('npm run report (command line)', () => {
  let db: TestDatabase;
  let ds: DataSource;
  beforeAll(async () => {
    db = await createTestDatabase();
    ds = createDataSource(db.url, 2);
    await ds.initialize();
  });
  afterAll(async () => {
    await ds.destroy();
    await db.drop();
  });

  it.each([
    [['--week', '2026-W54'], /--week must be an ISO week such as 2026-W47.*got "2026-W54"/],
    [['--week', 'last'], /--week must be an ISO week/],
    [['--week=2025-W53'], /--week must be an ISO week/],
    [[], /--week is required/],
    [['--week'], /--week needs a value/],
    [['--weeks', '2026-W47'], /unknown argument "--weeks"/],
    [['--week', '2999-W01'], /has not started yet/],
  ])('should exit with code 2 and say why for %j', async (args, message) => {
    const r = await report(args, testEnv({ DATABASE_URL: db.url }));
    expect(r.code).toBe(2);
    expect(r.stderr).toMatch(message);
    expect(r.stderr).toContain('usage: npm run report -- --week 2026-W47');
  });

  it('should compute a week into the database and recompute it in place', async () => {
    await seedCases(ds, [
      { at: wita('2026-11-22T23:30'), topic: 'sampah', kecamatan: 'Sinjai Utara' },
      { at: wita('2026-11-16T00:00'), topic: 'sampah', intent: 'question', sentiment: 'neutral' },
      { at: wita('2026-11-23T00:30'), topic: 'sampah' },
    ]);
    const env = testEnv({ DATABASE_URL: db.url });
    const first = await report(['--week', '2026-W47'], env);
    expect(first).toMatchObject({
      code: 0,
      stdout:
        'Ringkasan 2026-W47 (2026-11-16 s.d. 2026-11-22, Asia/Makassar) disimpan: 2 kasus, 1 pengaduan.\n',
    });
    const second = await report(['--week=2026-W47'], env);
    expect(second.code).toBe(0);
    const rows = await ds.query(
      `SELECT week, (data->>'total')::int AS total, data->>'topKecamatan' AS top FROM weekly_reports`,
    );
    expect(rows).toEqual([{ week: '2026-W47', total: 2, top: 'Sinjai Utara' }]);
  });
});
