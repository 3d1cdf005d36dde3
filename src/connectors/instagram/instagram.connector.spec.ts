import { nowSec } from '../../fakes/facebook.fake.js';
import { InstagramFake } from '../../fakes/instagram.fake.js';
import type { NormalizedItem } from '../connector.interface.js';
import { SingleSlotMemo, type PagingMemo } from '../facebook/graph.js';
import { createHttpClient } from '../http-client.factory.js';
import { InstagramConnector } from './instagram.connector.js';

describe('InstagramConnector polling against the fake Graph API', () => {
  const fake = new InstagramFake({ maxPageSize: 3 });
  const make = (settings: Record<string, unknown> = {}, memo?: PagingMemo): InstagramConnector =>
    new InstagramConnector(
      createHttpClient({ baseURL: `${fake.baseUrl}/v25.0`, timeoutMs: 2000 }),
      {
        id: 'acc-ig',
        externalAccountId: fake.igUserId,
        handle: fake.username,
        settings,
        credentials: { accessToken: 'ig-token' },
      },
      { memo },
    );

  async function drain(
    c: InstagramConnector,
    cursor: string | null,
  ): Promise<{ items: NormalizedItem[]; cursor: string; calls: number; warnings: string[] }> {
    const items: NormalizedItem[] = [];
    const warnings: string[] = [];
    for (let calls = 1; ; calls++) {
      const r = await c.fetchSince(cursor);
      items.push(...r.items);
      warnings.push(...(r.warnings ?? []));
      cursor = r.nextCursor;
      if (!r.hasMore) return { items, cursor, calls, warnings };
      if (calls > 300) throw new Error('run does not end');
    }
  }
  const ids = (items: NormalizedItem[]): string[] => [...new Set(items.map((i) => i.externalId))].sort();

  /** Media A: 4 comments, one with 4 replies (more than the inline 3); B: 1 comment + our answer; C: none. */
  function seed(): { expected: string[]; a: string; b: string; oldest: string; thread: string } {
    const t = nowSec() - 7200;
    const a = fake.addMedia({ caption: 'Kerja bakti di Pasar Sentral', createdAt: t });
    const b = fake.addMedia({ caption: 'Pelantikan kepala desa', createdAt: t + 10 });
    fake.addMedia({ caption: 'Upacara HUT RI', createdAt: t + 20 });
    const cs = [0, 1, 2, 3].map((i) =>
      fake.addComment({ mediaId: a.id, text: `komentar ${i}`, createdAt: t + 1000 + i * 300 }),
    );
    const rs = [0, 1, 2, 3].map((i) =>
      fake.addComment({
        mediaId: a.id,
        parentId: cs[1].id,
        text: `balasan ${i}`,
        createdAt: t + 1400 + i * 10,
      }),
    );
    const cb = fake.addComment({
      mediaId: b.id,
      text: '@pemkabsinjai jalan desa rusak',
      createdAt: t + 2000,
    });
    fake.addComment({
      mediaId: b.id,
      parentId: cb.id,
      text: 'Terima kasih, kami teruskan.',
      byAccount: true,
      createdAt: t + 2100,
    });
    return {
      expected: [...cs, ...rs, cb].map((x) => x.id).sort(),
      a: a.id,
      b: b.id,
      oldest: cs[0].id,
      thread: cs[1].id,
    };
  }

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => fake.reset());

  it('should page media, comments, inline replies and overflowing /replies, skipping our own', async () => {
    const s = seed();
    const run = await drain(make(), null);
    expect(ids(run.items)).toEqual(s.expected);
    expect(fake.requests).toHaveLength(run.calls);
    expect(fake.requestsTo('/replies').length).toBeGreaterThanOrEqual(1);
    expect(fake.requestsTo('/tags')).toHaveLength(1);
    // Media without comments is not scanned.
    expect(new Set(fake.requestsTo('/comments').map((r) => r.path)).size).toBe(2);
    const reply = run.items.find((i) => i.kind === 'reply')!;
    expect(reply).toMatchObject({
      parentExternalId: s.thread,
      rootExternalId: s.a,
      replyTarget: {
        targetId: s.thread,
        extra: { kind: 'comment', commentId: reply.externalId, mediaId: s.a },
      },
    });
    const top = run.items.find((i) => i.externalId === s.oldest)!;
    expect(top).toMatchObject({
      kind: 'comment',
      parentExternalId: s.a,
      dedupeKey: `instagram:${fake.igUserId}:${s.oldest}`,
      author: { username: expect.any(String) },
    });
    expect(top.permalink).toMatch(/^https:\/\/www\.instagram\.com\/p\//);
  });

  it('should deliver only new comments and replies on later runs, across restarts', async () => {
    const s = seed();
    const first = await drain(make(), null);
    const t = nowSec();
    const n1 = fake.addComment({ mediaId: s.a, text: 'baru di A', createdAt: t });
    // A reply under the oldest thread, far below the first page: only the count delta reveals it.
    const n2 = fake.addComment({ mediaId: s.a, parentId: s.oldest, text: 'balasan baru', createdAt: t });
    const n3 = fake.addComment({ mediaId: s.b, text: 'baru di B', createdAt: t });
    const second = await drain(make(), first.cursor);
    expect(ids(second.items)).toEqual([n1.id, n2.id, n3.id].sort());
    fake.requests.length = 0;
    const third = await drain(make(), second.cursor);
    expect(third.items).toEqual([]);
    expect(fake.requestsTo('/comments')).toHaveLength(0);
  });

  it('should stop a newest-first scan at a page of known comments', async () => {
    const m = fake.addMedia({ caption: 'Sosialisasi stunting', createdAt: nowSec() - 9000 });
    for (let i = 0; i < 9; i++)
      fake.addComment({ mediaId: m.id, text: `lama ${i}`, createdAt: nowSec() - 8000 + i * 300 });
    const first = await drain(make({ scanTags: false }), null);
    expect(first.items).toHaveLength(9);
    const fresh = fake.addComment({ mediaId: m.id, text: 'baru', createdAt: nowSec() });
    fake.requests.length = 0;
    const second = await drain(make({ scanTags: false }), first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([fresh.id]);
    expect(fake.requestsTo('/comments')).toHaveLength(2); // of 4 pages
  });

  it('should resume from any stored intermediate cursor with a fresh connector without losing items', async () => {
    seed();
    const full = await drain(make(), null);
    const expectedCount = ids(full.items).length;
    for (let k = 1; k < full.calls; k++) {
      fake.reset();
      seed();
      const c = make();
      let cursor: string | null = null;
      const before: NormalizedItem[] = [];
      for (let j = 0; j < k; j++) {
        const r = await c.fetchSince(cursor);
        before.push(...r.items);
        cursor = r.nextCursor;
      }
      // Permalinks may appear; Graph paging cursors and `next` URLs never do.
      expect(cursor).not.toMatch(/after|\/v\d+\.\d+\//);
      const rest = await drain(make(), cursor);
      expect(ids([...before, ...rest.items])).toHaveLength(expectedCount);
      expect((await drain(make(), rest.cursor)).items).toEqual([]);
    }
  });

  it('should continue a listing across connectors sharing the paging memo', async () => {
    const m = fake.addMedia({ caption: 'x', createdAt: nowSec() - 500 });
    for (let i = 0; i < 7; i++)
      fake.addComment({ mediaId: m.id, text: `k ${i}`, createdAt: nowSec() - 400 + i });
    const memo = new SingleSlotMemo();
    const items: NormalizedItem[] = [];
    let cursor: string | null = null;
    for (let i = 0; i < 20; i++) {
      const r = await make({}, memo).fetchSince(cursor);
      items.push(...r.items);
      cursor = r.nextCursor;
      if (!r.hasMore) break;
    }
    expect(ids(items)).toHaveLength(7);
    expect(fake.requestsTo('/comments')).toHaveLength(3);
  });

  it.each([
    ['an empty page with next', { emptyPageEvery: 2 }],
    ['pages that overlap', { duplicateAcrossPages: true }],
  ])('should deliver every item once through %s', async (_name, opts) => {
    fake.configure(opts);
    const s = seed();
    const run = await drain(make(), null);
    expect(ids(run.items)).toEqual(s.expected);
  });

  it('should skip a media deleted between the listing and its scan, and see deletions on refresh', async () => {
    const s = seed();
    const c = make();
    let r = await c.fetchSince(null); // media listed: comment scans queued, newest media (B) first
    fake.deleteItem(s.b);
    r = await c.fetchSince(r.nextCursor);
    expect(r.warnings?.join(' ')).toMatch(/is gone/);
    const rest = await drain(c, r.nextCursor);
    const comment = rest.items[0];
    fake.deleteItem(comment.externalId);
    expect(
      await c.refreshItems([{ externalId: comment.externalId, replyTarget: comment.replyTarget }]),
    ).toEqual([{ externalId: comment.externalId, deleted: true }]);
  });

  it('should keep 17–18 digit ids beyond 2^53 exact, as strings', async () => {
    const s = seed();
    const { items } = await drain(make(), null);
    expect(BigInt(s.oldest)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(items.find((i) => i.externalId === s.oldest)?.author.platformUserId).toMatch(/^\d{17}$/);
  });

  it('should rescan every watched media on the Kth run only', async () => {
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

  it('should deliver photo tags once', async () => {
    const tag = fake.addTag({ caption: 'banjir di Sinjai Timur @pemkabsinjai', createdAt: nowSec() - 100 });
    const first = await drain(make(), null);
    expect(first.items).toEqual([
      expect.objectContaining({ kind: 'tag', externalId: tag.id, text: tag.caption }),
    ]);
    expect((await drain(make(), first.cursor)).items).toEqual([]);
  });
});
