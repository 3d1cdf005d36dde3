import { DataSource } from 'typeorm';
import { CaseIntakeService } from '../../src/cases/case-intake.service.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Case intake works set-based, a batch at a time: these pin down the per-post guarantees that the
// batching must keep — one case per post, follow-ups joining their thread's case even when the
// opener arrives in the same batch, tracking numbers in arrival order, and parallel callers sharing
// the work without a post opening two cases.
describe('batched case intake (real PostgreSQL, fake X)', () => {
  const x = new XFake({ maxPageSize: 100 });
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    await x.start();
    t = await startTestApp({ X_BASE_URL: x.baseUrl, CONNECTOR_HTTP_TIMEOUT_MS: '2000' });
    ds = t.get(DataSource);
  });
  afterAll(async () => {
    await t.close();
    await x.stop();
  });
  beforeEach(async () => {
    x.reset();
    await ds.query('TRUNCATE case_events, cases, posts, connector_accounts, tracking_counters CASCADE');
  });

  const caseOf = async (externalId: string): Promise<string> =>
    (await ds.query(`SELECT case_id FROM posts WHERE external_id = $1`, [externalId]))[0].case_id as string;

  it('should join a follow-up to the case its opener opened in the same batch, and open separate cases for other authors', async () => {
    const acc = await createAccount(t.app, { externalAccountId: x.accountUserId });
    const opener = x.addTweet({ text: '@pemkabsinjai jalan poros Lappa berlubang besar, bahaya untuk motor', author: { username: 'daeng_ali' } });
    const other = x.addTweet({ text: '@pemkabsinjai air PDAM mati tiga hari di Biringere', author: { username: 'ibu_rina' } });
    const again = x.addTweet({ text: '@pemkabsinjai sudah seminggu belum ada perbaikan', author: { username: 'daeng_ali' }, replyTo: opener.id });
    const third = x.addTweet({ text: '@pemkabsinjai tolong segera pak', author: { username: 'daeng_ali' }, replyTo: again.id });
    // Another author replying in the same thread is a new report, not a follow-up of daeng_ali's.
    const stranger = x.addTweet({ text: '@pemkabsinjai di depan rumah saya juga berlubang', author: { username: 'pak_udin' }, replyTo: opener.id });
    await pollNow(t.app, acc.id);

    const c = await caseOf(opener.id);
    expect(await caseOf(again.id)).toBe(c);
    expect(await caseOf(third.id)).toBe(c);
    expect(await caseOf(other.id)).not.toBe(c);
    expect(await caseOf(stranger.id)).not.toBe(c);
    const [{ cases, events }] = await ds.query(
      `SELECT (SELECT count(*)::int FROM cases) AS cases, (SELECT count(*)::int FROM case_events WHERE type = 'followup_attached' AND case_id = $1) AS events`,
      [c],
    );
    expect([cases, events]).toEqual([3, 2]);
    const [{ n }] = await ds.query(`SELECT count(*)::int AS n FROM posts WHERE processing_state <> 'processed' OR case_id IS NULL`);
    expect(n).toBe(0);
  });

  it('should number cases in arrival order without gaps, across batches', async () => {
    const acc = await createAccount(t.app, { externalAccountId: x.accountUserId });
    const tweets = Array.from({ length: 230 }, (_, i) => x.addTweet({ text: `@pemkabsinjai lampu jalan mati di desa nomor ${i}`, author: { username: `warga_${i}` } }));
    await pollNow(t.app, acc.id);
    const rows: Array<{ external_id: string; tracking_number: string }> = await ds.query(
      `SELECT p.external_id, c.tracking_number FROM cases c JOIN posts p ON p.id = c.post_id ORDER BY p.id`,
    );
    // Stored order is arrival order: numbers follow it, one each, no gaps.
    expect(rows.map((r) => r.external_id).sort()).toEqual(tweets.map((tw) => tw.id).sort());
    const seq = rows.map((r) => Number(r.tracking_number.slice(-6)));
    expect(seq).toEqual(Array.from({ length: 230 }, (_, i) => seq[0] + i));
  });

  it('should send an answered case back to its OPD when a follow-up arrives in a later batch', async () => {
    const acc = await createAccount(t.app, { externalAccountId: x.accountUserId });
    const opener = x.addTweet({ text: '@pemkabsinjai jembatan desa Gareccing rusak parah mohon diperbaiki', author: { username: 'warga_g' } });
    await pollNow(t.app, acc.id);
    const c = await caseOf(opener.id);
    await ds.query(`UPDATE cases SET status = 'menunggu_validasi', answered_at = now() WHERE id = $1`, [c]);
    x.addTweet({ text: '@pemkabsinjai belum diperbaiki pak', author: { username: 'warga_g' }, replyTo: opener.id });
    x.addTweet({ text: '@pemkabsinjai masih rusak', author: { username: 'warga_g' }, replyTo: opener.id });
    await pollNow(t.app, acc.id);
    const [row] = await ds.query(`SELECT status, answered_at FROM cases WHERE id = $1`, [c]);
    expect(row).toEqual({ status: 'diproses', answered_at: null });
    const events: Array<{ data: { before: { status: string } } }> = await ds.query(
      `SELECT data FROM case_events WHERE case_id = $1 AND type = 'followup_attached' ORDER BY id`,
      [c],
    );
    expect(events.map((e) => e.data.before.status)).toEqual(['menunggu_validasi', 'diproses']);
  });

  it('should let parallel intake runs share pending posts without any post opening two cases', async () => {
    const acc = await createAccount(t.app, { externalAccountId: x.accountUserId });
    x.addTweet({ text: '@pemkabsinjai sampah menumpuk di pasar', author: { username: 'w0' } });
    await pollNow(t.app, acc.id);
    // 1,200 more stored posts still waiting for intake (copies of the stored one, each its own author).
    const cols: string[] = (
      await ds.query(
        `SELECT column_name FROM information_schema.columns WHERE table_name = 'posts' AND is_generated = 'NEVER' AND identity_generation IS NULL
           AND column_name NOT IN ('external_id', 'dedupe_key', 'author_id', 'case_id', 'processing_state')`,
      )
    ).map((r: { column_name: string }) => r.column_name);
    await ds.query(
      `INSERT INTO posts (${cols.join(', ')}, external_id, dedupe_key, author_id, processing_state)
       SELECT ${cols.map((c) => `p.${c}`).join(', ')}, p.external_id || '-' || g, p.dedupe_key || '-' || g, 'w' || g, 'pending'
       FROM posts p, generate_series(1, 1200) g`,
    );
    const intake = t.get(CaseIntakeService);
    const opened = await Promise.all([intake.processPending(), intake.processPending(), intake.processPending(), intake.processPending()]);
    expect(opened.reduce((a, b) => a + b, 0)).toBe(1200);
    const [r] = await ds.query(
      `SELECT count(*)::int AS cases, count(DISTINCT post_id)::int AS posts, count(DISTINCT tracking_number)::int AS numbers,
              (SELECT count(*)::int FROM posts WHERE case_id IS NULL) AS orphans FROM cases`,
    );
    expect(r).toEqual({ cases: 1201, posts: 1201, numbers: 1201, orphans: 0 });
  });
});
