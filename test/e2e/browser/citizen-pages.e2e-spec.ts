// The citizen's public pages in headless Chromium at phone width, logged out: the tracking page
// with the rating form (no script needed), and /publik. No CSP violation, no page error, nothing
// wider than the phone, and nothing private on the page.
import { DataSource } from 'typeorm';
import { NoticeQueueService } from '../../../src/citizen/notice-queue.service.js';
import { XFake } from '../../../src/fakes/x.fake.js';
import {
  describeBrowser,
  launchBrowser,
  PHONE,
  screenshots,
  type TestBrowser,
} from '../../factories/browser.js';
import { createAccount } from '../../factories/connector-account.factory.js';
import { pollNow } from '../../factories/poll.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';

const PII = ['7307011234560001', '081234567890', 'andi_lappa', 'Andi Lappa'];

describeBrowser('browser: /lacak and /publik on a phone, logged out', () => {
  const x = new XFake();
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;
  let tracking = '';
  let code = '';

  beforeAll(async () => {
    await x.start();
    launching = launchBrowser();
    t = await startTestApp({ X_BASE_URL: x.baseUrl });
    browser = await launching;
    const acc = await createAccount(t.app, {
      externalAccountId: x.accountUserId,
      settings: { notices: { enabled: true, perMinute: 100 } },
    });
    const m = x.addTweet({
      text: '@pemkabsinjai jalan poros Lappa rusak berlubang parah. NIK 7307011234560001 hp 081234567890',
      author: { username: 'andi_lappa', name: 'Andi Lappa' },
    });
    await pollNow(t.app, acc.id);
    const ds = t.get(DataSource);
    const [c] = await ds.query(
      `SELECT c.id, c.tracking_number, c.access_code FROM cases c JOIN posts p ON p.id = c.post_id WHERE p.external_id = $1`,
      [m.id],
    );
    tracking = c.tracking_number;
    code = c.access_code;
    const staff = await t.tokenFor('operator');
    for (const [action, body] of [
      ['accept', {}],
      ['finish', { summary: 'Lubang sudah ditambal tim UPTD jalan pada hari Senin.' }],
      ['validate', {}],
    ] as const) {
      const { version } = (
        await t.http().get(`/api/cases/${c.id}`).set('authorization', `Bearer ${staff}`).expect(200)
      ).body as { version: number };
      await t
        .http()
        .post(`/api/cases/${c.id}/${action}`)
        .set('authorization', `Bearer ${staff}`)
        .send({ version, ...body })
        .expect(200);
    }
    await t.get(NoticeQueueService).runOnce();
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
    await x.stop();
  });

  const fitsPhone = (p: import('playwright-core').Page) =>
    p.evaluate(() => document.documentElement.scrollWidth);

  it('should show the tracking page on a phone and take the rating through its form', async () => {
    const { page, problems } = await browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${t.url}/lacak/${tracking}?kode=${code}`);
    await page.getByRole('heading', { name: `Laporan ${tracking}` }).waitFor();
    await page.getByText('Lubang sudah ditambal tim UPTD jalan').waitFor();
    expect(await fitsPhone(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshots(page, 'citizen-lacak');
    await page.setViewportSize(PHONE);
    await page.getByLabel('4', { exact: true }).check();
    await page.getByLabel('Sudah selesai').check();
    await page.getByLabel('Komentar (boleh kosong)').fill('cepat ditangani');
    await page.getByRole('button', { name: 'Kirim penilaian' }).click();
    await page.getByText('Terima kasih, penilaian Anda sudah kami terima.').waitFor();
    await page.getByRole('heading', { name: 'Penilaian Anda' }).waitFor();
    const html = await page.content();
    for (const s of PII) expect(html).not.toContain(s);
    expect(problems).toEqual([]);
  }, 60_000);

  it('should show /publik on a phone with the rated OPD and the finished case', async () => {
    const { page, problems } = await browser.newPage();
    await page.setViewportSize(PHONE);
    await page.goto(`${t.url}/publik`);
    await page.getByRole('heading', { name: 'Kinerja OPD' }).waitFor();
    await page.getByRole('link', { name: tracking }).waitFor();
    expect(await page.locator('.opd', { hasText: '1 penilaian' }).getByText('4/5').count()).toBe(1);
    expect(await fitsPhone(page)).toBeLessThanOrEqual(PHONE.width);
    await screenshots(page, 'citizen-publik');
    const html = await page.content();
    for (const s of PII) expect(html).not.toContain(s);
    expect(problems).toEqual([]);
  }, 60_000);
});
