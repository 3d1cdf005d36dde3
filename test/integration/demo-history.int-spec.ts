import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import { DataSource } from 'typeorm';
import { CaseRepository } from '../../src/cases/case.repository.js';
import { ClassificationService } from '../../src/classification/classification.service.js';
import { Clock } from '../../src/common/clock.js';
import { PLATFORMS } from '../../src/common/platform.js';
import { APP_CONFIG } from '../../src/config/config.module.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { DemoCorpus } from '../../src/demo/demo-corpus.js';
import { DemoHistory, HISTORY_WEEKS } from '../../src/demo/demo-history.js';
import { DEMO_USERS } from '../../src/demo/demo.module.js';
import { WeeklyReportService } from '../../src/reports/weekly-report.service.js';
import { SlaPolicy } from '../../src/sla/sla-policy.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

/** A seeded generator, so the history is the same on every run. */
function seeded(seed: number): () => number {
  let a = seed;
  return () => {
    a = (a + 0x6d2b79f5) | 0;
    let t = Math.imul(a ^ (a >>> 15), 1 | a);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

// Demo mode's first start (issue 14 §4): eight weeks of history so the Sekda's pages have figures,
// a triage queue with work in it, and posts that are not the classifier's training texts.
describe('demo history and corpus', () => {
  let t: TestApp;
  let ds: DataSource;
  let history: DemoHistory;
  let config: AppConfig;
  const now = new Date('2026-12-08T02:00:00Z'); // a Tuesday, 10:00 WITA

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.get(DataSource);
    config = t.app.get<AppConfig>(APP_CONFIG);
    const clock = t.get(Clock);
    clock.now = () => now;
    for (const p of PLATFORMS) await ds.query(`INSERT INTO connector_accounts (platform, external_account_id, handle) VALUES ($1, $2, 'pemkabsinjai')`, [p, `demo-${p}`]);
    history = new DemoHistory(t.get(CaseRepository), t.get(ClassificationService), clock, config, ds, t.get(WeeklyReportService), t.get(SlaPolicy));
  });
  afterAll(() => t.close());

  it('should back-fill eight weeks once, with a weekly rhythm, spikes, open work and weekly summaries', async () => {
    const written = await history.backfill(seeded(14));
    expect(written).toBeGreaterThan(800);

    const [span] = await ds.query<Array<{ first: Date; last: Date }>>(`SELECT min(created_at) AS first, max(created_at) AS last FROM cases`);
    expect(now.getTime() - new Date(span.first).getTime()).toBeGreaterThan((HISTORY_WEEKS * 7 - 1) * 86_400_000);
    expect(new Date(span.last).getTime()).toBeLessThanOrEqual(now.getTime());

    // Weekdays busier than weekends.
    const days = await ds.query<Array<{ dow: number; n: number }>>(
      `SELECT extract(isodow FROM created_at AT TIME ZONE $1)::int AS dow, count(*)::int AS n FROM cases GROUP BY 1`,
      [config.timezone],
    );
    const per = Object.fromEntries(days.map((d) => [d.dow, d.n]));
    expect(per[1]).toBeGreaterThan(per[7] * 1.5);

    // The incidents: one day with far more reports of one OPD than its usual.
    const [spike] = await ds.query<Array<{ n: number }>>(
      `SELECT max(n)::int AS n FROM (SELECT count(*) AS n FROM cases WHERE opd_code = 'BPBD' GROUP BY (created_at AT TIME ZONE $1)::date) d`,
      [config.timezone],
    );
    expect(spike.n).toBeGreaterThanOrEqual(8);

    // Old cases mostly closed, some still open, the newest unsure ones waiting in triage.
    const states = Object.fromEntries(
      (await ds.query<Array<{ status: string; n: number }>>(`SELECT status::text, count(*)::int AS n FROM cases GROUP BY 1`)).map((r) => [r.status, r.n]),
    );
    expect(states.selesai).toBeGreaterThan(written / 2);
    for (const s of ['didisposisikan', 'diproses', 'perlu_ditinjau', 'ditolak']) expect(states[s]).toBeGreaterThan(0);
    const [answered] = await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM cases WHERE first_response_at IS NOT NULL AND first_response_at < created_at`);
    expect(answered.n).toBe(0);

    // Open cases sit on platforms that cannot be re-read: the fakes never saw these posts, and a
    // re-read would mark them deleted.
    const [rereadable] = await ds.query<Array<{ n: number }>>(
      `SELECT count(*)::int AS n FROM cases c JOIN posts p ON p.id = c.post_id WHERE c.status NOT IN ('selesai', 'ditolak') AND p.platform NOT IN ('whatsapp', 'telegram')`,
    );
    expect(rereadable.n).toBe(0);

    // Tracking numbers run in time order on a fresh database.
    const order = await ds.query<Array<{ tracking_number: string }>>(`SELECT tracking_number FROM cases ORDER BY created_at, id`);
    expect(order.map((r) => r.tracking_number)).toEqual(order.map((r) => r.tracking_number).sort());

    const weeks = await ds.query<Array<{ week: string }>>(`SELECT week FROM weekly_reports ORDER BY week`);
    expect(weeks).toHaveLength(HISTORY_WEEKS);

    expect(await history.backfill(seeded(15))).toBe(0);
    const [again] = await ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM cases`);
    expect(again.n).toBe(written);
  }, 120_000);

  it('should write posts that are not the training corpus, with personal data and every OPD user', () => {
    const dir = join(config.paths.configDir, 'nlp', 'corpus');
    const training = new Set<string>();
    for (const f of readdirSync(dir).filter((n) => n.endsWith('.csv')))
      for (const r of parse<Record<string, string>>(readFileSync(join(dir, f)), { columns: true, skip_empty_lines: true, relax_column_count: true })) training.add(r.text?.trim());
    const corpus = new DemoCorpus(config.region, seeded(3));
    const texts = Array.from({ length: 2000 }, () => corpus.next());
    expect(texts.filter((d) => training.has(d.text.trim()))).toEqual([]);
    expect(texts.some((d) => /NIK saya 7307\d{12}/.test(d.text))).toBe(true);
    expect(texts.filter((d) => d.kind === 'ambiguous').length).toBeGreaterThan(100);
    expect(texts.some((d) => d.followUps.length > 0)).toBe(true);
    const opdUsers = new Set(DEMO_USERS.flatMap((u) => u.opdCodes ?? []));
    for (const d of texts) if (d.opd) expect(opdUsers).toContain(d.opd);
  });
});
