// The monitor's connector panel shows an account's quarantined items (issue 12 §1): the count, the
// list with "Coba lagi" and "Abaikan", and the count gone once the item is dismissed (audited).
import { DataSource } from 'typeorm';
import { XFake } from '../../../src/fakes/x.fake.js';
import { createLogin, describeBrowser, launchBrowser, login, screenshots, type TestBrowser } from '../../factories/browser.js';
import { createAccount } from '../../factories/connector-account.factory.js';
import { pollNow } from '../../factories/poll.js';
import { eventually } from '../../factories/socket.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';

describeBrowser('browser: quarantined items on the connector panel', () => {
  const fake = new XFake();
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;

  beforeAll(async () => {
    await fake.start();
    launching = launchBrowser();
    t = await startTestApp({ X_BASE_URL: fake.baseUrl });
    browser = await launching;
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
    await fake.stop();
  });

  it('should show "1 item dikarantina", list it with Coba lagi and Abaikan, and clear it when dismissed', async () => {
    const acc = await createAccount(t.app, { externalAccountId: fake.accountUserId });
    fake.addTweet({ text: '@pemkabsinjai jalan rusak' });
    const bad = fake.addTweet({ text: 'bentuk aneh' }) as unknown as Record<string, unknown>;
    bad.referenced_tweets = 'bukan daftar';
    fake.addTweet({ text: '@pemkabsinjai lampu mati' });
    await pollNow(t.app, acc.id);

    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'operator'));
    const count = page.locator(`[data-account="${acc.id}"] [data-testid=quarantine-count]`);
    await count.waitFor();
    expect(await count.textContent()).toBe('1 item dikarantina');
    await count.click();
    const item = page.locator('.quarantine-item').first();
    await item.waitFor();
    expect(await item.textContent()).toMatch(/tidak terbaca.*not a function/);
    await screenshots(page, 'pantauan-karantina');
    await item.getByRole('button', { name: 'Abaikan' }).click();
    await eventually(() => count.count(), (n) => n === 0, 10_000);
    const [audit] = await t.get(DataSource).query(`SELECT action FROM audit_log WHERE target_type = 'quarantined_item'`);
    expect(audit.action).toBe('quarantine.dismiss');
    expect(problems).toEqual([]);
  });
});
