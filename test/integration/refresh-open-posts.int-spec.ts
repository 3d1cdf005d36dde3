import { DataSource } from 'typeorm';
import { FacebookFake } from '../../src/fakes/facebook.fake.js';
import { InstagramFake } from '../../src/fakes/instagram.fake.js';
import { TikTokFake } from '../../src/fakes/tiktok.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { HousekeepingScheduler } from '../../src/ingestion/housekeeping.scheduler.js';
import { createCase } from '../factories/case.factory.js';
import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Edits and deletions of the posts of open cases, openers and follow-ups, on every platform that
// can re-read them (§6.4 #9–10), through the real connectors, the real fakes and PostgreSQL.
describe('re-reading the posts of open cases (real PostgreSQL, fake platforms)', () => {
  const x = new XFake();
  const fb = new FacebookFake();
  const ig = new InstagramFake();
  const tt = new TikTokFake();
  let t: TestApp;
  let ds: DataSource;
  let token: string;

  const refresh = () => t.get(HousekeepingScheduler).refreshOpenPosts();
  const post = async (externalId: string) =>
    (await ds.query(`SELECT id, case_id, deleted, text, reply_target FROM posts WHERE external_id = $1`, [externalId]))[0] as
      | { id: string; case_id: string; deleted: boolean; text: string; reply_target: { targetId: string } }
      | undefined;
  const events = async (caseId: string, type: string) =>
    ds.query<Array<{ data: { postId: string } }>>(`SELECT data FROM case_events WHERE case_id = $1 AND type = $2`, [caseId, type]);
  const caseView = async (caseId: string) =>
    (await t.http().get(`/api/cases/${caseId}`).set('authorization', `Bearer ${token}`).expect(200)).body as {
      post: { id: string; deleted: boolean };
      thread: Array<{ id: string; deleted: boolean; text: string; revisions?: Array<{ text: string }> }>;
      events: Array<{ type: string }>;
    };

  beforeAll(async () => {
    await Promise.all([x, fb, ig, tt].map((f) => f.start()));
    t = await startTestApp({
      X_BASE_URL: x.baseUrl,
      FACEBOOK_BASE_URL: fb.baseUrl,
      INSTAGRAM_BASE_URL: ig.baseUrl,
      TIKTOK_BASE_URL: tt.apiBaseUrl,
      CONNECTOR_HTTP_TIMEOUT_MS: '1000',
      POLL_MAX_PAGES_PER_RUN: '100',
    });
    ds = t.get(DataSource);
    token = await t.tokenFor('admin');
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([x, fb, ig, tt].map((f) => f.stop()));
  });
  beforeEach(async () => {
    for (const f of [x, fb, ig, tt]) f.reset();
    await ds.query('TRUNCATE outbound_replies, case_events, post_revisions, cases, posts, connector_accounts, tracking_counters CASCADE');
  });

  /**
   * Many open cases at once, in a few statements rather than through classification (not what
   * these tests measure): one post per item on the account, each opening a case cloned from a
   * factory-made one; `caseOf` attaches the item as a follow-up to that item's case instead.
   */
  const openCases = async (
    accountId: string,
    items: Array<{ id: string; text: string; replyTarget: Record<string, unknown>; kind: string; caseOf?: string }>,
  ): Promise<void> => {
    const template = await createCase(t.app, { text: 'templat' });
    await ds.query(`UPDATE cases SET status = 'ditolak' WHERE id = $1`, [template.id]);
    const cols = (
      await ds.query<Array<{ column_name: string }>>(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'cases' AND column_name NOT IN ('id', 'tracking_number', 'post_id')`,
      )
    ).map((r) => `"${r.column_name}"`);
    const insertPosts = (list: typeof items) =>
      ds.query<Array<{ id: string; external_id: string }>>(
        `INSERT INTO posts (platform, account_id, external_id, dedupe_key, kind, author_id, text, posted_at, reply_target, raw, processing_state, case_id)
         SELECT (s.rt->>'platform')::platform, $1, s.ext, (s.rt->>'platform') || ':' || s.ext, s.kind::post_kind, 'author-' || s.ext, s.text, now(), s.rt, '{}', 'processed',
                (SELECT p.case_id FROM posts p WHERE p.account_id = $1 AND p.external_id = s.follow)
         FROM jsonb_to_recordset($2::jsonb) AS s(ext text, text text, kind text, rt jsonb, follow text) RETURNING id, external_id`,
        [accountId, JSON.stringify(list.map((i) => ({ ext: i.id, text: i.text, kind: i.kind, rt: i.replyTarget, follow: i.caseOf ?? null })))],
      );
    const openers = await insertPosts(items.filter((i) => !i.caseOf));
    await ds.query(
      `WITH c AS (
         INSERT INTO cases ("tracking_number", "post_id", ${cols.join(', ')})
         SELECT 'SW-2026-' || lpad((800000 + n)::text, 6, '0') || '-' || p.id, p.id, ${cols.map((c) => `t.${c}`).join(', ')}
         FROM unnest($1::bigint[]) WITH ORDINALITY AS p(id, n), cases t WHERE t.id = $2 RETURNING id, post_id)
       UPDATE posts SET case_id = c.id FROM c WHERE posts.id = c.post_id`,
      [openers.map((o) => o.id), template.id],
    );
    await ds.query(`UPDATE cases SET status = 'didisposisikan' WHERE id <> $1`, [template.id]);
    await insertPosts(items.filter((i) => i.caseOf));
  };

  const xAccount = () => createAccount(t.app, { externalAccountId: x.accountUserId });
  const fbAccount = () =>
    createAccount(t.app, { platform: 'facebook', externalAccountId: fb.pageId, handle: 'Pemkab Sinjai', credentials: { pageAccessToken: 'fb-page-token' } });

  it('should mark a deleted X opener and a deleted X follow-up, keep their text, and show both on their cases', async () => {
    const acc = await xAccount();
    const a = x.addTweet({ text: '@pemkabsinjai jalan poros Lappa berlubang besar', author: { username: 'andi' } });
    const b = x.addTweet({ text: '@pemkabsinjai lampu jalan di Biringere mati', author: { username: 'besse' } });
    await pollNow(t.app, acc.id);
    const aFollow = x.addTweet({ text: '@pemkabsinjai sudah dua minggu belum ada perbaikan', author: { username: 'andi' }, replyTo: a.id });
    const bFollow = x.addTweet({ text: '@pemkabsinjai masih gelap malam ini', author: { username: 'besse' }, replyTo: b.id });
    await pollNow(t.app, acc.id);
    const [pa, paf, pb, pbf] = await Promise.all([a, aFollow, b, bFollow].map((tw) => post(tw.id)));
    expect(paf!.case_id).toBe(pa!.case_id); // the follow-up joined the case
    expect(pbf!.case_id).toBe(pb!.case_id);

    x.deleteTweet(a.id); // the opener of the first case
    x.deleteTweet(bFollow.id); // a follow-up of the second
    const before = x.requests.length;
    expect(await refresh()).toBe(2);
    expect(x.requests.slice(before).map((r) => `${r.method} ${r.path}`)).toEqual(['GET /2/tweets']);

    expect(await post(a.id)).toMatchObject({ deleted: true, text: '@pemkabsinjai jalan poros Lappa berlubang besar' });
    expect((await post(bFollow.id))!.deleted).toBe(true);
    expect((await post(aFollow.id))!.deleted).toBe(false);
    expect((await post(b.id))!.deleted).toBe(false);
    expect((await events(pa!.case_id, 'post_deleted')).map((e) => e.data.postId)).toEqual([pa!.id]);
    expect((await events(pb!.case_id, 'post_deleted')).map((e) => e.data.postId)).toEqual([pbf!.id]);

    const first = await caseView(pa!.case_id);
    expect(first.post.deleted).toBe(true);
    expect(first.events.some((e) => e.type === 'post_deleted')).toBe(true);
    const second = await caseView(pb!.case_id);
    expect(second.thread.find((p) => p.id === pbf!.id)!.deleted).toBe(true);

    // Marked once: a second refresh finds nothing new and asks only about the posts still there.
    expect(await refresh()).toBe(0);
    expect((await events(pb!.case_id, 'post_deleted')).length).toBe(1);
  });

  it('should keep an X edit as a revision and answer the newest version from then on', async () => {
    const acc = await xAccount();
    const a = x.addTweet({ text: '@pemkabsinjai jembatan Tondong retak', author: { username: 'citra' } });
    await pollNow(t.app, acc.id);
    const edited = x.editTweet(a.id, '@pemkabsinjai jembatan Tondong retak parah, bahaya untuk motor');
    expect(await refresh()).toBe(1);
    const p = (await post(a.id))!;
    expect(p.text).toBe('@pemkabsinjai jembatan Tondong retak parah, bahaya untuk motor');
    expect(p.reply_target.targetId).toBe(edited.id);
    expect((await caseView(p.case_id)).thread[0].revisions!.map((r) => r.text)).toEqual(['@pemkabsinjai jembatan Tondong retak']);
  });

  it('should re-read 250 open X posts in 3 calls and mark the deleted ones wherever they are', async () => {
    const acc = await xAccount();
    const tweets = Array.from({ length: 250 }, (_, i) => x.addTweet({ text: `@pemkabsinjai laporan ${i}: saluran air tersumbat di dusun ${i}` }));
    await openCases(
      acc.id,
      tweets.map((tw) => ({ id: tw.id, text: tw.text, kind: 'mention', replyTarget: { platform: 'x', accountId: x.accountUserId, targetId: tw.id } })),
    );
    expect((await ds.query(`SELECT count(*)::int AS n FROM posts p JOIN cases c ON c.id = p.case_id WHERE c.status = 'didisposisikan'`))[0].n).toBe(250);
    for (const i of [0, 137, 249]) x.deleteTweet(tweets[i].id);
    const before = x.requests.length;
    expect(await refresh()).toBe(3);
    const calls = x.requests.slice(before);
    expect(calls).toHaveLength(3);
    expect(calls.map((c) => c.query.ids.split(',').length).sort((p, q) => p - q)).toEqual([50, 100, 100]);
    expect((await ds.query(`SELECT external_id FROM posts WHERE deleted ORDER BY external_id`)).map((r: { external_id: string }) => r.external_id)).toEqual(
      [tweets[0].id, tweets[137].id, tweets[249].id].sort(),
    );
  });

  it('should re-read 250 open Facebook posts and follow-ups in 5 Graph calls, then find a deleted follow-up and opener', async () => {
    const acc = await fbAccount();
    const posts = Array.from({ length: 240 }, (_, i) => fb.addVisitorPost({ text: `got di jalan ${i} tersumbat`, author: { id: `7300000000${1000 + i}`, name: `Warga ${i}` } }));
    const follows = posts.slice(0, 10).map((p, i) => fb.addComment({ postId: p.id, text: `masih tersumbat ${i}`, author: { id: `7300000000${1000 + i}` } }));
    const target = (id: string, kind: string) => ({ platform: 'facebook', accountId: fb.pageId, targetId: id, extra: { kind, ...(kind === 'comment' ? { postId: id.split('_')[0] } : {}) } });
    await openCases(acc.id, [
      ...posts.map((p) => ({ id: p.id, text: p.message, kind: 'post', replyTarget: target(p.id, 'post') })),
      ...follows.map((c) => ({ id: c.id, text: c.message, kind: 'comment', replyTarget: target(c.id, 'comment'), caseOf: c.postId })),
    ]);
    expect((await ds.query(`SELECT count(*)::int AS n FROM posts p JOIN cases c ON c.id = p.case_id WHERE c.status = 'didisposisikan'`))[0].n).toBe(250);
    expect((await post(follows[9].id))!.case_id).toBe((await post(posts[9].id))!.case_id);

    let before = fb.requests.length;
    expect(await refresh()).toBe(0);
    expect(fb.requests.length - before).toBeLessThanOrEqual(5);
    expect(fb.requests.slice(before).every((r) => r.query.ids !== undefined)).toBe(true);

    // Every post was just checked; deletions made now are found on the next run, whatever their id.
    fb.deleteItem(follows[9].id);
    fb.deleteItem(posts[200].id);
    before = fb.requests.length;
    expect(await refresh()).toBe(2);
    // One batch of each kind fails once on its gone id (Graph names it) and is asked again.
    expect(fb.requests.length - before).toBeLessThanOrEqual(7);
    expect((await post(follows[9].id))!.deleted).toBe(true);
    expect((await post(posts[200].id))!.deleted).toBe(true);
    const view = await caseView((await post(posts[9].id))!.case_id);
    expect(view.thread.find((p) => p.text === 'masih tersumbat 9')!.deleted).toBe(true);
    expect(view.events.filter((e) => e.type === 'post_deleted')).toHaveLength(1);
  });

  it('should find a gone id when Graph does not name it, by halving the batch', async () => {
    const acc = await fbAccount();
    fb.configure({ missingIdsError: 'generic' });
    const posts = Array.from({ length: 20 }, (_, i) => fb.addVisitorPost({ text: `pohon tumbang ${i}`, author: { id: `74000000${100 + i}` } }));
    await pollNow(t.app, acc.id);
    fb.deleteItem(posts[13].id);
    expect(await refresh()).toBe(1);
    expect((await ds.query(`SELECT external_id FROM posts WHERE deleted`)).map((r: { external_id: string }) => r.external_id)).toEqual([posts[13].id]);
  });

  it('should keep a Facebook edit as a revision', async () => {
    const acc = await fbAccount();
    const p = fb.addVisitorPost({ text: 'air PDAM keruh', author: { id: '7300000000999' } });
    await pollNow(t.app, acc.id);
    fb.editItem(p.id, 'air PDAM keruh dan berbau sejak Senin');
    expect(await refresh()).toBe(1);
    const row = (await post(p.id))!;
    expect(row.text).toBe('air PDAM keruh dan berbau sejak Senin');
    expect((await caseView(row.case_id)).thread[0].revisions!.map((r) => r.text)).toEqual(['air PDAM keruh']);
  });

  it('should mark deleted Instagram and TikTok comments and replies', async () => {
    const igAcc = await createAccount(t.app, { platform: 'instagram', externalAccountId: ig.igUserId, handle: 'pemkabsinjai', credentials: { accessToken: 'ig-token' } });
    const ttAcc = await createAccount(t.app, { platform: 'tiktok', externalAccountId: tt.businessId, handle: 'pemkabsinjai', credentials: { accessToken: 'tt-access-token' } });
    const media = ig.addMedia({ caption: 'Kegiatan pemkab' });
    const igTop = ig.addComment({ mediaId: media.id, text: 'sampah di TPS Biringere belum diangkut', author: { id: '17841400000000501', username: 'dewi' } });
    const igOther = ig.addComment({ mediaId: media.id, text: 'jalan di Sinjai Borong rusak', author: { username: 'eka' } });
    const ttTop = tt.addComment({ text: 'jembatan gantung putus', username: 'fajar' });
    await pollNow(t.app, igAcc.id);
    await pollNow(t.app, ttAcc.id);
    const igReply = ig.addComment({ mediaId: media.id, parentId: igTop.id, text: 'sudah seminggu', author: { id: '17841400000000501', username: 'dewi' } });
    const ttReply = tt.addComment({ text: 'anak sekolah tidak bisa lewat', username: 'fajar', parentCommentId: ttTop.comment_id });
    await pollNow(t.app, igAcc.id);
    await pollNow(t.app, ttAcc.id);
    expect((await post(igReply.id))!.case_id).toBe((await post(igTop.id))!.case_id);

    ig.deleteItem(igReply.id);
    ig.deleteItem(igOther.id);
    tt.deleteComment(ttReply.comment_id);
    expect(await refresh()).toBe(3);
    expect((await post(igReply.id))!.deleted).toBe(true);
    expect((await post(igOther.id))!.deleted).toBe(true);
    expect((await post(igTop.id))!.deleted).toBe(false);
    expect((await post(ttReply.comment_id))!.deleted).toBe(true);
    expect((await post(ttTop.comment_id))!.deleted).toBe(false);
  });

  it('should back off on a throttle during refresh and never mark a post deleted on an error', async () => {
    const acc = await xAccount();
    const a = x.addTweet({ text: '@pemkabsinjai banjir di Lamatti' });
    await pollNow(t.app, acc.id);
    x.deleteTweet(a.id);

    x.inject({ kind: 'permission', path: '/2/tweets', method: 'GET' });
    expect(await refresh()).toBe(0);
    expect((await post(a.id))!.deleted).toBe(false);
    expect((await reloadAccount(t.app, acc.id)).healthState).toBe('ok');

    x.inject({ kind: 'rate_limit', path: '/2/tweets', method: 'GET', resetInSec: 600 });
    expect(await refresh()).toBe(0);
    const paused = await reloadAccount(t.app, acc.id);
    expect(paused.healthState).toBe('rate_limited');
    expect(paused.retryAt!.getTime()).toBeGreaterThan(Date.now() + 590_000);
    expect(paused.nextPollAt!.getTime()).toBe(paused.retryAt!.getTime());
    expect((await post(a.id))!.deleted).toBe(false);

    // Paused: the next refresh makes no call at all until the reset.
    const before = x.requests.length;
    expect(await refresh()).toBe(0);
    expect(x.requests.length).toBe(before);
  });

  it('should send a batch that failed to the back of the queue, so it never holds back the others', async () => {
    const acc = await xAccount();
    const tweets = Array.from({ length: 150 }, (_, i) => x.addTweet({ text: `@pemkabsinjai sampah ${i} belum diangkut` }));
    await openCases(acc.id, tweets.map((tw) => ({ id: tw.id, text: tw.text, kind: 'mention', replyTarget: { platform: 'x', accountId: x.accountUserId, targetId: tw.id } })));
    const [{ external_id: last }] = await ds.query(`SELECT external_id FROM posts ORDER BY id DESC LIMIT 1`);
    x.deleteTweet(last);
    t.config.pipeline.refreshMaxPostsPerRun = 100; // one batch a run
    try {
      x.inject({ kind: 'server_error', path: '/2/tweets', method: 'GET' });
      expect(await refresh()).toBe(0); // the first batch fails
      expect(await refresh()).toBe(1); // the next run reads the other batch, not the failed one again
      expect((await post(last))!.deleted).toBe(true);
    } finally {
      t.config.pipeline.refreshMaxPostsPerRun = 5000;
    }
  });

  it('should walk every open post across runs when one run may only read part of them', async () => {
    const acc = await xAccount();
    for (let i = 0; i < 30; i++) x.addTweet({ text: `@pemkabsinjai drainase ${i} mampet` });
    await pollNow(t.app, acc.id);
    t.config.pipeline.refreshMaxPostsPerRun = 12;
    try {
      // The post stored last is last in line.
      const [{ external_id: last }] = await ds.query(`SELECT external_id FROM posts ORDER BY id DESC LIMIT 1`);
      x.deleteTweet(last);
      const seen: number[] = [];
      for (let run = 0; run < 3; run++) seen.push(await refresh());
      expect(seen).toEqual([0, 0, 1]);
      expect((await post(last))!.deleted).toBe(true);
    } finally {
      t.config.pipeline.refreshMaxPostsPerRun = 5000;
    }
  });
});
