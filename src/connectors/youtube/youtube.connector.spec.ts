import { YouTubeFake } from '../../fakes/youtube.fake.js';
import { youtubeHarness } from '../../../test/factories/youtube-harness.js';
import type { ConnectorError } from '../connector-error.js';

describe('YouTubeConnector against the fake Data API', () => {
  const fake = new YouTubeFake({ maxPageSize: 3 });
  let h = youtubeHarness(fake);
  const fail = (p: Promise<unknown>): Promise<ConnectorError> => p.then(() => { throw new Error('expected a ConnectorError'); }, (e: unknown) => e as ConnectorError);
  const ago = (min: number): string => new Date(Date.now() - min * 60_000).toISOString();

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.configure({ maxPageSize: 3, repliesInThread: 5, dailyLimit: 10_000 });
    h = youtubeHarness(fake);
  });

  it('should read the channel’s threads with allThreadsRelatedToChannelId and store the plain text, not the HTML', async () => {
    const v = fake.addVideo('Siaran langsung Bupati: dialog publik');
    const c = fake.addComment({ videoId: v, text: 'Jalan ke <Desa> Gareccing & Pattongko rusak\nkapan diperbaiki?', author: '@andi.sinjai' });
    const { items } = await h.drain(h.make(), null);
    expect(items).toHaveLength(1);
    expect(items[0]).toMatchObject({
      platform: 'youtube',
      kind: 'comment',
      accountId: fake.channelId,
      externalId: c.id,
      dedupeKey: `youtube:${fake.channelId}:${c.id}`,
      text: 'Jalan ke <Desa> Gareccing & Pattongko rusak\nkapan diperbaiki?',
      rootExternalId: `video:${v}`,
      permalink: `https://www.youtube.com/watch?v=${v}&lc=${c.id}`,
      author: { displayName: '@andi.sinjai', username: 'andi.sinjai' },
      replyTarget: { platform: 'youtube', accountId: fake.channelId, targetId: c.id, extra: { commentId: c.id, videoId: v } },
    });
    const q = fake.requestsTo('/commentThreads')[0].query;
    expect(q).toMatchObject({ allThreadsRelatedToChannelId: fake.channelId, part: 'snippet,replies', order: 'time', maxResults: '100' });
  });

  it('should fall back to the plain-text textDisplay when textOriginal is withheld (§8.1), never the HTML', async () => {
    fake.addComment({ text: 'sampah <numpuk> & bau\ndi TPS Lappa', withholdOriginal: true });
    const { items } = await h.drain(h.make(), null);
    expect(items[0].text).toBe('sampah <numpuk> & bau\ndi TPS Lappa');
    expect(fake.requestsTo('/commentThreads')[0].query.textFormat).toBe('plainText');
  });

  it('should page back to the watermark and, across restarts, take new comments without gaps or duplicates', async () => {
    for (let i = 0; i < 8; i++) fake.addComment({ text: `aduan lama ${i}`, publishedAt: ago(200 - 15 * i) });
    const first = await h.drain(h.make(), null);
    expect(first.items.map((i) => i.text).sort()).toEqual([...Array(8).keys()].map((i) => `aduan lama ${i}`).sort());
    expect(first.pages).toBe(3);
    // The next runs, from the stored cursor (a restart builds a new connector).
    for (let i = 0; i < 4; i++) fake.addComment({ text: `aduan baru ${i}`, publishedAt: ago(4 - i) });
    const second = await h.drain(h.make(), first.cursor);
    const newTexts = second.items.map((i) => i.text);
    expect(newTexts.filter((t) => t.startsWith('aduan baru')).sort()).toEqual(['aduan baru 0', 'aduan baru 1', 'aduan baru 2', 'aduan baru 3']);
    // It stopped at the watermark: two pages of three, not the whole history again.
    expect(second.pages).toBe(2);
    const third = await h.drain(h.make(), second.cursor);
    expect(third.items.filter((i) => i.text.startsWith('aduan lama'))).toHaveLength(0);
    const all = new Set([...first.items, ...second.items, ...third.items].map((i) => i.externalId));
    expect(all.size).toBe(12);
  });

  it('should read every reply of a thread that carries only some of them, through comments.list', async () => {
    fake.configure({ repliesInThread: 2 });
    const top = fake.addComment({ text: 'Puskesmas Bikeru tutup jam 11 siang' });
    for (let i = 0; i < 7; i++) fake.addReply({ threadId: top.id, text: `balasan warga ${i}` });
    fake.addReply({ threadId: top.id, text: 'Terima kasih, kami teruskan ke Dinkes.', byChannel: true });
    const { items } = await h.drain(h.make(), null);
    const replies = items.filter((i) => i.kind === 'reply');
    expect(new Set(replies.map((i) => i.text))).toEqual(new Set([...Array(7).keys()].map((i) => `balasan warga ${i}`)));
    expect(replies.every((r) => r.parentExternalId === top.id && r.replyTarget.targetId === top.id && r.rootExternalId === `video:${top.videoId}`)).toBe(true);
    expect(fake.requestsTo('/youtube/v3/comments').map((r) => r.query.parentId)).toEqual([top.id, top.id, top.id]);
  });

  it('should find a late reply to an older thread in the reply sweep', async () => {
    const top = fake.addComment({ text: 'Lampu PJU mati di Jl. Sultan Hasanuddin', publishedAt: ago(300) });
    for (let i = 0; i < 6; i++) fake.addComment({ text: `lain ${i}`, publishedAt: ago(100 - 10 * i) });
    const first = await h.drain(h.make(), null);
    fake.addReply({ threadId: top.id, text: 'masih mati sampai sekarang' });
    // Newest threads first: an ordinary scan stops at the watermark before reaching the old thread.
    const quick = await h.drain(h.make({ settings: { sweepIntervalMin: 600 } }), first.cursor);
    expect(quick.items.map((i) => i.text)).not.toContain('masih mati sampai sekarang');
    const swept = await h.drain(h.make({ settings: { sweepIntervalMin: 0 } }), quick.cursor);
    expect(swept.items.map((i) => i.text)).toContain('masih mati sampai sekarang');
  });

  it('should leave history older than the backfill window alone on the first run', async () => {
    fake.addComment({ text: 'komentar tahun lalu', publishedAt: ago(60 * 24 * 10) });
    fake.addComment({ text: 'komentar kemarin', publishedAt: ago(60 * 24) });
    const { items } = await h.drain(h.make({ settings: { backfillDays: 3 } }), null);
    expect(items.map((i) => i.text)).toEqual(['komentar kemarin']);
  });

  it('should reply with comments.insert under the thread’s top-level comment, also when answering a reply', async () => {
    const top = fake.addComment({ text: 'Kapan pendaftaran PPPK dibuka?' });
    fake.addReply({ threadId: top.id, text: 'saya juga mau tahu' });
    const { items } = await h.drain(h.make(), null);
    const reply = items.find((i) => i.kind === 'reply')!;
    const r = await h.make().reply(reply.replyTarget, 'Informasi PPPK diumumkan di situs BKPSDM pekan depan.', { idempotencyKey: 'k1' });
    const posted = fake.posted();
    expect(posted).toHaveLength(1);
    expect(posted[0]).toMatchObject({ id: r.externalId, parentId: top.id, text: 'Informasi PPPK diumumkan di situs BKPSDM pekan depan.' });
    expect(JSON.parse(fake.requestsTo('/youtube/v3/comments').at(-1)!.body)).toEqual({ snippet: { parentId: top.id, textOriginal: 'Informasi PPPK diumumkan di situs BKPSDM pekan depan.' } });
    // The channel's own reply is not taken in as a citizen's comment.
    const later = await h.drain(h.make(), null);
    expect(later.items.map((i) => i.text)).not.toContain('Informasi PPPK diumumkan di situs BKPSDM pekan depan.');
  });

  it('should find a reply already posted after an unknown outcome, and nothing before it (§6.5)', async () => {
    const top = fake.addComment({ text: 'air PDAM keruh' });
    const { items } = await h.drain(h.make(), null);
    const c = h.make({ timeoutMs: 500 });
    expect(await c.findReply(items[0].replyTarget, 'Sudah kami teruskan ke PDAM.')).toBeNull();
    fake.inject({ kind: 'lost_response', path: '/youtube/v3/comments', method: 'POST' });
    expect((await fail(c.reply(items[0].replyTarget, 'Sudah kami teruskan ke PDAM.', { idempotencyKey: 'k2' }))).kind).toBe('timeout');
    const found = await c.findReply(items[0].replyTarget, 'Sudah kami teruskan ke PDAM.');
    expect(found?.externalId).toBe(fake.posted()[0].id);
    expect(fake.posted()[0].parentId).toBe(top.id);
  });

  it('should re-read open comments by id: edits show, deletions come back as deleted', async () => {
    const a = fake.addComment({ text: 'jalan rusak' });
    const b = fake.addComment({ text: 'jembatan goyang' });
    const { items } = await h.drain(h.make(), null);
    fake.editComment(a.id, 'jalan rusak parah, sudah 2 tahun');
    fake.deleteComment(b.id);
    const states = await h.make().refreshItems(items.map((i) => ({ externalId: i.externalId, replyTarget: i.replyTarget })));
    expect(states).toEqual(
      expect.arrayContaining([
        { externalId: a.id, deleted: false, text: 'jalan rusak parah, sudah 2 tahun', editedAt: expect.any(String) },
        { externalId: b.id, deleted: true },
      ]),
    );
  });

  it('should charge every call to the quota ledger, as the platform counts it', async () => {
    for (let i = 0; i < 7; i++) fake.addComment({ text: `aduan ${i}` });
    const { items } = await h.drain(h.make(), null);
    await h.make().reply(items[0].replyTarget, 'Kami teruskan.', { idempotencyKey: 'k3' });
    expect([...h.ledger.days.values()]).toEqual([fake.unitsToday()]);
    expect(fake.unitsToday()).toBe(3 + 50);
  });
});
