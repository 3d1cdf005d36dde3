// Deadlines in headless Chromium, at desktop and phone widths: every card and case page says how
// long is left in working days ("3 hari kerja lagi", "jatuh tempo hari ini", "terlambat 2 hari"), the
// overdue filter and the deadline sort work, a case nearing its deadline warns its OPD at once, and a
// late one appears on Diskominfo's monitor without a reload.
import { DataSource } from 'typeorm';
import { Case } from '../../../src/cases/case.entity.js';
import { SlaScheduler } from '../../../src/sla/sla.scheduler.js';
import { addDays, localDate, startOfLocalDay } from '../../../src/sla/working-calendar.js';
import type { CalendarView } from '../../../src/contracts/case.js';
import { deadlineLabel } from '../../../web/src/deadline.js';
import { createLogin, describeBrowser, launchBrowser, login, PHONE, DESKTOP, screenshots, type TestBrowser } from '../../factories/browser.js';
import { createCase } from '../../factories/case.factory.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';

const DAY = 86_400_000;

describeBrowser('browser: deadlines on cards, the overdue queue and escalation', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;
  let cal: CalendarView;
  let fresh: Case; // dispositioned now: a few working days left
  let late: Case; // dispositioned three weeks ago: overdue
  let today: Case; // due at the end of today

  const setDue = (id: string, dueAt: Date, slaState: string | null) => t.get(DataSource).getRepository(Case).update({ id }, { dueAt, slaState: slaState as Case['slaState'] });
  const endOfToday = (): Date => new Date(startOfLocalDay(addDays(localDate(new Date(), cal.timezone), 1), cal.timezone).getTime() - 1);

  beforeAll(async () => {
    launching = launchBrowser();
    t = await startTestApp();
    browser = await launching;
    const op = await t.tokenFor('operator');
    cal = (await t.http().get('/api/calendar').set('authorization', `Bearer ${op}`).expect(200)).body;
    fresh = await createCase(t.app, { opdCode: 'DPUPR', text: 'jalan berlubang di depan pasar sentral' });
    late = await createCase(t.app, { opdCode: 'DPUPR', text: 'drainase tersumbat sejak bulan lalu', createdAt: new Date(Date.now() - 21 * DAY) });
    today = await createCase(t.app, { opdCode: 'DPUPR', text: 'jembatan kayu desa retak' });
    await setDue(today.id, endOfToday(), 'at_risk');
    await createCase(t.app, { opdCode: 'DLH', text: 'sampah menumpuk di pasar' }); // not DPUPR's
    await t.get(SlaScheduler).check(); // marks `late` overdue (alert, escalation)
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
  });

  const chip = (page: import('playwright-core').Page, c: Case) => page.locator(`[data-case-id="${c.id}"] [data-testid=due]`);

  it('should give the API calendar the regency zone and show each card its deadline in words', async () => {
    expect(cal.timezone).toBe('Asia/Makassar');
    expect(cal.zoneName).toBe('WITA');
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'opd', ['DPUPR']));
    await chip(page, fresh).waitFor();
    const expectedFresh = deadlineLabel(fresh.dueAt!.toISOString(), 'ok', new Date(), cal).text;
    expect(expectedFresh).toMatch(/^\d+ hari kerja lagi$/);
    await expect(chip(page, fresh).textContent()).resolves.toBe(`Tenggat: ${expectedFresh}`);
    await expect(chip(page, today).textContent()).resolves.toBe('Tenggat: jatuh tempo hari ini');
    await expect(chip(page, late).textContent()).resolves.toMatch(/^Tenggat: terlambat \d+ hari$/);
    await expect(chip(page, late).getAttribute('class')).resolves.toContain('due-late');
    await expect(page.locator('[data-case-id]').count()).resolves.toBe(3); // DLH's case is not here

    // On a phone the chip is on screen, inside the width.
    await page.setViewportSize(PHONE);
    const box = await chip(page, fresh).boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    await page.setViewportSize(DESKTOP);
    await screenshots(page, 'tenggat-kotak-masuk');

    // The case page: the deadline with its words, and the helping OPD.
    await t.http().post(`/api/cases/${fresh.id}/help`).set('authorization', `Bearer ${await t.tokenFor('opd', ['DPUPR'])}`).send({ opdCode: 'PDAM', note: 'pipa di bawah jalan' }).expect(200);
    await page.locator(`[data-case-id="${fresh.id}"] a.card-link`).click();
    const details = page.locator('.case-details dl');
    await details.waitFor();
    const text = await details.textContent();
    expect(text).toContain(`(${expectedFresh})`);
    expect(text).toMatch(/OPD pembantuPDAM/);
    await expect(page.locator('.case-head [data-testid=due]').textContent()).resolves.toBe(`Tenggat: ${expectedFresh}`);
    await screenshots(page, 'tenggat-kasus');
    expect(problems).toEqual([]);
  });

  it('should filter the overdue queue and sort by the nearest deadline', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'opd', ['DPUPR']));
    // On a phone (filters folded away) the late queue is one tap from the inbox.
    await page.setViewportSize(PHONE);
    await page.getByTestId('queue-overdue').click();
    await page.waitForFunction(() => location.search === '?overdue=true&sort=deadline');
    await chip(page, late).waitFor();
    await expect(page.locator('[data-case-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.caseId))).resolves.toEqual([late.id]);
    await expect(page.getByTestId('queue-overdue').getAttribute('aria-current')).resolves.toBe('true');
    await page.setViewportSize(DESKTOP);

    await page.goto(`${t.url}/kotak-masuk?overdue=true`);
    await chip(page, late).waitFor();
    await expect(page.locator('[data-case-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.caseId))).resolves.toEqual([late.id]);
    await expect(page.locator('input[name=overdue]').isChecked()).resolves.toBe(true);

    await page.goto(`${t.url}/kotak-masuk?sort=deadline`);
    await chip(page, fresh).waitFor();
    await expect(page.locator('[data-case-id]').evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.caseId))).resolves.toEqual([late.id, today.id, fresh.id]);
    expect(problems).toEqual([]);
  });

  it('should warn the OPD the moment a case nears its deadline, and put a late one on the monitor live', async () => {
    const opd = await browser.newPage();
    await login(opd.page, t.url, await createLogin(t, 'opd', ['DPUPR']));
    const operator = await browser.newPage();
    await login(operator.page, t.url, await createLogin(t, 'operator'));
    const overdue = operator.page.getByTestId('overdue');
    await overdue.locator(`[data-case-id="${late.id}"]`).waitFor();
    await expect(overdue.locator('[data-case-id]').count()).resolves.toBe(1);
    await chip(opd.page, fresh).waitFor();

    // `fresh` now has an hour left: the next check marks it at risk and tells DPUPR.
    await setDue(fresh.id, new Date(Date.now() + 3_600_000), 'ok');
    await t.get(SlaScheduler).check();
    await opd.page.locator('.toast', { hasText: `Peringatan tenggat: ${fresh.trackingNumber} mendekati batas waktu (DPUPR)` }).waitFor();

    // Then it passes: Diskominfo's monitor lists it among the late ones without a reload.
    await setDue(fresh.id, new Date(Date.now() - 60_000), 'at_risk');
    await t.get(SlaScheduler).check();
    await overdue.locator(`[data-case-id="${fresh.id}"]`).waitFor();
    await expect(overdue.locator(`[data-case-id="${fresh.id}"] [data-testid=due]`).textContent()).resolves.toMatch(/^Tenggat: terlambat/);
    await expect(operator.page.locator('[data-testid=alerts]').textContent()).resolves.toContain(`${fresh.trackingNumber} melewati batas waktu (DPUPR)`);
    await screenshots(operator.page, 'tenggat-pantauan');
    expect([...opd.problems, ...operator.problems]).toEqual([]);
  });
});
