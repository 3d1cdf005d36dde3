// The Sekda's weekly page in headless Chromium at desktop and phone widths: Indonesian labels, the
// week's dates in the regency's zone ("16 Nov – 22 Nov 2026, WITA"), id-ID numbers, each figure
// against last week, the day-by-day trend, and "Buat ringkasan sekarang" from the UI.
import { DataSource } from 'typeorm';
import { weekAt } from '../../../src/reports/iso-week.js';
import { WeeklyReportService } from '../../../src/reports/weekly-report.service.js';
import { createLogin, describeBrowser, launchBrowser, login, PHONE, screenshots, type TestBrowser } from '../../factories/browser.js';
import { seedWeek47 } from '../../factories/report.factory.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';

// Words and codes of the old generic renderer, or raw API values, that must never reach the Sekda.
const NOT_FOR_USERS = /\b(From|To|Opd code|Within sla|Generated at|complaint|aspiration|negative|positive|neutral|undefined|null|NaN|Invalid Date|CSV: opd|T\d\d:\d\d:\d\d)\b|\d{4}-\d\d-\d\dT/;

describeBrowser("browser: the Sekda's weekly summary", () => {
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;

  beforeAll(async () => {
    launching = launchBrowser();
    t = await startTestApp();
    browser = await launching;
    await seedWeek47(t.get(DataSource));
    await t.get(WeeklyReportService).generate('2026-W47');
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
  });

  it('should show the week as a page in Indonesian, each figure against last week, with the daily trend', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'pimpinan'));
    const link = page.getByRole('link', { name: 'Minggu ke-47 2026' });
    await link.waitFor();
    await expect(page.locator('[data-testid=weekly] tbody tr').first().textContent()).resolves.toContain('16 Nov – 22 Nov 2026, WITA');
    await link.click();

    await page.locator('[data-testid=figures]').waitFor();
    await expect(page.locator('main h1').textContent()).resolves.toBe('Ringkasan Mingguan · Minggu ke-47 2026');
    await expect(page.getByTestId('weekly-period').textContent()).resolves.toMatch(/^Kabupaten Sinjai · 16 Nov – 22 Nov 2026, WITA · dibuat /);
    const api = (await t.http().get('/api/reports/weekly/2026-W47').set('authorization', `Bearer ${await t.tokenFor('pimpinan')}`).expect(200)).body;
    const tile = (k: string) => page.locator(`[data-figure=${k}]`);
    await expect(tile('total').locator('.tile-n').textContent()).resolves.toBe('8');
    await expect(tile('complaints').locator('.tile-n').textContent()).resolves.toBe('5');
    await expect(tile('net').locator('.tile-n').textContent()).resolves.toBe('-0,25');
    // Week over week, in words, for every figure.
    for (const k of ['total', 'complaints', 'negative', 'net', 'received', 'answered'])
      await expect(tile(k).locator('.delta').textContent()).resolves.toMatch(/^minggu lalu [-+]?[\d.,]+ · (tetap|▲ naik [\d.,]+%?|▼ turun [\d.,]+%?|naik dari nol)$/);
    await expect(tile('total').locator('.delta').textContent()).resolves.toContain(`minggu lalu ${api.previousWeek.total}`);
    await expect(tile('net').locator('.delta').textContent()).resolves.toBe('minggu lalu 0,00 · ▼ turun 0,25');
    // Seven days, Monday first, in the regency's calendar; 8 cases in all.
    const days = page.locator('table.daily tbody tr');
    await expect(days.count()).resolves.toBe(7);
    await expect(days.first().textContent()).resolves.toMatch(/^Sen, 16 Nov/);
    await expect(days.last().textContent()).resolves.toMatch(/^Min, 22 Nov/);
    await page.locator('.weekly canvas').waitFor();
    await expect(page.getByTestId('top-topics').locator('li').count()).resolves.toBeLessThanOrEqual(5);
    await expect(page.getByTestId('top-topics').textContent()).resolves.toContain('jalan rusak3 (37,5%)');

    const text = (await page.locator('main').innerText()).replace(/\s+/g, ' ');
    expect(text).not.toMatch(NOT_FOR_USERS);
    await screenshots(page, 'ringkasan-mingguan');
    // On a phone nothing runs off the side of the page (wide tables scroll inside their box).
    await page.setViewportSize(PHONE);
    // (Chart.js follows the new width on its next frame; the page must then fit.)
    await page.waitForFunction((w) => document.documentElement.scrollWidth <= w, PHONE.width).catch(() => undefined);
    await expect(page.evaluate(() => document.documentElement.scrollWidth)).resolves.toBeLessThanOrEqual(PHONE.width);
    await expect(page.locator('table.perf').evaluate((t) => getComputedStyle(t.parentElement!).overflowX)).resolves.toBe('auto');
    expect(problems).toEqual([]);
  });

  it('should let the Sekda make this week so far from the UI, and recompute a week on its page', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'pimpinan'));
    const now = page.getByTestId('generate-now');
    await now.click();
    const week = weekAt(new Date(), 'Asia/Makassar');
    await page.waitForURL(`**/ringkasan/mingguan/${week}`);
    await page.locator('[data-testid=figures]').waitFor();
    await expect(page.getByTestId('weekly-period').textContent()).resolves.toContain('Minggu berjalan: data sampai');
    await expect(t.get(DataSource).query(`SELECT week FROM weekly_reports WHERE week = $1`, [week])).resolves.toHaveLength(1);

    // A week nobody has computed says so, and offers to make it.
    await page.goto(`${t.url}/ringkasan/mingguan/2026-W40`);
    await page.getByTestId('weekly-detail').getByText('Ringkasan Minggu ke-40 2026 belum dibuat.').waitFor();
    await page.getByTestId('weekly-detail').getByTestId('generate-now').click();
    await page.locator('[data-testid=figures]').waitFor();
    await expect(page.getByTestId('weekly-period').textContent()).resolves.toMatch(/^Kabupaten Sinjai · 28 Sep – 4 Okt 2026, WITA/);

    // Recompute W47 on its page: the same figures from the same data.
    await page.goto(`${t.url}/ringkasan/mingguan/2026-W47`);
    await page.locator('[data-testid=figures]').waitFor();
    await page.getByTestId('regenerate').click();
    await page.locator('.toast', { hasText: 'Ringkasan sudah dihitung ulang dengan data terbaru.' }).waitFor();
    await expect(page.locator('[data-figure=total] .tile-n').textContent()).resolves.toBe('8');
    expect(problems).toEqual([]);
  });

  it('should not offer generation to a Diskominfo operator, who may still read the page', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    await page.goto(`${t.url}/ringkasan/mingguan/2026-W47`);
    await page.locator('[data-testid=figures]').waitFor();
    await expect(page.getByTestId('regenerate').count()).resolves.toBe(0);
    await page.goto(`${t.url}/ringkasan`);
    await page.getByRole('link', { name: 'Minggu ke-47 2026' }).waitFor();
    await expect(page.getByTestId('generate-now').count()).resolves.toBe(0);
    expect(problems).toEqual([]);
  });
});
