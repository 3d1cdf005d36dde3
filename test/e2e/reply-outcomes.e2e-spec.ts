import { DataSource } from 'typeorm';
import { FacebookFake } from '../../src/fakes/facebook.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { RepliesService } from '../../src/replies/replies.service.js';
import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Replies exactly once, with honest reasons (§6.5): X's several 403s told apart, a reply to a
// second-level Facebook comment found where Graph files it, and no second post of a reply whose
// outcome no one could verify.
describe('e2e: how a reply ends, and what the case says', () => {
  const x = new XFake();
  const fb = new FacebookFake();
  let t: TestApp;
  let ds: DataSource;
  let token: string;
  let xAccountId: string;
  let fbAccountId: string;

  beforeAll(async () => {
    await Promise.all([x.start(), fb.start()]);
    t = await startTestApp({ X_BASE_URL: x.baseUrl, FACEBOOK_BASE_URL: fb.baseUrl, CONNECTOR_HTTP_TIMEOUT_MS: '400' });
    ds = t.get(DataSource);
    token = await t.tokenFor('admin');
    xAccountId = (await createAccount(t.app, { externalAccountId: x.accountUserId })).id;
    fbAccountId = (
      await createAccount(t.app, { platform: 'facebook', externalAccountId: fb.pageId, handle: 'Pemkab Sinjai', credentials: { pageAccessToken: 'fb-page-token' } })
    ).id;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([x.stop(), fb.stop()]);
  });

  const reply = (caseId: string, text: string) => t.http().post(`/api/cases/${caseId}/replies`).set('authorization', `Bearer ${token}`).send({ text });
  const caseOf = async (externalId: string): Promise<string> => (await ds.query(`SELECT case_id FROM posts WHERE external_id = $1`, [externalId]))[0].case_id;
  const view = async (caseId: string) =>
    (await t.http().get(`/api/cases/${caseId}`).set('authorization', `Bearer ${token}`).expect(200)).body as {
      post: { deleted: boolean };
      replies: Array<{ state: string; outcome: string | null; error: string | null }>;
      events: Array<{ type: string; data: Record<string, unknown> }>;
    };
  const newXCase = async (text: string): Promise<{ caseId: string; tweetId: string }> => {
    const tw = x.addTweet({ text: `@pemkabsinjai ${text}` });
    await pollNow(t.app, xAccountId);
    return { caseId: await caseOf(tw.id), tweetId: tw.id };
  };

  describe('X answers 403 for several causes', () => {
    it('should say the citizen deleted the post, mark it deleted on the case, and leave the account alone', async () => {
      const { caseId, tweetId } = await newXCase('jalan di Bulupoddo longsor');
      x.deleteTweet(tweetId);
      const res = await reply(caseId, 'Tim BPBD sedang menuju lokasi.').expect(201);
      expect(res.body).toMatchObject({ state: 'failed', outcome: 'target_deleted' });
      expect(res.body.error).toBe('Balasan tidak terkirim: postingan warga sudah dihapus atau tidak terlihat lagi di platform. Hubungi warga lewat kanal lain bila perlu.');
      const v = await view(caseId);
      expect(v.post.deleted).toBe(true);
      expect(v.events.map((e) => e.type)).toEqual(expect.arrayContaining(['reply_failed', 'post_deleted']));
      expect((await reloadAccount(t.app, xAccountId)).healthState).toBe('ok');
      expect(x.posted).toHaveLength(0);
    });

    it('should say the author restricts replies, and leave the account alone', async () => {
      const { caseId, tweetId } = await newXCase('pungutan liar di pasar Sentral');
      x.flagTweet(tweetId, { repliesRestricted: true });
      const res = await reply(caseId, 'Laporan diteruskan ke Inspektorat.').expect(201);
      expect(res.body).toMatchObject({ state: 'failed', outcome: 'reply_restricted' });
      expect(res.body.error).toMatch(/penulis membatasi siapa yang boleh membalas/);
      expect((await view(caseId)).post.deleted).toBe(false);
      expect((await reloadAccount(t.app, xAccountId)).healthState).toBe('ok');
    });

    it('should say the text repeats an earlier reply, and leave the account alone', async () => {
      const first = await newXCase('sampah menumpuk di pasar Lappa');
      const second = await newXCase('sampah menumpuk di terminal');
      await reply(first.caseId, 'Terima kasih, sudah kami teruskan ke DLH.').expect(201);
      const res = await reply(second.caseId, 'Terima kasih, sudah kami teruskan ke DLH.').expect(201);
      expect(res.body).toMatchObject({ state: 'failed', outcome: 'duplicate' });
      expect(res.body.error).toMatch(/teks yang sama/);
      expect((await reloadAccount(t.app, xAccountId)).healthState).toBe('ok');
    });

    it('should say the account lost its right to reply, and mark the account so', async () => {
      const { caseId } = await newXCase('lampu lalu lintas mati di simpang lima');
      x.postingForbidden = true;
      try {
        const res = await reply(caseId, 'Dishub sudah dikabari.').expect(201);
        expect(res.body).toMatchObject({ state: 'failed', outcome: 'permission' });
        expect(res.body.error).toMatch(/izin akun untuk membalas dicabut/);
        const acc = await reloadAccount(t.app, xAccountId);
        expect(acc.healthState).toBe('permission_missing');
        expect(acc.nextPollAt).toBeNull();
      } finally {
        x.postingForbidden = false;
        await t.get(DataSource).query(`UPDATE connector_accounts SET health_state = 'ok' WHERE id = $1`, [xAccountId]);
      }
    });
  });

  it('should take a Page comment overlap in range and refuse one out of range with a clear 422', async () => {
    const patch = (settings: Record<string, unknown>) => t.http().patch(`/api/accounts/${fbAccountId}`).set('authorization', `Bearer ${token}`).send({ settings });
    const bad = await patch({ overlapSec: 30 }).expect(422);
    expect(bad.body.message).toMatch(/overlapSec harus bilangan bulat antara 120 dan 86400/);
    await patch({ overlapSec: '600' }).expect(422);
    await patch({ overlapSec: 600 }).expect(200);
    expect((await reloadAccount(t.app, fbAccountId)).settings).toEqual({ overlapSec: 600 });
  });

  it('should post a reply to a second-level Facebook comment once when the call hangs: Graph files it under the top-level comment', async () => {
    fb.duplicateCheck = false; // nothing on the platform's side stops a second post
    const p = fb.addVisitorPost({ text: 'Info jadwal vaksin di puskesmas?', author: { id: '7300000000100', name: 'Andi' } });
    const top = fb.addComment({ postId: p.id, text: 'sama, saya juga tanya', author: { id: '7300000000200', name: 'Besse' } });
    await pollNow(t.app, fbAccountId);
    // A second later: a comment in the very second of the last scan would wait for the next full scan.
    const second = fb.addComment({ postId: p.id, parentId: top.id, text: 'puskesmas Bikeru tutup terus, obat kosong', author: { id: '7300000000300', name: 'Citra' }, createdAt: Math.floor(Date.now() / 1000) + 1 });
    await pollNow(t.app, fbAccountId);
    const caseId = await caseOf(second.id);

    fb.loseReplyResponses('hang');
    const res = await reply(caseId, 'Dinkes sudah menghubungi kepala puskesmas Bikeru.').expect(201);
    expect(res.body).toMatchObject({ state: 'sent', outcome: 'found_after_unknown', attempts: 1 });
    expect(fb.posted).toHaveLength(1);
    expect(fb.posted[0].parentId).toBe(top.id); // filed under the top-level comment, not under `second`
    expect(res.body.externalId).toBe(fb.posted[0].id);
  });

  it('should never start a second reply while the first may have gone out', async () => {
    const { caseId } = await newXCase('jembatan Tangka retak');
    // The post is lost and the lookup cannot answer: the outcome stays unknown.
    x.inject({ kind: 'lost_response', path: '/2/tweets', method: 'POST' });
    x.inject({ kind: 'server_error', path: '/2/tweets/search/recent' });
    const first = await reply(caseId, 'Tim DPUPR akan memeriksa jembatan.').expect(201);
    expect(first.body.state).toBe('unknown');
    const again = await reply(caseId, 'Tim DPUPR akan memeriksa jembatan.').expect(409);
    expect(again.body.message).toMatch(/belum pasti terkirim/);

    // The next check finds it: one post on X, none repeated.
    await ds.query(`UPDATE outbound_replies SET updated_at = now() - interval '5 minutes' WHERE case_id = $1`, [caseId]);
    expect(await t.get(RepliesService).resumeStale()).toBe(1);
    const v = await view(caseId);
    expect(v.replies.map((r) => [r.state, r.outcome])).toEqual([['sent', 'found_after_unknown']]);
    expect(x.posted.filter((p) => p.text === 'Tim DPUPR akan memeriksa jembatan.')).toHaveLength(1);
  });

  it('should refuse the same text again after an outcome no one could verify', async () => {
    const { caseId } = await newXCase('banjir di Lamatti Riattang');
    x.inject({ kind: 'lost_response', path: '/2/tweets', method: 'POST' });
    // A lookup that is refused outright (not a passing failure): a person has to look.
    x.inject({ kind: 'permission', path: '/2/tweets/search/recent' });
    const first = await reply(caseId, 'BPBD sudah mengirim perahu karet.').expect(201);
    expect(first.body).toMatchObject({ state: 'failed', outcome: 'unverified' });
    expect(first.body.error).toMatch(/Periksa di platform sebelum mengirim ulang/);
    const again = await reply(caseId, 'BPBD sudah mengirim perahu karet.').expect(409);
    expect(again.body.message).toMatch(/mungkin sudah tampil di platform/);
    expect(x.posted.filter((p) => p.text === 'BPBD sudah mengirim perahu karet.')).toHaveLength(1);
    // A different text is the OPD's own decision after looking.
    await reply(caseId, 'BPBD sudah mengirim perahu karet ke Lamatti (SW).').expect(201);
  });
});
