import { FacebookFake, nowSec } from '../../fakes/facebook.fake.js';
import type { FetchResult, NormalizedItem } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { FacebookConnector } from './facebook.connector.js';
import { SingleSlotMemo, type PagingMemo } from './graph.js';

describe('FacebookConnector polling against the fake Graph API', () => {
  const fake = new FacebookFake({ maxPageSize: 3 });
  const make = (settings: Record<string, unknown> = {}, memo?: PagingMemo): FacebookConnector =>
    new FacebookConnector(
      createHttpClient({ baseURL: `${fake.baseUrl}/v25.0`, timeoutMs: 2000 }),
      {
        id: 'acc-fb',
        externalAccountId: fake.pageId,
        handle: 'pemkabsinjai',
        settings: { pageSize: 3, ...settings },
        credentials: { pageAccessToken: 'fb-page-token' },
      },
      { memo },
    );

  /** Calls fetchSince until hasMore is false, like one poll run (a new connector = a restart). */
  async function drain(
    c: FacebookConnector,
    cursor: string | null,
  ): Promise<{
    items: NormalizedItem[];
    cursor: string;
    calls: number;
    warnings: string[];
    cursors: string[];
  }> {
    const items: NormalizedItem[] = [];
    const warnings: string[] = [];
    const cursors: string[] = [];
    for (let calls = 1; ; calls++) {
      const r: FetchResult = await c.fetchSince(cursor);
      items.push(...r.items);
      warnings.push(...(r.warnings ?? []));
      cursors.push((cursor = r.nextCursor));
      if (!r.hasMore) return { items, cursor, calls, warnings, cursors };
      if (calls > 200) throw new Error('run does not end');
    }
  }
  const ids = (items: NormalizedItem[]): string[] => [...new Set(items.map((i) => i.externalId))].sort();

  /** Two visitor posts with comments, a Page post with a thread and the Page's own answer. */
  function seed(): { expected: string[]; pagePost: string; visitor: string; top: string } {
    const t = nowSec() - 3600;
    const v1 = fake.addVisitorPost({ text: 'Jalan poros Sinjai–Bulukumba berlubang', createdAt: t });
    const v2 = fake.addVisitorPost({ text: 'air PDAM mati 3 hari di Biringere', createdAt: t + 10 });
    const pp = fake.addPagePost({ text: 'Info: jadwal vaksinasi', createdAt: t + 20 });
    fake.addPagePost({ text: 'Selamat Hari Jadi Sinjai', createdAt: t + 30 });
    const c1 = fake.addComment({ postId: pp.id, text: 'di puskesmas mana pak?', createdAt: t + 100 });
    const c2 = fake.addComment({ postId: pp.id, text: 'jam berapa?', createdAt: t + 110 });
    const r1 = fake.addComment({ postId: pp.id, parentId: c1.id, text: 'sy jg mau tau', createdAt: t + 120 });
    fake.addComment({
      postId: pp.id,
      parentId: c1.id,
      text: 'Di Puskesmas Sinjai Utara.',
      byPage: true,
      createdAt: t + 130,
    });
    const c3 = fake.addComment({ postId: v1.id, text: 'betul, parah sekali', createdAt: t + 140 });
    return {
      expected: [v1.id, v2.id, c1.id, c2.id, r1.id, c3.id].sort(),
      pagePost: pp.id,
      visitor: v1.id,
      top: c1.id,
    };
  }

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.rankedComments = false;
  });

  it('should page through feed and comments one Graph request per call, skipping the Page’s own items', async () => {
    const s = seed();
    const run = await drain(make(), null);
    expect(ids(run.items)).toEqual(s.expected);
    expect(fake.requests).toHaveLength(run.calls);
    // Feed: 4 posts in 2 pages; comments of the Page post (5 incl. ours) in 2 pages, of v1 in 1.
    expect(fake.requestsTo('/feed')).toHaveLength(2);
    expect(fake.requestsTo('/comments')).toHaveLength(3);
    const reply = run.items.find((i) => i.kind === 'reply')!;
    expect(reply.parentExternalId).toBe(s.top);
    expect(reply.rootExternalId).toBe(s.pagePost);
    expect(reply.replyTarget).toEqual({
      platform: 'facebook',
      accountId: fake.pageId,
      targetId: reply.externalId,
      extra: { kind: 'comment', postId: s.pagePost },
    });
    const post = run.items.find((i) => i.externalId === s.visitor)!;
    expect(post).toMatchObject({
      kind: 'post',
      dedupeKey: `facebook:${fake.pageId}:${s.visitor}`,
      author: { displayName: expect.any(String) },
    });
    expect(post.createdAt).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.000Z$/);
    expect(fake.requestsTo('/comments').every((r) => r.query.filter === 'stream')).toBe(true);
  });

  it('should deliver only new items on the next runs, without gaps or duplicates, across restarts', async () => {
    const s = seed();
    const first = await drain(make(), null);
    expect(ids(first.items)).toEqual(s.expected);

    const t = nowSec();
    const v3 = fake.addVisitorPost({ text: 'sampah menumpuk di pasar sentral', createdAt: t });
    const c4 = fake.addComment({ postId: s.pagePost, text: 'kapan lagi pak?', createdAt: t });
    const r2 = fake.addComment({ postId: s.pagePost, parentId: s.top, text: 'info dong', createdAt: t });
    const second = await drain(make(), first.cursor);
    expect(ids(second.items)).toEqual([v3.id, c4.id, r2.id].sort());

    fake.requests.length = 0;
    const third = await drain(make(), second.cursor);
    expect(third.items).toEqual([]);
    // Unchanged posts are listed, not rescanned.
    expect(fake.requestsTo('/comments')).toHaveLength(0);
  });

  it('should resume from any stored intermediate cursor with a fresh connector without losing items', async () => {
    const s = seed();
    for (let i = 0; i < 6; i++)
      fake.addComment({ postId: s.visitor, text: `komentar ${i}`, createdAt: nowSec() - 600 + i });
    const full = await drain(make(), null);
    const expected = ids(full.items);
    for (let k = 1; k < full.calls; k++) {
      fake.reset();
      // Same data again, new ids: replay the first k calls, "crash", resume with a new process.
      const s2 = seed();
      for (let i = 0; i < 6; i++)
        fake.addComment({ postId: s2.visitor, text: `komentar ${i}`, createdAt: nowSec() - 600 + i });
      const c = make();
      let cursor: string | null = null;
      const before: NormalizedItem[] = [];
      for (let j = 0; j < k; j++) {
        const r = await c.fetchSince(cursor);
        before.push(...r.items);
        cursor = r.nextCursor;
      }
      expect(cursor).not.toMatch(/after|\/v\d+\.\d+\//);
      const rest = await drain(make(), cursor);
      expect(ids([...before, ...rest.items])).toHaveLength(expected.length);
      const again = await drain(make(), rest.cursor);
      expect(again.items).toEqual([]);
    }
  });

  it('should continue a listing across connectors that share the factory’s paging memo', async () => {
    for (let i = 0; i < 8; i++) fake.addVisitorPost({ text: `laporan ${i}`, createdAt: nowSec() - 100 + i });
    const memo = new SingleSlotMemo();
    const p1 = await make({}, memo).fetchSince(null);
    const p2 = await make({}, memo).fetchSince(p1.nextCursor);
    expect(fake.requestsTo('/feed')[1].query.after).toBeDefined();
    const rest = await drain(make({}, memo), p2.nextCursor);
    expect(ids([...p1.items, ...p2.items, ...rest.items])).toHaveLength(8);
    expect(fake.requestsTo('/feed')).toHaveLength(3);
  });

  it('should make progress even when every call runs on a new connector (paging memo lost)', async () => {
    const s = seed();
    for (let i = 0; i < 7; i++)
      fake.addComment({ postId: s.visitor, text: `lagi ${i}`, createdAt: nowSec() - 900 + i });
    const items: NormalizedItem[] = [];
    let cursor: string | null = null;
    for (let calls = 0; ; calls++) {
      const r = await make().fetchSince(cursor);
      items.push(...r.items);
      cursor = r.nextCursor;
      if (!r.hasMore) break;
      expect(calls).toBeLessThan(50);
    }
    expect(ids(items)).toHaveLength(s.expected.length + 7);
  });

  it('should keep paging through an empty page that still has next', async () => {
    fake.configure({ emptyPageEvery: 2 });
    const s = seed();
    const run = await drain(make(), null);
    expect(ids(run.items)).toEqual(s.expected);
    expect(run.calls).toBeGreaterThan(5);
  });

  it('should read every page of ranked comments and find the new one wherever it lands', async () => {
    fake.rankedComments = true;
    const post = fake.addPagePost({ text: 'Musrenbang kecamatan', createdAt: nowSec() - 300 });
    const t = nowSec() - 60;
    for (let i = 0; i < 7; i++)
      fake.addComment({ postId: post.id, text: `usulan ${i}`, createdAt: t + i * 5 });
    const first = await drain(make(), null);
    expect(first.items).toHaveLength(7);
    const served = fake.requestsTo('/comments').length;
    expect(served).toBe(3);

    const fresh = fake.addComment({ postId: post.id, text: 'usulan baru', createdAt: nowSec() });
    fake.requests.length = 0;
    const second = await drain(make(), first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([fresh.id]);
    // All 8 comments are inside the overlap window: every page is read, none cut short.
    expect(fake.requestsTo('/comments')).toHaveLength(3);
  });

  it.each([
    ['the deployment default (300 s) covers it', {}, 300, true],
    ['the account setting (120 s) does not', { overlapSec: 120 }, 300, false],
    ['the account setting (900 s) covers a later one', { overlapSec: 900 }, 120, true],
  ])('should catch a comment Graph indexed late when %s', async (_name, settings, defaultOverlapSec, caught) => {
    const mk = () =>
      new FacebookConnector(
        createHttpClient({ baseURL: `${fake.baseUrl}/v25.0`, timeoutMs: 2000 }),
        { id: 'acc-fb', externalAccountId: fake.pageId, handle: 'pemkabsinjai', settings: { pageSize: 3, ...settings }, credentials: { pageAccessToken: 'fb-page-token' } },
        { defaultOverlapSec },
      );
    const post = fake.addPagePost({ text: 'Info banjir', createdAt: nowSec() - 3600 });
    fake.addComment({ postId: post.id, text: 'air sudah masuk rumah', createdAt: nowSec() - 10 });
    const first = await drain(mk(), null);
    // Indexed only now, stamped 200 s (or, for the wide setting, 600 s) before the watermark.
    const late = fake.addComment({ postId: post.id, text: 'jalan ke Lamatti tergenang', createdAt: nowSec() - 10 - (defaultOverlapSec === 120 ? 600 : 200) });
    fake.addComment({ postId: post.id, text: 'mohon bantuan perahu', createdAt: nowSec() });
    const second = await drain(mk(), first.cursor);
    expect(second.items.some((i) => i.externalId === late.id)).toBe(caught);
  });

  it('should restart a comment listing from the watermark when the after cursor exceeds the max', async () => {
    fake.configure({ maxPagingDepth: 2 });
    const post = fake.addPagePost({ text: 'Pengumuman CPNS', createdAt: nowSec() - 900 });
    const made = Array.from({ length: 8 }, (_, i) =>
      fake.addComment({ postId: post.id, text: `tanya ${i}`, createdAt: nowSec() - 800 + i * 10 }),
    );
    const run = await drain(make(), null);
    expect(ids(run.items)).toEqual(made.map((c) => c.id).sort());
    expect(run.warnings.join(' ')).toMatch(/listing again from the watermark/);
  });

  it('should deliver items once when pages overlap', async () => {
    fake.configure({ duplicateAcrossPages: true });
    const s = seed();
    const run = await drain(make(), null);
    expect(ids(run.items)).toEqual(s.expected);
    expect(new Set(run.items.map((i) => i.dedupeKey)).size).toBe(s.expected.length);
  });

  it('should keep ids and author ids beyond 2^53 exact, as strings', async () => {
    const s = seed();
    const { items } = await drain(make(), null);
    const c = items.find((i) => i.kind === 'comment')!;
    expect(BigInt(c.externalId.split('_')[1])).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(fake.allComments().some((x) => x.id === c.externalId)).toBe(true);
    expect(BigInt(c.author.platformUserId)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(items.find((i) => i.externalId === s.visitor)).toBeDefined();
  });

  it('should deliver an edited visitor post again with its new text and editedAt', async () => {
    const s = seed();
    const first = await drain(make(), null);
    fake.editItem(s.visitor, 'Jalan poros berlubang, sudah ada korban', nowSec());
    const second = await drain(make(), first.cursor);
    const edited = second.items.find((i) => i.externalId === s.visitor)!;
    expect(edited.text).toBe('Jalan poros berlubang, sudah ada korban');
    expect(edited.editedAt).toBeDefined();
    expect(edited.dedupeKey).toBe(first.items.find((i) => i.externalId === s.visitor)!.dedupeKey);
  });

  it('should skip a post deleted between the feed listing and its comment scan', async () => {
    const s = seed();
    const c = make();
    let r = await c.fetchSince(null);
    r = await c.fetchSince(r.nextCursor); // feed done, comment scans queued
    fake.deleteItem(s.pagePost);
    const rest = await drain(c, r.nextCursor);
    expect(rest.warnings.join(' ')).toMatch(/is gone/);
    expect(rest.items.map((i) => i.externalId)).not.toContain(s.top);
  });

  it('should rescan unchanged posts on every Kth run only', async () => {
    seed();
    const first = await drain(make({ fullScanEvery: 2 }), null);
    fake.requests.length = 0;
    const second = await drain(make({ fullScanEvery: 2 }), first.cursor);
    expect(second.items).toEqual([]);
    expect(new Set(fake.requestsTo('/comments').map((r) => r.path)).size).toBe(2);
    fake.requests.length = 0;
    await drain(make({ fullScanEvery: 2 }), second.cursor);
    expect(fake.requestsTo('/comments')).toHaveLength(0);
  });
});
