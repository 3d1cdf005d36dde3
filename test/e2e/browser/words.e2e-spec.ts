// The words and small things users trip on (issue 14 §5), in headless Chromium: private chats are
// answered privately, "bukan kewenangan" says where the case went, history in Indonesian only, no
// default destination in triage, merge by tracking number, dd/mm/yyyy, the phone nav, and no
// request an operator's /admin page is refused.
import { DataSource } from 'typeorm';
import { CaseEvent } from '../../../src/cases/case-event.entity.js';
import { AuthService } from '../../../src/auth/auth.service.js';
import { Case } from '../../../src/cases/case.entity.js';
import { createLogin, describeBrowser, launchBrowser, login, PHONE, screenshots, type TestBrowser } from '../../factories/browser.js';
import { createCase } from '../../factories/case.factory.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';

// Raw codes (snake_case), English words of the old screens, and broken values.
const RAW = /\b[a-z]+_[a-z_]+\b|\b(system|undefined|null|NaN|Invalid Date|returned|rerouted|pending|Opd code)\b/;

describeBrowser('browser: Indonesian words and small fixes', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;

  beforeAll(async () => {
    launching = launchBrowser();
    t = await startTestApp();
    browser = await launching;
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
  });

  const mainText = async (page: import('playwright-core').Page): Promise<string> => (await page.locator('main').innerText()).replace(/\s+/g, ' ');

  it('should answer a WhatsApp chat privately, and send "bukan kewenangan" back to triage saying so', async () => {
    const wa = await createCase(t.app, { opdCode: 'DPUPR', platform: 'whatsapp', text: 'air got meluap di depan rumah saya' });
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'opd', ['DPUPR']));
    await page.goto(`${t.url}/kasus/${wa.id}`);
    const actions = page.getByTestId('case-actions');
    await actions.getByText('Balas pesan WhatsApp').click();
    const text = await actions.innerText();
    expect(text).toContain('hanya warga ini yang menerimanya');
    expect(text).not.toMatch(/Balas publik|terlihat oleh publik/);

    await actions.getByText('Tolak dengan alasan').click();
    await actions.getByRole('button', { name: 'Tolak' }).click();
    await page.locator('.toast', { hasText: 'Kasus dikembalikan ke antrean triase Diskominfo.' }).waitFor();
    await page.waitForURL('**/kotak-masuk');
    await expect(t.get(DataSource).getRepository(Case).findOneByOrFail({ id: wa.id })).resolves.toMatchObject({ status: 'perlu_ditinjau' });
    expect(problems).toEqual([]);
  });

  it("should offer the OPD's reply templates with the tracking number filled in, and only for its own cases", async () => {
    const c = await createCase(t.app, { opdCode: 'DPUPR', text: 'jalan poros Sinjai Borong berlubang besar' });
    const other = await t.http().get(`/api/cases/${c.id}/reply-templates`).set('authorization', `Bearer ${await t.tokenFor('opd', ['DLH'])}`);
    expect(other.status).toBe(404);
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'opd', ['DPUPR']));
    await page.goto(`${t.url}/kasus/${c.id}`);
    const actions = page.getByTestId('case-actions');
    await actions.getByText('Balas publik').click();
    const template = actions.getByTestId('reply-template');
    await template.locator('option', { hasText: 'Jalan rusak: dijadwalkan' }).waitFor({ state: 'attached' });
    await template.selectOption({ label: 'Laporan diterima' });
    const text = await actions.locator('textarea[name=text]').last().inputValue();
    expect(text).toBe(`Terima kasih atas laporannya. Laporan Anda tercatat dengan nomor ${c.trackingNumber} dan sedang ditindaklanjuti oleh Dinas Pekerjaan Umum dan Penataan Ruang. Kami akan mengabari perkembangannya.`);
    expect(problems).toEqual([]);
  });

  it('should tell the history in Indonesian: events, reasons and the system itself, a re-route once', async () => {
    const c = await createCase(t.app, { opdCode: 'DISKOMINFO', status: 'perlu_ditinjau' });
    const ds = t.get(DataSource);
    await ds.getRepository(Case).update({ id: c.id }, { statusReason: 'klasifikasi_ragu' });
    await ds.getRepository(CaseEvent).insert({ caseId: c.id, type: 'created', actorUserId: null, actorLabel: 'system', data: { status: 'perlu_ditinjau', reason: 'klasifikasi_ragu' } });
    const op = await t.tokenFor('operator');
    const { version } = await ds.getRepository(Case).findOneByOrFail({ id: c.id });
    const v = (await t.http().post(`/api/cases/${c.id}/reroute`).set('authorization', `Bearer ${op}`).send({ version, opdCode: 'DLH', reason: 'sampah' }).expect(200)).body;
    await t.http().post(`/api/cases/${c.id}/reject`).set('authorization', `Bearer ${await t.tokenFor('opd', ['DLH'])}`).send({ version: v.version, reason: 'bukan_kewenangan' }).expect(200);

    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    await page.goto(`${t.url}/kasus/${c.id}`);
    const history = page.getByTestId('history');
    await history.locator('[data-event=returned_to_triage]').waitFor();
    const text = (await history.innerText()).replace(/\s+/g, ' ');
    await expect(history.locator('[data-event=created] .ev-actor').textContent()).resolves.toBe('Sistem');
    expect(text).toContain('Kasus dibuat');
    expect(text).toContain('Mesin ragu dengan klasifikasinya');
    expect(text).toContain('Dikembalikan ke triase Diskominfo (bukan kewenangan)');
    expect(text).toContain('Bukan kewenangan OPD/Pemda');
    const reroute = (await history.locator('[data-event=rerouted]').innerText()).replace(/\s+/g, ' ');
    expect(reroute.match(/DLH/g)).toHaveLength(1); // OPD: DISKOMINFO → DLH, not again as from/to
    expect(await mainText(page)).not.toMatch(RAW);
    expect(problems).toEqual([]);
  });

  it('should make the operator choose the OPD in triage when the machine has no suggestion', async () => {
    const c = await createCase(t.app, { opdCode: 'DISKOMINFO', status: 'perlu_ditinjau', text: 'tolong dibantu pak' });
    await t.get(DataSource).getRepository(Case).update({ id: c.id }, { suggestedOpdCode: null });
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    const item = page.getByTestId('triage').locator(`[data-case-id="${c.id}"]`);
    await item.waitFor();
    const select = item.locator('select[name=opdCode]');
    await expect(select.inputValue()).resolves.toBe('');
    await expect(select.locator('option[value=DISKOMINFO]').count()).resolves.toBe(0);
    const route = item.locator('button[data-action=route]');
    await expect(route.isDisabled()).resolves.toBe(true);
    await select.selectOption('DLH');
    await expect(route.isEnabled()).resolves.toBe(true);
    expect(problems).toEqual([]);
  });

  it('should merge a duplicate by its tracking number', async () => {
    const main = await createCase(t.app, { opdCode: 'DPUPR', text: 'lampu jalan mati di Jl. Persatuan' });
    const dup = await createCase(t.app, { opdCode: 'DPUPR', text: 'lampu jalan Jl. Persatuan mati lagi' });
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    await page.goto(`${t.url}/kasus/${dup.id}`);
    const actions = page.getByTestId('case-actions');
    await actions.getByText('Gabungkan (duplikat)').click();
    await actions.locator('input[name=intoTrackingNumber]').fill(main.trackingNumber.toLowerCase());
    await actions.getByRole('button', { name: 'Gabungkan' }).click();
    await page.locator('.toast', { hasText: `Kasus digabungkan ke ${main.trackingNumber}.` }).waitFor();
    await expect(t.get(DataSource).getRepository(Case).findOneByOrFail({ id: dup.id })).resolves.toMatchObject({ status: 'ditolak', mergedIntoId: main.id });
    expect(problems).toEqual([]);
  });

  it('should take dates as dd/mm/yyyy, fit the nav on a phone, and never have an operator refused on /admin', async () => {
    const { page, problems } = await browser.newPage();
    const refused: string[] = [];
    page.on('response', (r) => {
      if (r.status() === 403) refused.push(r.url());
    });
    await login(page, t.url, await createLogin(t, 'operator'));
    await page.goto(`${t.url}/kotak-masuk`);
    await page.locator('input[name=from]').waitFor(); // the filters are open on a desktop
    await page.locator('input[name=from]').fill('01/12/2026');
    await page.locator('input[name=to]').fill('8/12/2026');
    await page.getByRole('button', { name: 'Terapkan' }).click();
    await page.waitForFunction(() => /from=2026-12-01&to=2026-12-08/.test(location.search));
    await expect(page.locator('input[name=from]').getAttribute('placeholder')).resolves.toBe('hh/bb/tttt');

    await page.setViewportSize(PHONE);
    const admin = page.locator('nav.nav a', { hasText: 'Admin' });
    const box = await admin.boundingBox();
    expect(box && box.x >= 0 && box.x + box.width <= PHONE.width).toBe(true);
    await admin.click();
    await page.locator('main h1', { hasText: 'Admin' }).waitFor();
    await expect(page.getByTestId('admin-users').count()).resolves.toBe(0);
    await screenshots(page, 'admin-operator');
    expect(refused).toEqual([]);
    expect(problems).toEqual([]);
  });

  it('should not repeat the role in the header of a user named after it', async () => {
    await t.get(AuthService).ensureUser({ username: 'operator-diskominfo', displayName: 'Operator Diskominfo', password: 'kata-sandi-uji-123', role: 'operator', opdCodes: [] });
    const { page, problems } = await browser.newPage();
    await login(page, t.url, { username: 'operator-diskominfo', password: 'kata-sandi-uji-123' });
    await expect(page.locator('header .who').innerText()).resolves.toMatch(/^Operator Diskominfo\s*Keluar$/);
    expect(problems).toEqual([]);
  });
});
