// No English words or raw codes on any screen a user sees: every view of every role, with cases in
// each state, alerts and a weekly summary, has its visible text scanned (issue 14, "Done when").
import { DataSource } from 'typeorm';
import { Case } from '../../../src/cases/case.entity.js';
import { SlaScheduler } from '../../../src/sla/sla.scheduler.js';
import { WeeklyReportService } from '../../../src/reports/weekly-report.service.js';
import { createLogin, describeBrowser, launchBrowser, login, type TestBrowser } from '../../factories/browser.js';
import { createCase } from '../../factories/case.factory.js';
import { seedWeek47 } from '../../factories/report.factory.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';

// snake_case codes, English words the old screens used, and broken values. Technical details the
// user opens on purpose (<details> "Detail teknis") are not scanned.
const RAW = /\b[a-z]+_[a-z_]+\b|\b(undefined|null|NaN|Invalid Date|system|complaint|aspiration|question|negative|positive|neutral|pending|sent|failed|From|To|Opd code|Within sla|Generated at|Created at|Loading|Error)\b/;

describeBrowser('browser: every view in Indonesian, no raw codes', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;
  const ids: string[] = [];

  beforeAll(async () => {
    launching = launchBrowser();
    t = await startTestApp();
    browser = await launching;
    const ds = t.get(DataSource);
    await seedWeek47(ds);
    await t.get(WeeklyReportService).generate('2026-W47');
    for (const status of ['perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi', 'selesai', 'ditolak'] as const)
      ids.push((await createCase(t.app, { opdCode: status === 'perlu_ditinjau' ? 'DISKOMINFO' : 'DPUPR', status, intent: status === 'ditolak' ? 'other' : 'complaint' })).id);
    await ds.getRepository(Case).update({ id: ids[0] }, { statusReason: 'klasifikasi_ragu' });
    await ds.getRepository(Case).update({ id: ids[5] }, { statusReason: 'bukan_laporan' });
    await createCase(t.app, { opdCode: 'DPUPR', createdAt: new Date(Date.now() - 30 * 86_400_000) });
    await t.get(SlaScheduler).check();
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
  });

  const visibleText = (page: import('playwright-core').Page): Promise<string> =>
    page.evaluate(() => {
      const clone = document.body.cloneNode(true) as HTMLElement;
      clone.querySelectorAll('details.ev-tech, script, style, .tracking, .author-handle, .ev-actor, option').forEach((e) => e.remove());
      return (clone.innerText || clone.textContent || '').replace(/\s+/g, ' ');
    });

  it('should catch what the old screens showed', () => {
    for (const bad of ['From 2026-11-29T16:00:00.000Z', 'Opd code', 'Within sla share', 'alasan: klasifikasi_ragu', 'Kasus dibuat system', 'returned_to_triage'])
      expect(bad).toMatch(RAW);
    expect('Tenggat: 3 hari kerja lagi · Kasus dibuat Sistem · Mesin ragu dengan klasifikasinya').not.toMatch(RAW);
  });

  it.each([
    ['operator', [], ['/pantauan', '/kotak-masuk', '/ringkasan', '/ringkasan/mingguan/2026-W47', '/admin']],
    ['admin', [], ['/admin']],
    ['pimpinan', [], ['/pantauan', '/ringkasan', '/ringkasan/mingguan/2026-W47']],
    ['opd', ['DPUPR'], ['/kotak-masuk']],
  ] as const)('should show a %s only Indonesian words', async (role, opds, paths) => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, role, [...opds]));
    const found: string[] = [];
    const all = [...paths, ...(role === 'pimpinan' ? [] : ids.map((id) => `/kasus/${id}`))];
    for (const path of all) {
      await page.goto(`${t.url}${path}`);
      await page.locator('main h1').first().waitFor();
      await page.waitForFunction(() => !/Memuat/.test(document.querySelector('main')?.textContent ?? ''), undefined, { timeout: 8000 }).catch(() => undefined);
      const text = await visibleText(page);
      expect(text).toContain('Suara Warga'); // the page is there to be read
      const m = RAW.exec(text);
      if (m) found.push(`${path}: "${m[0]}" in …${text.slice(Math.max(0, m.index - 60), m.index + 60)}…`);
    }
    expect(found).toEqual([]);
    expect(problems).toEqual([]);
  });
});
