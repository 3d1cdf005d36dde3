// The dashboard in headless Chromium: roles and navigation, OPD isolation, hostile post text, and
// screenshots of every view at desktop and phone widths (artifacts/screenshots/).
import { DataSource } from 'typeorm';
import { XFake } from '../../../src/fakes/x.fake.js';
import { createLogin, describeBrowser, launchBrowser, login, pollNow, screenshots, type TestBrowser } from '../../factories/browser.js';
import { createAccount } from '../../factories/connector-account.factory.js';
import { eventually } from '../../factories/socket.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';
import { CLEAR_POSTS } from '../../fixtures/x/citizen-posts.js';

const NAV = {
  admin: ['Pantauan langsung', 'Kotak masuk', 'Ringkasan', 'Admin'],
  operator: ['Pantauan langsung', 'Kotak masuk', 'Ringkasan', 'Admin'],
  opd: ['Kotak masuk'],
  pimpinan: ['Pantauan langsung', 'Ringkasan'],
} as const;
const LANDING = { admin: 'Pantauan langsung', operator: 'Pantauan langsung', opd: 'Kotak masuk', pimpinan: 'Ringkasan' } as const;

const countCases = async (t: TestApp): Promise<number> => (await t.get(DataSource).query(`SELECT count(*)::int AS n FROM cases`))[0].n as number;

