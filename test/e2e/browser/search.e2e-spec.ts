// The inbox search in headless Chromium (issue 14 §2): an OPD officer on a phone finds a case by a
// word in another form ("merusak" → "Kerusakan") and by the citizen's name, and the list says how
// many cases match in all, in Indonesian number format.
import { DataSource } from 'typeorm';
import { createLogin, describeBrowser, launchBrowser, login, PHONE, screenshots, type TestBrowser } from '../../factories/browser.js';
import { createCase } from '../../factories/case.factory.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';

describeBrowser('browser: inbox search', () => {
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;

  beforeAll(async () => {
    launching = launchBrowser();
    t = await startTestApp();
    browser = await launching;
    await createCase(t.app, { opdCode: 'DLH', text: 'Kerusakan hutan bakau di pesisir makin luas karena ditebang', authorName: 'Hasnah Kadir' });
    await createCase(t.app, { opdCode: 'DLH', text: 'Sampah di TPS belum diangkut', authorName: 'Baso Amir' });
    await createCase(t.app, { opdCode: 'DPUPR', text: 'Jalan ini dirusak truk tambang', authorName: 'Hasnah Kadir' });
    // 1,204 DLH cases in all, for the count's number format.
    await t.get(DataSource).query(`
      WITH p AS (
        INSERT INTO posts (platform, account_id, external_id, dedupe_key, kind, author_id, author_name, text, posted_at, reply_target, raw, processing_state)
        SELECT 'x', account_id, 'bulk' || g, 'x:bulk:' || g, 'mention', 'bulk', 'Warga', 'Sampah menumpuk ' || g, now(), '{}', '{}', 'processed'
        FROM generate_series(1, 1202) g, (SELECT account_id FROM posts LIMIT 1) a RETURNING id)
      INSERT INTO cases (tracking_number, post_id, intent, intent_confidence, sentiment, sentiment_confidence, routing_confidence, model_version, opd_code, status)
      SELECT 'SW-2025-' || lpad(id::text, 6, '0'), id, 'complaint', 0.9, 'negative', 0.9, 0.9, 'bulk', 'DLH', 'didisposisikan' FROM p`);
    await t.get(DataSource).query(`UPDATE posts p SET case_id = c.id FROM cases c WHERE c.post_id = p.id AND p.case_id IS NULL`);
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
  });

  it("should let a DLH officer on a phone find a case by 'merusak' and by the citizen's name, within DLH, with the total", async () => {
    const { page, problems } = await browser.newPage();
    await page.setViewportSize(PHONE);
    await login(page, t.url, await createLogin(t, 'opd', ['DLH']));
    await page.waitForFunction(() => document.querySelector('.list-info')?.textContent === 'Menampilkan 25 dari 1.204 kasus');

    // Waits for the count of the new list, so the cards read are the search's, not the list before it.
    const search = async (q: string, shown: string): Promise<string[]> => {
      await page.locator('input[name=q]').fill(q);
      await page.getByRole('button', { name: 'Cari', exact: true }).click();
      await page.waitForFunction((want) => document.querySelector('.list-info')?.textContent === want, shown);
      return page.locator('.case-list [data-case-id]').allTextContents();
    };
    const byWord = await search('merusak', 'Menampilkan 1 dari 1 kasus');
    expect(byWord).toHaveLength(1);
    expect(byWord[0]).toContain('Kerusakan hutan bakau');
    await screenshots(page, 'kotak-masuk-cari');

    await search('sampah', 'Menampilkan 25 dari 1.203 kasus');
    const byName = await search('Hasnah', 'Menampilkan 1 dari 1 kasus');
    expect(byName[0]).toContain('Hasnah Kadir'); // the DPUPR case of the same citizen stays outside DLH's inbox
    expect(problems).toEqual([]);
  }, 60_000);
});
