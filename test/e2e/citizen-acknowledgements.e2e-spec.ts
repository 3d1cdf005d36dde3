import { DataSource } from 'typeorm';
import { NoticeQueueService } from '../../src/citizen/notice-queue.service.js';
import { FacebookFake } from '../../src/fakes/facebook.fake.js';
import { WhatsAppFake } from '../../src/fakes/whatsapp.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

const ON = { notices: { enabled: true } };

// Issue 15 §1: a case opened from a citizen's post is acknowledged once, on the same platform and
// thread, by the account that received it, through the reply outbox and within a posting budget.
describe('e2e: acknowledgements with a tracking number, through the reply machinery', () => {
  const x = new XFake();
  const fb = new FacebookFake();
  const wa = new WhatsAppFake();
  let t: TestApp;
  let ds: DataSource;
  let queue: NoticeQueueService;
  const acc: Record<string, string> = {};

  const q = <T>(sql: string, p: unknown[] = []): Promise<T[]> => ds.query(sql, p);
  const caseOf = async (externalId: string) =>
    (
      await q<{ id: string; tracking_number: string; access_code: string; opd_code: string; status: string }>(
        `SELECT c.id, c.tracking_number, c.access_code, c.opd_code, c.status FROM posts p JOIN cases c ON c.id = p.case_id WHERE p.external_id = $1`,
        [externalId],
      )
    )[0];
  const notices = (caseId: string) =>
    q<{ kind: string; state: string; text: string; attempts: number }>(
      `SELECT kind, state, text, attempts FROM outbound_replies WHERE case_id = $1 ORDER BY id`,
      [caseId],
    );

  beforeAll(async () => {
    await Promise.all([x.start(), fb.start(), wa.start()]);
    t = await startTestApp({
      X_BASE_URL: x.baseUrl,
      FACEBOOK_BASE_URL: fb.baseUrl,
      WHATSAPP_BASE_URL: wa.baseUrl,
      META_APP_SECRET: wa.appSecret,
      META_WEBHOOK_VERIFY_TOKEN: 'verify-me',
      PUBLIC_BASE_URL: 'https://lapor.sinjaikab.go.id',
      CONNECTOR_HTTP_TIMEOUT_MS: '400',
    });
    ds = t.get(DataSource);
    queue = t.get(NoticeQueueService);
    wa.webhookUrl = `${t.url}/api/webhooks/whatsapp`;
    acc.x = (await createAccount(t.app, { externalAccountId: x.accountUserId, settings: ON })).id;
    acc.fb = (
      await createAccount(t.app, {
        platform: 'facebook',
        externalAccountId: fb.pageId,
        handle: 'Pemkab Sinjai',
        settings: ON,
        credentials: { pageAccessToken: 'fb-page-token' },
      })
    ).id;
    acc.wa = (
      await createAccount(t.app, {
        platform: 'whatsapp',
        externalAccountId: wa.phoneNumberId,
        handle: wa.displayNumber,
        settings: ON,
        credentials: { accessToken: 'wa-token' },
      })
    ).id;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([x.stop(), fb.stop(), wa.stop()]);
  });

  it('should acknowledge an X mention, a Facebook comment and a WhatsApp message once each, with the tracking number', async () => {
    const mention = x.addTweet({
      text: '@pemkabsinjai jalan poros Lappa rusak berlubang parah, kapan diperbaiki?',
      author: { username: 'andi_lappa' },
    });
    const fbPost = fb.addVisitorPost({
      text: 'Info kegiatan hari ini',
      author: { id: '7300000000900', name: 'Admin Desa' },
    });
    const comment = fb.addComment({
      postId: fbPost.id,
      text: 'saluran air di Jl. Persatuan tersumbat, banjir tiap hujan, mohon dinas segera turun',
      author: { id: '7300000000100', name: 'Citra' },
    });
    const waMsg = await wa.sendMessage({
      from: '6281299990001',
      name: 'Ibu Hasnah',
      text: 'Assalamualaikum pak, air PDAM di rumah kami di Biringere mati sejak kemarin, mohon dibantu',
    });
    await pollNow(t.app, acc.x);
    await pollNow(t.app, acc.fb);
    await pollNow(t.app, acc.wa);
    const cx = await caseOf(mention.id);
    const cf = await caseOf(comment.id);
    const cw = await caseOf(waMsg.id);
    // Queued in the transaction that opened the case, not yet sent.
    expect((await notices(cx.id)).map((n) => [n.kind, n.state])).toEqual([['acknowledgement', 'pending']]);
    expect(x.posted).toHaveLength(0);
    // Staff see it queued on the case, and may still reply meanwhile (it cannot have posted anything).
    const staff = await t.tokenFor('operator');
    const detail = (
      await t.http().get(`/api/cases/${cx.id}`).set('authorization', `Bearer ${staff}`).expect(200)
    ).body as { replies: Array<{ kind: string; state: string; attempts: number }> };
    expect(detail.replies).toEqual([
      expect.objectContaining({ kind: 'acknowledgement', state: 'pending', attempts: 0 }),
    ]);

    await queue.runOnce();
    await queue.runOnce(); // a second run finds nothing left to send
    expect(x.posted).toHaveLength(1);
    expect(x.posted[0].text).toContain(cx.tracking_number);
    expect(x.posted[0].text).toContain(`https://lapor.sinjaikab.go.id/lacak/${cx.tracking_number}`);
    // A public post's link needs no code; the reply stands in the citizen's thread.
    expect(x.posted[0].text).not.toContain('kode=');
    expect(x.posted[0].text.length).toBeLessThanOrEqual(280);
    expect(fb.posted.filter((p) => p.message.includes(cf.tracking_number))).toHaveLength(1);
    expect(fb.posted).toHaveLength(1);
    expect(wa.sent).toHaveLength(1);
    expect(wa.sent[0].to).toBe('6281299990001');
    // A private chat's link carries the code that alone opens its tracking page.
    expect(wa.sent[0].text).toContain(`/lacak/${cw.tracking_number}?kode=${cw.access_code}`);
    for (const c of [cx, cf, cw])
      expect((await notices(c.id)).map((n) => [n.kind, n.state])).toEqual([['acknowledgement', 'sent']]);
    // An automatic notice is not the OPD's follow-up: the follow-up clock keeps running.
    expect(
      (
        await q<{ first_response_at: Date | null }>(`SELECT first_response_at FROM cases WHERE id = $1`, [
          cx.id,
        ])
      )[0].first_response_at,
    ).toBeNull();
    expect(
      (await q<{ type: string }>(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY id`, [cx.id])).map(
        (e) => e.type,
      ),
    ).toContain('notice_sent');
  });

  it('should not acknowledge a follow-up that joins an open case, nor "other" chatter', async () => {
    const first = x.addTweet({
      text: '@pemkabsinjai lampu jalan di Biringere mati sudah seminggu',
      author: { username: 'besse' },
    });
    await pollNow(t.app, acc.x);
    await queue.runOnce();
    const before = x.posted.length;
    x.addTweet({
      text: '@pemkabsinjai masih gelap malam ini, tolong',
      author: { username: 'besse' },
      replyTo: first.id,
    });
    const thanks = x.addTweet({
      text: '@pemkabsinjai terima kasih pak bupati, sukses selalu 🙏',
      author: { username: 'cici' },
    });
    await pollNow(t.app, acc.x);
    await queue.runOnce();
    expect(x.posted.length).toBe(before);
    const other = await caseOf(thanks.id);
    expect(await notices(other.id)).toEqual([]);
  });

  it('should queue nothing for an account whose notices are off (the default outside demo mode)', async () => {
    await ds.query(`UPDATE connector_accounts SET settings = '{}' WHERE id = $1`, [acc.x]);
    const m = x.addTweet({
      text: '@pemkabsinjai puskesmas Bikeru tutup terus, obat kosong',
      author: { username: 'dedi' },
    });
    await pollNow(t.app, acc.x);
    const before = x.posted.length;
    await queue.runOnce();
    expect(await notices((await caseOf(m.id)).id)).toEqual([]);
    expect(x.posted.length).toBe(before);
  });

  it('should keep to the account’s posting budget: a burst is answered a few a minute, not all at once', async () => {
    await ds.query(
      `UPDATE connector_accounts SET settings = '{"notices":{"enabled":true,"perMinute":2}}' WHERE id = $1`,
      [acc.x],
    );
    // Let the earlier sends age out of the one-minute budget window.
    await ds.query(
      `UPDATE outbound_replies SET attempted_at = attempted_at - interval '2 minutes' WHERE account_id = $1`,
      [acc.x],
    );
    const before = x.posted.length;
    const places = ['Tondong', 'Bulupoddo', 'Sinjai Borong', 'Manipi', 'Pulau Sembilan', 'Tellulimpoe'];
    for (const [i, p] of places.entries())
      x.addTweet({
        text: `@pemkabsinjai jembatan di ${p} retak dan berbahaya, mohon diperbaiki`,
        author: { username: `warga${i}` },
      });
    await pollNow(t.app, acc.x);
    await queue.runOnce();
    expect(x.posted.length - before).toBe(2);
    await queue.runOnce();
    expect(x.posted.length - before).toBe(2); // still inside the same minute
    const waiting = (
      await q<{ n: number }>(
        `SELECT count(*)::int AS n FROM outbound_replies WHERE account_id = $1 AND state = 'pending'`,
        [acc.x],
      )
    )[0].n;
    expect(waiting).toBe(4);
    await ds.query(
      `UPDATE outbound_replies SET attempted_at = attempted_at - interval '2 minutes' WHERE account_id = $1`,
      [acc.x],
    );
    await queue.runOnce();
    expect(x.posted.length - before).toBe(4);
  });

  it('should post once when the platform’s answer is lost: the unknown outcome is checked before any retry', async () => {
    await ds.query(
      `UPDATE connector_accounts SET settings = '{"notices":{"enabled":true,"perMinute":100}}' WHERE id = $1`,
      [acc.x],
    );
    await queue.runOnce(); // drain what the budget held back
    const before = x.posted.length;
    const m = x.addTweet({
      text: '@pemkabsinjai sampah menumpuk di pasar Sentral sudah seminggu tidak diangkut',
      author: { username: 'erni' },
    });
    await pollNow(t.app, acc.x);
    x.inject({ kind: 'lost_response', path: '/2/tweets', method: 'POST' });
    await queue.runOnce();
    const c = await caseOf(m.id);
    expect(x.posted.length - before).toBe(1);
    const [n] = await notices(c.id);
    expect(n).toMatchObject({ kind: 'acknowledgement', state: 'sent', attempts: 1 });
  });

  it('should not message a WhatsApp citizen outside the 24-hour window', async () => {
    const old = Math.floor(Date.now() / 1000) - 25 * 3600;
    const late = await wa.sendMessage({
      from: '6281299990077',
      name: 'Pak Rahman',
      text: 'Jalan ke desa Saohiring rusak parah pak, mohon diperbaiki',
      timestamp: old,
    });
    await pollNow(t.app, acc.wa);
    const sentBefore = wa.sent.length;
    await queue.runOnce();
    const c = await caseOf(late.id);
    expect((await notices(c.id)).map((n) => n.state)).toEqual(['window_closed']);
    expect(wa.sent.length).toBe(sentBefore);
  });

  it('should acknowledge a case in triage without naming an OPD', async () => {
    await ds.query(
      `UPDATE connector_accounts SET settings = '{"notices":{"enabled":true,"delayMin":5,"perMinute":100}}' WHERE id = $1`,
      [acc.x],
    );
    const m = x.addTweet({
      text: '@pemkabsinjai got jalan di Lamatti tersumbat',
      author: { username: 'fajar' },
    });
    await pollNow(t.app, acc.x);
    const c = await caseOf(m.id);
    // The delay gives staff time to correct the routing: nothing goes out yet.
    await queue.runOnce();
    expect((await notices(c.id)).map((n) => n.state)).toEqual(['pending']);
    // Meanwhile the case is in triage (as an uncertain one would be); its turn comes.
    await ds.query(`UPDATE cases SET status = 'perlu_ditinjau', opd_code = $2 WHERE id = $1`, [
      c.id,
      t.config.triageOpd,
    ]);
    await ds.query(
      `UPDATE outbound_replies SET not_before = now() - interval '1 second' WHERE case_id = $1`,
      [c.id],
    );
    await queue.runOnce();
    const [n] = await notices(c.id);
    expect(n.state).toBe('sent');
    expect(n.text).toMatch(/sedang ditinjau/);
    expect(n.text).toContain(c.tracking_number);
    expect(x.posted.at(-1)!.text).toBe(n.text);
  });
});
