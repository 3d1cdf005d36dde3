import { YouTubeFake } from '../../fakes/youtube.fake.js';
import { youtubeHarness } from '../../../test/factories/youtube-harness.js';
import type { ConnectorError } from '../connector-error.js';
import { quotaDay } from '../kit/quota-budget.js';

// Every §6.4 failure that applies to YouTube, plus its quota (§8.5), injected through the fake.
// Not applicable: webhooks (#15–16, polling only), reply windows (#18), partial-success bodies (#22).

describe('YouTubeConnector failure modes against the fake Data API', () => {
  const fake = new YouTubeFake({ maxPageSize: 3 });
  let h = youtubeHarness(fake);
  const fail = (p: Promise<unknown>): Promise<ConnectorError> => p.then(() => { throw new Error('expected a ConnectorError'); }, (e: unknown) => e as ConnectorError);
  const pacificMidnightAfter = (d: Date): Date => quotaDay(d, 'America/Los_Angeles').end;

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.configure({ maxPageSize: 3, repliesInThread: 5, dailyLimit: 10_000, costs: { 'commentThreads.list': 1 } });
    h = youtubeHarness(fake);
  });

  it('should pause on quotaExceeded (403, not 429) until midnight Pacific, and stop calling (#2)', async () => {
    for (let i = 0; i < 9; i++) fake.addComment({ text: `aduan ${i}` });
    fake.configure({ dailyLimit: 1 });
    const c = h.make();
    const first = await c.fetchSince(null);
    const err = await fail(c.fetchSince(first.nextCursor));
    expect([err.kind, err.platformCode]).toEqual(['quota_exhausted', 'quotaExceeded']);
    expect(err.retryAt).toEqual(pacificMidnightAfter(new Date()));
    expect(err.retryAt!.toISOString()).toMatch(/T0[78]:00:00\.000Z$/);
    // The day counts as spent: no more calls, reads or replies, until the reset.
    const calls = fake.requests.length;
    const paused = await h.make().fetchSince(first.nextCursor);
    expect(paused.items).toHaveLength(0);
    expect(paused.nextCursor).toBe(first.nextCursor);
    expect(paused.warnings).toEqual([expect.stringMatching(/^quota budget: read share of the daily quota spent/)]);
    const reply = await fail(h.make().reply(first.items[0].replyTarget, 'Kami teruskan.', { idempotencyKey: 'k' }));
    expect([reply.kind, reply.retryAt]).toEqual(['quota_exhausted', err.retryAt]);
    expect(fake.requests.length).toBe(calls);
  });

  it('should pace reads over the day without calling, and leave the cursor alone', async () => {
    fake.addComment({ text: 'jalan rusak' });
    const start = quotaDay(new Date(), 'America/Los_Angeles').start;
    const oneAm = () => new Date(start.getTime() + 3_600_000);
    // 2,400 units a day, no head start: by 01:00 Pacific reads may have spent 100.
    const policy = { dailyUnits: 2400, replyReserve: 0, headStartMs: 0 };
    await h.ledger.charge('youtube:test', quotaDay(oneAm(), 'America/Los_Angeles').day, 100);
    const paced = await h.make({ policy, now: oneAm }).fetchSince(null);
    expect(paced.items).toHaveLength(0);
    expect(paced.hasMore).toBe(false);
    expect(paced.warnings).toEqual([expect.stringMatching(/^quota budget: pacing the daily quota/)]);
    expect(fake.requests).toHaveLength(0);
    const later = () => new Date(start.getTime() + 2 * 3_600_000);
    expect((await h.make({ policy, now: later }).fetchSince(null)).items).toHaveLength(1);
  });

  it('should count the per-part cost model when configured (§8.5: commentThreads.list = 5)', async () => {
    fake.configure({ costs: { 'commentThreads.list': 5 } });
    for (let i = 0; i < 7; i++) fake.addComment({ text: `aduan ${i}` });
    await h.drain(h.make({ costs: { 'commentThreads.list': 5 } }), null);
    expect(fake.unitsToday()).toBe(15);
    expect([...h.ledger.days.values()]).toEqual([15]);
  });

  it('should report rateLimitExceeded as rate_limited (#1) and resume without gaps', async () => {
    for (let i = 0; i < 5; i++) fake.addComment({ text: `aduan ${i}` });
    const p1 = await h.make().fetchSince(null);
    fake.inject({ kind: 'rate_limit', path: '/commentThreads' });
    const err = await fail(h.make().fetchSince(p1.nextCursor));
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAt!.getTime() - Date.now()).toBeGreaterThan(55_000);
    const rest = await h.drain(h.make(), p1.nextCursor);
    expect(new Set([...p1.items, ...rest.items].map((i) => i.externalId)).size).toBe(5);
  });

  it('should refresh an expired access token once, store it first, and go on (#5)', async () => {
    fake.addComment({ text: 'air mati' });
    fake.accessTokens = ['some-other-token'];
    const stored: Array<Record<string, string>> = [];
    const credentials = { accessToken: 'yt-access-token', refreshToken: 'yt-refresh-token', clientId: fake.clientId, clientSecret: fake.clientSecret };
    const r = await h.make({ credentials, onRefresh: async (c) => void stored.push(c) }).fetchSince(null);
    expect(r.items).toHaveLength(1);
    expect(fake.refreshCount).toBe(1);
    expect(stored).toEqual([expect.objectContaining({ accessToken: 'yt-access-token-r1', refreshToken: 'yt-refresh-token' })]);
    fake.refreshTokens = [];
    const err = await fail(h.make({ credentials }).fetchSince(null));
    expect([err.kind, err.message]).toEqual(['auth_expired', expect.stringMatching(/refresh refused: Token has been expired or revoked/)]);
    expect((await fail(h.make({ credentials: {} }).fetchSince(null))).kind).toBe('auth_expired');
  });

  it('should read with an API key alone, but not reply with it', async () => {
    fake.addComment({ text: 'jembatan putus' });
    const c = h.make({ credentials: { apiKey: 'yt-api-key' } });
    const r = await c.fetchSince(null);
    expect(r.items).toHaveLength(1);
    expect(fake.requestsTo('/commentThreads')[0].query.key).toBe('yt-api-key');
    expect((await fail(c.reply(r.items[0].replyTarget, 'Terima kasih.', { idempotencyKey: 'k' }))).kind).toBe('auth_expired');
  });

  it.each([
    ['insufficient permissions (#6)', 'permission', { kind: 'permission' }],
    ['a 503 backendError (#3)', 'transient', { kind: 'server_error', status: 503 }],
    ['an HTML 502 (#7)', 'transient', { kind: 'html', status: 502 }],
    ['an HTML page with 200 (#7)', 'malformed_response', { kind: 'html', status: 200 }],
    ['malformed JSON (#7)', 'malformed_response', { kind: 'bad_json' }],
    ['an empty body (#7)', 'malformed_response', { kind: 'empty' }],
    ['a connection reset (#4)', 'transient', { kind: 'reset' }],
  ])('should map %s to %s and keep the cursor', async (_n, kind, fault) => {
    fake.addComment({ text: 'aduan' });
    fake.inject({ ...(fault as { kind: 'permission' }), path: '/commentThreads' });
    expect((await fail(h.make().fetchSince(null))).kind).toBe(kind);
    expect((await h.make().fetchSince(null)).items).toHaveLength(1);
  });

  it('should time out a hung request (#4)', async () => {
    fake.inject({ kind: 'hang', path: '/commentThreads' });
    expect((await fail(h.make({ timeoutMs: 300 }).fetchSince(null))).kind).toBe('timeout');
  });

  it('should never let commentsDisabled on one video stop the channel', async () => {
    fake.configure({ repliesInThread: 1 });
    const closed = fake.addVideo('Video lama');
    const open = fake.addVideo('Siaran langsung');
    const a = fake.addComment({ videoId: closed, text: 'komentar di video lama' });
    fake.addReply({ threadId: a.id, text: 'r1' });
    fake.addReply({ threadId: a.id, text: 'r2' });
    for (let i = 0; i < 4; i++) fake.addComment({ videoId: open, text: `aduan siaran ${i}` });
    const c = h.make();
    const p1 = await c.fetchSince(null); // 3 newest threads, all on the open video
    fake.addComment({ videoId: open, text: 'aduan siaran 4' });
    const p2 = await c.fetchSince(p1.nextCursor); // reaches the closed video's thread: its replies are queued
    expect(p2.items.map((i) => i.text)).toContain('komentar di video lama');
    fake.disableComments(closed);
    const rest = await h.drain(h.make(), p2.nextCursor);
    expect(rest.warnings).toEqual([expect.stringMatching(new RegExp(`^thread ${a.id} skipped: komentar dinonaktifkan`))]);
    const later = await h.drain(h.make(), rest.cursor);
    expect(later.items.map((i) => i.text)).toContain('aduan siaran 4');
    const replyErr = await fail(h.make().reply(p2.items.find((i) => i.text === 'komentar di video lama')!.replyTarget, 'Terima kasih.', { idempotencyKey: 'k' }));
    expect([replyErr.kind, replyErr.message]).toEqual(['permission', expect.stringMatching(/^komentar dinonaktifkan pada video ini/)]);
  });

  it('should restart a scan whose page token went stale (#13)', async () => {
    for (let i = 0; i < 5; i++) fake.addComment({ text: `aduan ${i}` });
    const p1 = await h.make().fetchSince(null);
    const broken = JSON.parse(p1.nextCursor) as { scan: { pageToken: string } };
    broken.scan.pageToken = 'rusak';
    const r = await h.make().fetchSince(JSON.stringify(broken));
    expect(r.warnings).toEqual([expect.stringMatching(/invalidPageToken.*scan restarted/)]);
    const rest = await h.drain(h.make(), r.nextCursor);
    expect(new Set([...p1.items, ...rest.items].map((i) => i.externalId)).size).toBe(5);
  });

  it('should take hostile text and skip items of the wrong shape, one by one (#7, hostile content)', async () => {
    const huge = 'sampah '.repeat(200_000);
    fake.addComment({ text: 'air\u0000 mati \\u0000 di \uD800 Lappa \uDC00 \u202Eterbalik' });
    fake.addComment({ text: huge });
    const r = await h.make().fetchSince(null);
    expect(r.items.map((i) => i.text)).toEqual([huge, 'air mati \\u0000 di \uFFFD Lappa \uFFFD \u202Eterbalik']);
    expect(JSON.stringify(r.items[1].raw)).not.toMatch(/\\u0000"|\\ud800|\\udc00/i);
    const { mapYouTubeComment } = await import('./youtube.mapper.js');
    const { mapEachSafely } = await import('../kit/item-guard.js');
    const warnings: string[] = [];
    const items = mapEachSafely([{ id: 'ok1', snippet: { textOriginal: 'baik', publishedAt: '2026-05-01T10:00:00Z' } }, { id: 42 }, 'x', { id: 'ok2', snippet: { publishedAt: 'kemarin', textOriginal: 'a' } }, null] as never[], (c) => mapYouTubeComment(c, fake.channelId), () => '?', warnings);
    expect(items.map((i) => i.externalId)).toEqual(['ok1']);
    expect(warnings).toHaveLength(4);
  });

  it('should skip a thread of the wrong shape and keep its neighbours (#7)', async () => {
    fake.addComment({ text: 'sah 1' });
    fake.addComment({ text: 'sah 2' });
    const res = await fetch(`${fake.baseUrl}/youtube/v3/commentThreads?part=snippet,replies&allThreadsRelatedToChannelId=${fake.channelId}&maxResults=3&key=yt-api-key`);
    const page = (await res.json()) as { items: unknown[] };
    fake.respondOnce = { status: 200, body: { ...page, items: [page.items[0], { id: 5, snippet: 'x' }, null, { snippet: { topLevelComment: { id: 'Ugx1', snippet: { publishedAt: 'kemarin' } } } }, page.items[1]] } };
    const r = await h.make().fetchSince(null);
    expect(r.items.map((i) => i.text)).toEqual(['sah 2', 'sah 1']);
    expect(r.warnings).toHaveLength(3);
    expect(r.hasMore).toBe(false);
    fake.inject({ kind: 'server_error', status: 200, path: '/commentThreads' }); // a 200 carrying an error envelope
    expect((await fail(h.make().fetchSince(null))).kind).toBe('transient');
  });
});
