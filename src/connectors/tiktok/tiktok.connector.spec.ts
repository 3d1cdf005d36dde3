import { TikTokFake } from '../../fakes/tiktok.fake.js';
import type { FetchResult } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { TikTokMemory } from './tiktok.client.js';
import { TikTokConnector } from './tiktok.connector.js';
import type { TikTokCursor } from './tiktok.types.js';

// Polling against the fake Accounts API: paging, watermarks, reply growth, restarts (§4.1, §6.2).

describe('TikTokConnector polling against the fake TikTok API', () => {
  const fake = new TikTokFake({ maxPageSize: 3 });
  const now = (): number => Math.floor(Date.now() / 1000);
  let memory: TikTokMemory;
  const make = (settings: Record<string, unknown> = {}, mem: TikTokMemory = memory): TikTokConnector =>
    new TikTokConnector(createHttpClient({ baseURL: fake.apiBaseUrl, timeoutMs: 2000 }), {
      id: 'acc-tt',
      externalAccountId: fake.businessId,
      handle: fake.username,
      settings,
      credentials: { accessToken: 'tt-access-token' },
    }, { memory: mem });

  /** Runs fetchSince until hasMore is false, like one poll run whose pages all commit. */
  async function drain(c: TikTokConnector, cursor: string | null): Promise<{ items: FetchResult['items']; cursor: string; calls: number }> {
    const items: FetchResult['items'] = [];
    for (let calls = 1; ; calls++) {
      const r = await c.fetchSince(cursor);
      items.push(...r.items);
      cursor = r.nextCursor;
      if (!r.hasMore) return { items, cursor, calls };
      if (calls > 200) throw new Error('run does not end');
    }
  }
  const citizenIds = (): string[] => fake.liveComments().filter((c) => !c.owner).map((c) => c.comment_id).sort();
  const uniq = (items: FetchResult['items']): string[] => [...new Set(items.map((i) => i.externalId))].sort();

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.configure({ maxPageSize: 3, videoPageSize: 20, duplicateAcrossPages: false, mixedCreateTime: false, accessTokens: ['tt-access-token'] });
    memory = new TikTokMemory();
  });

  it('should page through videos, comments and replies and return each once', async () => {
    fake.configure({ videoPageSize: 1 });
    const a = fake.addVideo({ caption: 'Jalan poros Sinjai–Bulukumba', createTime: now() - 7200 });
    const b = fake.addVideo({ caption: 'Vaksinasi gratis' });
    const comments = Array.from({ length: 7 }, (_, i) => fake.addComment({ videoId: a.item_id, text: `jalan berlubang ${i}`, createTime: now() - 600 - i }));
    for (let i = 0; i < 4; i++) fake.addReply(comments[2].comment_id, { text: `setuju ${i}`, createTime: now() - 300 + i });
    fake.addComment({ videoId: b.item_id, text: 'jadwalnya kapan?' });
    fake.addComment({ videoId: b.item_id, text: 'di puskesmas mana?' });

    const run = await drain(make(), null);

    expect(uniq(run.items)).toEqual(citizenIds());
    expect(run.items).toHaveLength(13);
    // 2 video pages, 3 + 1 comment pages, 2 reply pages.
    expect(run.calls).toBe(8);
    const reply = run.items.find((i) => i.text === 'setuju 0')!;
    expect(reply.kind).toBe('reply');
    expect(reply.parentExternalId).toBe(comments[2].comment_id);
    expect(reply.rootExternalId).toBe(a.item_id);
    expect(reply.replyTarget).toEqual({ platform: 'tiktok', accountId: fake.businessId, targetId: comments[2].comment_id, extra: { videoId: a.item_id } });
    const top = run.items.find((i) => i.text === 'jalan berlubang 0')!;
    expect(top.kind).toBe('comment');
    expect(top.permalink).toBe(a.share_url);
    expect(top.author.profileUrl).toMatch(/^https:\/\/www\.tiktok\.com\/@warga\d+$/);
    const list = fake.requestsTo('/business/comment/list/').filter((r) => r.query.video_id === a.item_id);
    expect(list[0].query).toMatchObject({ sort_field: 'create_time', sort_order: 'desc', max_count: '30', status: 'ALL' });
    expect(list[0].query.cursor).toBeUndefined();
    expect(list[1].query.cursor).toBe('3');
    expect(JSON.parse(fake.requestsTo('/business/video/list/')[0].query.fields)).toContain('comments');
    expect(fake.requests.every((r) => r.headers['access-token'] === 'tt-access-token' && r.path.endsWith('/'))).toBe(true);
  });

  it('should read only down to the watermark minus the overlap on the next run', async () => {
    const v = fake.addVideo({ createTime: now() - 86_400 });
    for (let i = 0; i < 10; i++) fake.addComment({ videoId: v.item_id, text: `lama ${i}`, createTime: now() - 3600 - i * 600 });
    const first = await drain(make(), null);
    expect(first.items).toHaveLength(10);

    const fresh = [fake.addComment({ videoId: v.item_id, text: 'baru 1' }), fake.addComment({ videoId: v.item_id, text: 'baru 2' })];
    fake.requests.length = 0;
    const second = await drain(make(), first.cursor);

    expect(second.items.map((i) => i.externalId)).toEqual(expect.arrayContaining(fresh.map((c) => c.comment_id)));
    // Page 1: two new and the newest old one (inside the overlap); page 2 reaches below it and stops.
    expect(fake.requestsTo('/business/comment/list/')).toHaveLength(2);
    expect(second.items.length).toBeLessThan(10);
  });

  it('should skip an old video whose comment count is unchanged, and scan it when it grows', async () => {
    const v = fake.addVideo({ createTime: now() - 10 * 86_400 });
    fake.addComment({ videoId: v.item_id, text: 'sudah lama', createTime: now() - 7200 });
    const first = await drain(make({ recentVideoHours: 24 }), null);
    fake.requests.length = 0;

    const idle = await drain(make({ recentVideoHours: 24 }), first.cursor);
    expect(idle.items).toHaveLength(0);
    expect(fake.requestsTo('/business/comment/list/')).toHaveLength(0);

    const c = fake.addComment({ videoId: v.item_id, text: 'lampu jalan mati' });
    const grown = await drain(make({ recentVideoHours: 24 }), idle.cursor);
    expect(grown.items.map((i) => i.externalId)).toContain(c.comment_id);
  });

  it('should find a new reply to a comment far below the watermark', async () => {
    const v = fake.addVideo({ createTime: now() - 10 * 86_400 });
    const old = fake.addComment({ videoId: v.item_id, text: 'pertama', createTime: now() - 36_000 });
    for (let i = 0; i < 6; i++) fake.addComment({ videoId: v.item_id, text: `komentar ${i}`, createTime: now() - 3600 - i * 600 });
    const first = await drain(make({ recentVideoHours: 1 }), null);
    expect(first.items).toHaveLength(7);

    const reply = fake.addReply(old.comment_id, { text: 'air PDAM juga mati di Lappadata' });
    const second = await drain(make({ recentVideoHours: 1 }), first.cursor);

    expect(second.items.map((i) => i.externalId)).toContain(reply.comment_id);
    const again = await drain(make({ recentVideoHours: 1 }), second.cursor);
    expect(again.items).toHaveLength(0);
  });

  it.each([1, 2, 3, 4, 5, 6, 7])('should lose nothing when the process restarts after step %i', async (crashAt) => {
    fake.configure({ videoPageSize: 1 });
    const [a, b] = [fake.addVideo({ createTime: now() - 7200 }), fake.addVideo()];
    for (let i = 0; i < 5; i++) {
      // Spread wider than the overlap, so a skipped page would not be read again by chance.
      const c = fake.addComment({ videoId: a.item_id, text: `a${i}`, createTime: now() - 3600 - i * 600 });
      if (i === 1) for (let j = 0; j < 4; j++) fake.addReply(c.comment_id, { text: `a${i}-r${j}`, createTime: now() - 1800 - j * 600 });
    }
    for (let i = 0; i < 4; i++) fake.addComment({ videoId: b.item_id, text: `b${i}`, createTime: now() - i * 600 });

    const seen = new Set<string>();
    let cursor: string | null = null;
    let c = make();
    for (let step = 1; ; step++) {
      const r = await c.fetchSince(cursor);
      if (step === crashAt) {
        // Crash before the commit: the page is lost, memory too; comments keep arriving meanwhile.
        c = make({}, new TikTokMemory());
        fake.addComment({ videoId: a.item_id, text: `selama mati ${step}` });
        continue;
      }
      r.items.forEach((i) => seen.add(i.externalId));
      cursor = r.nextCursor;
      if (!r.hasMore) break;
    }
    const after = await drain(make(), cursor);
    after.items.forEach((i) => seen.add(i.externalId));
    expect([...seen].sort()).toEqual(citizenIds());
  });

  it('should continue a run from a stored intermediate cursor, with the page cursor only in the same process', async () => {
    const v = fake.addVideo();
    for (let i = 0; i < 8; i++) fake.addComment({ videoId: v.item_id, text: `k${i}`, createTime: now() - 100 - i });
    const c = make();
    const s1 = await c.fetchSince(null); // video list
    const s2 = await c.fetchSince(s1.nextCursor); // comments page 1
    const stored = JSON.parse(s2.nextCursor) as TikTokCursor;
    expect(JSON.stringify(stored)).not.toMatch(/"cursor"/);
    expect(stored.videos[v.item_id]).toBeUndefined(); // the video moves only when its scan is complete

    fake.requests.length = 0;
    await make().fetchSince(s2.nextCursor); // same process: continues at page 2
    expect(fake.requests[0].query.cursor).toBe('3');

    fake.requests.length = 0;
    const restarted = await drain(make({}, new TikTokMemory()), s2.nextCursor); // new process: page 1 again
    expect(fake.requests[0].query.cursor).toBeUndefined();
    expect(uniq([...s2.items, ...restarted.items])).toEqual(citizenIds());
  });

  it('should absorb comments repeated across pages', async () => {
    fake.configure({ duplicateAcrossPages: true });
    const v = fake.addVideo();
    for (let i = 0; i < 8; i++) fake.addComment({ videoId: v.item_id, text: `dup ${i}`, createTime: now() - i });
    const { items } = await drain(make(), null);
    expect(items.length).toBeGreaterThan(8);
    expect(uniq(items)).toEqual(citizenIds());
    expect(new Set(items.map((i) => i.dedupeKey)).size).toBe(8);
  });

  it('should keep big ids as strings and read string and number create_time alike', async () => {
    fake.configure({ mixedCreateTime: true });
    const v = fake.addVideo();
    const t = now() - 50;
    const added = [0, 1, 2, 3].map((i) => fake.addComment({ videoId: v.item_id, text: `waktu ${i}`, createTime: t }));
    const { items } = await drain(make(), null);
    const raws = items.map((i) => (i.raw as { create_time: unknown }).create_time);
    expect(raws.some((x) => typeof x === 'number') && raws.some((x) => typeof x === 'string')).toBe(true);
    expect(new Set(items.map((i) => i.createdAt))).toEqual(new Set([new Date(t * 1000).toISOString()]));
    for (const c of added) expect(BigInt(c.comment_id)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(uniq(items)).toEqual(added.map((c) => c.comment_id).sort());
    expect(items.every((i) => typeof i.externalId === 'string' && typeof i.rootExternalId === 'string')).toBe(true);
  });

  it('should skip the account’s own comments and replies', async () => {
    const v = fake.addVideo();
    const c = fake.addComment({ videoId: v.item_id, text: 'sampah belum diangkut' });
    fake.addReply(c.comment_id, { text: 'Terima kasih, kami teruskan ke DLH.', owner: true });
    fake.addComment({ videoId: v.item_id, text: 'Info resmi Pemkab', owner: true });
    const { items } = await drain(make(), null);
    expect(items.map((i) => i.externalId)).toEqual([c.comment_id]);
  });

  it('should carry on when a comment with new replies is deleted before they are read', async () => {
    const v = fake.addVideo();
    const c = fake.addComment({ videoId: v.item_id, text: 'akan dihapus' });
    fake.addReply(c.comment_id, { text: 'balasan' });
    const conn = make();
    const s1 = await conn.fetchSince(null);
    const s2 = await conn.fetchSince(s1.nextCursor);
    expect(s2.items.map((i) => i.externalId)).toEqual([c.comment_id]);
    fake.deleteComment(c.comment_id);
    const s3 = await conn.fetchSince(s2.nextCursor);
    expect(s3.items).toHaveLength(0);
    expect(s3.hasMore).toBe(false);
  });

  it('should drop a video deleted while it waits in the run’s queue, and finish the run', async () => {
    const [a, b] = [fake.addVideo({ createTime: now() - 60 }), fake.addVideo()];
    fake.addComment({ videoId: a.item_id, text: 'di video lama' });
    const kept = fake.addComment({ videoId: b.item_id, text: 'di video baru' });
    const conn = make();
    const s1 = await conn.fetchSince(null);
    fake.deleteVideo(a.item_id);
    const rest = await drain(conn, s1.nextCursor);
    expect(rest.items.map((i) => i.externalId)).toEqual([kept.comment_id]);
    expect(Object.keys((JSON.parse(rest.cursor) as TikTokCursor).videos)).toEqual([b.item_id]);
  });

  it('should report deleted comments and replies through refreshItems', async () => {
    const v = fake.addVideo();
    const keep = fake.addComment({ videoId: v.item_id, text: 'tetap' });
    const gone = fake.addComment({ videoId: v.item_id, text: 'dihapus' });
    const reply = fake.addReply(gone.comment_id, { text: 'balasan ikut hilang' });
    const { items } = await drain(make(), null);
    fake.deleteComment(gone.comment_id);
    const states = await make().refreshItems(items.map((i) => ({ externalId: i.externalId, replyTarget: i.replyTarget })));
    const byId = new Map(states.map((s) => [s.externalId, s]));
    expect(byId.get(keep.comment_id)).toEqual({ externalId: keep.comment_id, deleted: false, text: 'tetap' });
    expect(byId.get(gone.comment_id)?.deleted).toBe(true);
    expect(byId.get(reply.comment_id)?.deleted).toBe(true);
  });
});
