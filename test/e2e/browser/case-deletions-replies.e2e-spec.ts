// The case page in headless Chromium when a citizen deleted a follow-up and a reply's outcome is
// still being checked: the deletion shows in the thread and the history, and no form offers a
// second reply until the first one's fate is known.
import { DataSource } from 'typeorm';
import { XFake } from '../../../src/fakes/x.fake.js';
import { HousekeepingScheduler } from '../../../src/ingestion/housekeeping.scheduler.js';
import { RepliesService } from '../../../src/replies/replies.service.js';
import { createLogin, describeBrowser, launchBrowser, login, type TestBrowser } from '../../factories/browser.js';
import { createAccount } from '../../factories/connector-account.factory.js';
import { pollNow } from '../../factories/poll.js';
import { startTestApp, type TestApp } from '../../factories/test-app.js';

describeBrowser('browser: a deleted follow-up and a reply being checked, on the case page', () => {
  const x = new XFake();
  let t: TestApp;
  let browser: TestBrowser;
  let launching: Promise<TestBrowser> | undefined;

  beforeAll(async () => {
    await x.start();
    launching = launchBrowser();
    t = await startTestApp({ X_BASE_URL: x.baseUrl, CONNECTOR_HTTP_TIMEOUT_MS: '400' });
    browser = await launching;
  }, 120_000);
  afterAll(async () => {
    await (await launching?.catch(() => undefined))?.close();
    await t?.close();
    await x.stop();
  });

  it('should show the deletion and offer no second reply while the first is unconfirmed', async () => {
    const acc = await createAccount(t.app, { externalAccountId: x.accountUserId });
    const opener = x.addTweet({ text: '@pemkabsinjai jalan di Tellulimpoe rusak parah', author: { username: 'gita' } });
    await pollNow(t.app, acc.id);
    const follow = x.addTweet({ text: '@pemkabsinjai sudah ada yang jatuh dari motor', author: { username: 'gita' }, replyTo: opener.id });
    await pollNow(t.app, acc.id);
    const ds = t.get(DataSource);
    const [{ case_id: caseId }] = await ds.query(`SELECT case_id FROM posts WHERE external_id = $1`, [follow.id]);

    x.deleteTweet(follow.id);
    expect(await t.get(HousekeepingScheduler).refreshOpenPosts()).toBe(1);
    // The reply's response is lost and the check cannot answer yet: outcome unknown.
    x.inject({ kind: 'lost_response', path: '/2/tweets', method: 'POST' });
    x.inject({ kind: 'server_error', path: '/2/tweets/search/recent' });
    const token = await t.tokenFor('admin');
    const sent = await t.http().post(`/api/cases/${caseId}/replies`).set('authorization', `Bearer ${token}`).send({ text: 'DPUPR menjadwalkan penambalan minggu ini.' }).expect(201);
    expect(sent.body.state).toBe('unknown');

    const { page, problems } = await browser.newPage();
    await login(page, t.url, await createLogin(t, 'admin'));
    await page.goto(`${t.url}/kasus/${caseId}`);
    await page.locator('[data-testid=reply-wait]').waitFor();
    expect(await page.locator('[data-testid=thread] .post-text.deleted').allTextContents()).toEqual(['(unggahan sudah dihapus oleh penulisnya)']);
    expect(await page.locator('[data-testid=history] [data-event=post_deleted] .ev-type').allTextContents()).toEqual(['Unggahan warga dihapus di platform']);
    expect(await page.locator('[data-testid=reply-checking]').count()).toBe(1);
    expect(await page.locator('[data-testid=case-actions] summary', { hasText: 'Balas publik' }).count()).toBe(0);

    // The next check finds the reply on X: the page offers the form again, and X has one post.
    await ds.query(`UPDATE outbound_replies SET updated_at = now() - interval '5 minutes'`);
    expect(await t.get(RepliesService).resumeStale()).toBe(1);
    await page.reload();
    await page.locator('[data-testid=case-actions] summary', { hasText: 'Balas publik' }).waitFor();
    expect(await page.locator('[data-testid=replies] [data-reply-state=sent]').count()).toBe(1);
    expect(x.posted).toHaveLength(1);
    expect(problems).toEqual([]);
    await page.close();
  }, 60_000);
});