describeBrowser('browser: dashboard views, roles and OPD isolation', () => {
  const fake = new XFake();
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;

  // Chromium, the service and the first poll together: generous on a loaded 2-core machine.
  beforeAll(async () => {
    await fake.start();
    // Kept apart so afterAll closes whichever started, even when the other failed.
    launching = launchBrowser();
    t = await startTestApp({ X_BASE_URL: fake.baseUrl, POLL_SCHEDULER_ENABLED: 'true', POLL_TICK_MS: '100' });
    browser = await launching;
    for (const p of CLEAR_POSTS) fake.addTweet({ text: p.text, author: { name: 'Warga Sinjai' } });
    await createAccount(t.app, { externalAccountId: fake.accountUserId, pollIntervalSec: 300 });
    await eventually(() => countCases(t), (n) => n >= CLEAR_POSTS.length, 60_000);
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
    await fake.stop();
  });

  it('should serve the dashboard at / with a strict CSP, fall back to index.html for its paths, and leave /api and /socket.io alone', async () => {
    const home = await t.http().get('/').expect(200);
    expect(home.headers['content-type']).toMatch(/text\/html/);
    const csp = String(home.headers['content-security-policy']);
    expect(csp).toContain("script-src 'self'");
    expect(csp).toContain("require-trusted-types-for 'script'");
    expect(csp).not.toContain('unsafe-inline');
    expect(home.text).not.toMatch(/<script(?![^>]*\bsrc=)[^>]*>/); // no inline script
    const deep = await t.http().get('/kasus/123').expect(200);
    expect(deep.text).toBe(home.text);
    expect(deep.headers['content-security-policy']).toBe(csp);
    await t.http().get('/main.js').expect(200).expect('content-type', /javascript/);
    const api = await t.http().get('/api/tidak-ada').expect(404);
    expect(api.body.statusCode).toBe(404);
    await t.http().get('/api/health').expect(200).expect('content-type', /json/);
    await t.http().get('/socket.io/?EIO=4&transport=polling').expect(200);
  });

  it('should log in as each of the four roles and show that role its navigation, with screenshots of each view', async () => {
    const { page, problems } = await browser.newPage();
    await page.goto(`${t.url}/kotak-masuk`);
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    expect(page.url()).toMatch(/\/masuk$/);
    await screenshots(page, 'masuk');

    // A wrong password says so in Indonesian and stays on the login page.
    await page.locator('input[name=username]').fill('tidak-ada');
    await page.locator('input[name=password]').fill('salah-sekali');
    await page.getByRole('button', { name: 'Masuk' }).click();
    await expect(page.getByRole('alert').textContent()).resolves.toContain('Nama pengguna atau kata sandi salah');

    for (const role of ['admin', 'operator', 'opd', 'pimpinan'] as const) {
      const tab = role === 'admin' ? { page, problems } : await browser.newPage();
      await login(tab.page, t.url, await createLogin(t, role, role === 'opd' ? ['DPUPR'] : []));
      expect(await tab.page.locator('nav.nav a').allTextContents()).toEqual(NAV[role]);
      await expect(tab.page.locator('main h1').first().textContent()).resolves.toBe(LANDING[role]);
      // Tokens live in sessionStorage only.
      const stored = await tab.page.evaluate(() => ({ session: sessionStorage.getItem('suara-warga.session'), local: localStorage.length }));
      expect(JSON.parse(stored.session!).accessToken).toBeTruthy();
      expect(stored.local).toBe(0);

      if (role === 'operator') {
        await tab.page.locator('[data-testid=feed] [data-case-id]').first().waitFor();
        await screenshots(tab.page, 'pantauan-operator');
        await tab.page.getByRole('link', { name: 'Kotak masuk' }).click();
        await tab.page.locator('[data-testid=case-list] [data-case-id]').first().waitFor();
        await screenshots(tab.page, 'kotak-masuk-operator');
        await tab.page.locator('[data-testid=case-list] [data-case-id] a').first().click();
        await tab.page.locator('[data-testid=history] [data-event=created]').waitFor();
        await expect(tab.page.locator('[data-testid=original-post] .permalink').getAttribute('rel')).resolves.toBe('noopener noreferrer');
        expect(await tab.page.locator('[data-testid=case-actions] summary').allTextContents()).toEqual(
          expect.arrayContaining(['Catatan internal', 'Balas publik', 'Alihkan ke OPD lain', 'Ubah label', 'Tolak dengan alasan']),
        );
        await screenshots(tab.page, 'kasus-operator');
      }
      if (role === 'admin') {
        await tab.page.getByRole('link', { name: 'Admin' }).click();
        await tab.page.getByRole('heading', { name: 'Akun media sosial' }).waitFor();
        await tab.page.locator('[data-testid=admin-accounts] li').first().waitFor();
        await screenshots(tab.page, 'admin');
        // Logout forgets the tokens and returns to the login page.
        await tab.page.getByRole('button', { name: 'Keluar' }).click();
        await tab.page.getByRole('button', { name: 'Masuk' }).waitFor();
        await expect(tab.page.evaluate(() => sessionStorage.getItem('suara-warga.session'))).resolves.toBeNull();
      }
      if (role === 'opd') {
        await tab.page.locator('[data-testid=case-list] [data-case-id]').first().waitFor();
        await screenshots(tab.page, 'kotak-masuk-opd');
        // A page not meant for the role, typed by hand, sends the user to their own landing page.
        await tab.page.goto(`${t.url}/pantauan`);
        await tab.page.locator('main h1', { hasText: 'Kotak masuk' }).waitFor();
      }
      if (role === 'pimpinan') {
        await tab.page.locator('[data-testid=weekly] p, [data-testid=weekly] table').first().waitFor();
        await screenshots(tab.page, 'ringkasan');
        await tab.page.getByRole('link', { name: 'Pantauan langsung' }).click();
        await tab.page.locator('[data-testid=feed] [data-case-id]').first().waitFor();
        // Read-only: no re-label or re-route controls.
        expect(await tab.page.locator('.triage-actions, [data-intent]').count()).toBe(0);
        await tab.page.getByText('Mode baca saja').waitFor();
        await screenshots(tab.page, 'pantauan-pimpinan');
      }
      if (tab.page !== page) await tab.page.close();
      expect(tab.problems).toEqual([]);
    }
    await page.close();
  });

  it('should renew a rejected access token with the refresh token, keep working, and revoke it on logout', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    await page.locator('[data-testid=feed] [data-case-id]').first().waitFor();
    const first = await page.evaluate(() => JSON.parse(sessionStorage.getItem('suara-warga.session')!) as { accessToken: string; refreshToken: string });
    expect(first.refreshToken).toBeTruthy();
    // The access token stops being accepted: REST calls and the socket handshake get 401/unauthorized.
    await page.evaluate(() => {
      const s = JSON.parse(sessionStorage.getItem('suara-warga.session')!);
      sessionStorage.setItem('suara-warga.session', JSON.stringify({ ...s, accessToken: 'kedaluwarsa' }));
    });
    const refreshed = page.waitForResponse((r) => r.url().endsWith('/api/auth/refresh') && r.status() === 200);
    await page.reload();
    await refreshed;
    await page.locator('[data-testid=feed] [data-case-id]').first().waitFor();
    await page.locator('[data-testid=health] [data-state]').first().waitFor();
    expect(page.url()).toMatch(/\/pantauan$/);
    const renewed = await page.evaluate(() => JSON.parse(sessionStorage.getItem('suara-warga.session')!) as { accessToken: string; refreshToken: string });
    expect(renewed.accessToken).not.toBe('kedaluwarsa');
    expect(renewed.refreshToken).not.toBe(first.refreshToken); // rotated
    await expect(page.getByTestId('offline-banner').isVisible()).resolves.toBe(false);

    const loggedOut = page.waitForResponse((r) => r.url().endsWith('/api/auth/logout'));
    await page.getByRole('button', { name: 'Keluar' }).click();
    expect((await loggedOut).status()).toBe(204);
    await page.getByRole('button', { name: 'Masuk' }).waitFor();
    const current = await t.http().post('/api/auth/refresh').send({ refreshToken: renewed.refreshToken });
    expect(current.status).toBe(401);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('should show an OPD user only the cases of their OPD, in the list, live and by direct link', async () => {
    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'opd', ['DPUPR']));
    const ds = t.get(DataSource);
    const dpupr = (await ds.query(`SELECT count(*)::int AS n FROM cases WHERE opd_code = 'DPUPR'`))[0].n as number;
    expect(dpupr).toBeGreaterThan(0);
    const rows = page.locator('[data-testid=case-list] [data-case-id]');
    await rows.first().waitFor();
    expect(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.opd))).toEqual(Array(dpupr).fill('DPUPR'));

    // Live: a PDAM complaint never shows up; a DPUPR one does.
    fake.addTweet({ text: '@pemkabsinjai air PDAM keruh dan berbau di Bongki sudah seminggu' });
    fake.addTweet({ text: '@pemkabsinjai jembatan di Tellulimpoe retak dan jalan berlubang, mohon diperbaiki' });
    const before = await countCases(t);
    await pollNow(t);
    await page.getByText('jembatan di Tellulimpoe retak').waitFor({ timeout: 10_000 });
    await eventually(() => countCases(t), (n) => n >= before + 2);
    await page.waitForTimeout(300);
    expect(await page.getByText('air PDAM keruh').count()).toBe(0);
    expect(new Set(await rows.evaluateAll((els) => els.map((e) => (e as HTMLElement).dataset.opd)))).toEqual(new Set(['DPUPR']));

    // Another OPD's case by URL: "not found", nothing of it shown.
    const [other] = await ds.query(`SELECT id::text FROM cases WHERE opd_code = 'PDAM' LIMIT 1`);
    await page.goto(`${t.url}/kasus/${other.id}`);
    await page.getByRole('heading', { name: 'Kasus tidak ditemukan' }).waitFor();
    expect(await page.getByText('PDAM').count()).toBe(0);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('should render a post containing <script> and <img onerror> as literal text, in the feed and on the case page, and run nothing', async () => {
    const hostile = `@pemkabsinjai <script>window.__xss = 1</script><img src=x onerror="window.__xss = 2"> jalan rusak di Sinjai Utara, tolong diperbaiki`;
    const { page, problems, dialogs } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    await page.locator('[data-testid=feed] [data-case-id]').first().waitFor();
    fake.addTweet({ text: hostile, author: { name: '<b onmouseover=alert(1)>Penyusup</b>', username: 'penyusup' } });
    await pollNow(t);
    const card = page.locator('[data-testid=feed] [data-case-id]', { hasText: '<script>window.__xss = 1</script>' });
    await card.waitFor({ timeout: 10_000 });
    await expect(card.locator('.post-text').textContent()).resolves.toBe(hostile);
    await expect(card.locator('.author-name').textContent()).resolves.toBe('<b onmouseover=alert(1)>Penyusup</b>');
    expect(await card.locator('script, img, b').count()).toBe(0);

    await card.locator('a').first().click();
    const post = page.locator('.post').first();
    await post.waitFor();
    await expect(post.locator('.post-text').textContent()).resolves.toBe(hostile);
    expect(await page.locator('main script, main img').count()).toBe(0);
    await page.waitForTimeout(200);
    expect(await page.evaluate(() => (window as unknown as { __xss?: number }).__xss)).toBeUndefined();
    expect(dialogs).toEqual([]);
    expect(problems).toEqual([]);
    await page.close();
  });

  it('should move a case re-routed by an operator to the other OPD inbox, live', async () => {
    const ds = t.get(DataSource);
    const [c] = await ds.query(`SELECT id::text FROM cases WHERE opd_code = 'DLH' LIMIT 1`);
    const dlh = await browser.newPage();
    const pdam = await browser.newPage();
    const operator = await browser.newPage();
    await Promise.all([
      login(dlh.page, t.url, await createLogin(t, 'opd', ['DLH'])),
      login(pdam.page, t.url, await createLogin(t, 'opd', ['PDAM'])),
      login(operator.page, t.url, await createLogin(t, 'operator')),
    ]);
    await dlh.page.locator(`[data-case-id="${c.id}"]`).waitFor();
    expect(await pdam.page.locator(`[data-case-id="${c.id}"]`).count()).toBe(0);

    await operator.page.goto(`${t.url}/kasus/${c.id}`);
    await operator.page.getByText('Alihkan ke OPD lain').click();
    const form = operator.page.locator('[data-action=Alihkan] form');
    await form.locator('select[name=opdCode]').selectOption('PDAM');
    await form.locator('input[name=reason]').fill('Urusan air minum, bukan sampah');
    await form.getByRole('button', { name: 'Alihkan' }).click();
    await operator.page.locator('[data-testid=history] [data-event=rerouted]').waitFor();

    await pdam.page.locator(`[data-case-id="${c.id}"]`).waitFor({ timeout: 3000 });
    await dlh.page.locator(`[data-case-id="${c.id}"]`).waitFor({ state: 'detached', timeout: 3000 });
    await screenshots(operator.page, 'kasus-dialihkan');
    for (const p of [dlh, pdam, operator]) {
      expect(p.problems).toEqual([]);
      await p.page.close();
    }
  });
});
