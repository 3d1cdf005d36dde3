import { TelegramFake } from '../../fakes/telegram.fake.js';
import type { ConnectorError } from '../connector-error.js';
import type { FetchResult, NormalizedItem } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { TelegramConnector } from './telegram.connector.js';

describe('TelegramConnector against the fake Bot API', () => {
  const fake = new TelegramFake();
  const make = (o: { token?: string; longPollSec?: number; timeoutMs?: number } = {}): TelegramConnector =>
    new TelegramConnector(
      createHttpClient({ baseURL: fake.baseUrl, timeoutMs: o.timeoutMs ?? 2000 }),
      { id: 'acc-tg', externalAccountId: String(fake.botId), handle: 'LaporSinjaiBot', settings: {}, credentials: { botToken: o.token ?? fake.token } },
      { longPollSec: o.longPollSec ?? 0, timeoutMs: o.timeoutMs ?? 2000 },
    );
  const fail = (p: Promise<unknown>): Promise<ConnectorError> => p.then(() => { throw new Error('expected a ConnectorError'); }, (e: unknown) => e as ConnectorError);

  /** fetchSince until hasMore is false, like one poll run. */
  async function drain(c: TelegramConnector, cursor: string | null): Promise<{ items: NormalizedItem[]; cursor: string; pages: number; warnings: string[] }> {
    const items: NormalizedItem[] = [];
    const warnings: string[] = [];
    let pages = 0;
    for (;;) {
      const r: FetchResult = await c.fetchSince(cursor);
      pages++;
      items.push(...r.items);
      warnings.push(...(r.warnings ?? []));
      cursor = r.nextCursor;
      if (!r.hasMore) return { items, cursor, pages, warnings };
    }
  }

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.repollQuirk = false;
  });

  it('should take private messages as confidential direct messages, one conversation per chat', async () => {
    const budi = fake.user({ firstName: 'Budi', lastName: 'Santoso', username: 'budis' });
    const m1 = fake.privateMessage({ from: budi, text: 'Lampu jalan di Jl. Persatuan Raya mati sejak seminggu' });
    fake.privateMessage({ from: budi, text: 'tolong dicek pak' });
    const { items } = await drain(make(), null);
    expect(items).toHaveLength(2);
    expect(items[0]).toMatchObject({
      platform: 'telegram',
      kind: 'direct_message',
      accountId: String(fake.botId),
      externalId: `${budi.id}:${m1.message_id}`,
      dedupeKey: `telegram:${fake.botId}:${budi.id}:${m1.message_id}`,
      rootExternalId: `tg:chat:${budi.id}`,
      author: { platformUserId: String(budi.id), displayName: 'Budi Santoso', username: 'budis' },
      lang: 'id',
      replyTarget: { platform: 'telegram', targetId: String(m1.message_id), extra: { chatId: String(budi.id), chatType: 'private' } },
    });
    expect(items[0].permalink).toBeUndefined();
    expect(items[1].rootExternalId).toBe(items[0].rootExternalId);
  });

  it('should join comments in the discussion group to their channel post thread (§7.8), skipping the channel’s own posts', async () => {
    const { post, forward } = fake.channelPost('Pengumuman: perbaikan jalan poros Sinjai–Bulukumba mulai Senin');
    const c1 = fake.comment({ forward, text: 'Jalan di desa kami juga rusak parah, kapan diperbaiki?' });
    const c2 = fake.comment({ forward, replyTo: c1, text: 'betul, di Tongke-Tongke juga' });
    const { items } = await drain(make(), null);
    expect(items.map((i) => i.text)).toEqual(['Jalan di desa kami juga rusak parah, kapan diperbaiki?', 'betul, di Tongke-Tongke juga']);
    const thread = `${fake.discussion.id}:${forward.message_id}`;
    expect(items.map((i) => [i.kind, i.rootExternalId])).toEqual([
      ['comment', thread],
      ['comment', thread],
    ]);
    expect(items[0].parentExternalId).toBe(thread);
    expect(items[1].parentExternalId).toBe(`${fake.discussion.id}:${c1.message_id}`); // reply_to does not nest; the thread id does
    expect(items[0].permalink).toBe(`https://t.me/${fake.channel.username}/${post.message_id}?comment=${c1.message_id}`);
    expect(items[1].permalink).toBe(`https://t.me/${fake.channel.username}/${post.message_id}?comment=${c2.message_id}`);
    expect(items[1].replyTarget.extra).toEqual({ chatId: String(fake.discussion.id), chatType: 'supergroup' });
  });

  it('should remember a thread across runs, so a comment in a later run still links to its channel post', async () => {
    const { post, forward } = fake.channelPost('Info vaksinasi');
    const first = await drain(make(), null);
    expect(first.items).toHaveLength(0);
    fake.comment({ forward, replyTo: fake.comment({ forward, text: 'jadwal di puskesmas mana?' }), text: 'saya juga mau tanya' });
    const { items } = await drain(make(), first.cursor);
    expect(items.map((i) => i.permalink)).toEqual([expect.stringContaining(`/${post.message_id}?comment=`), expect.stringContaining(`/${post.message_id}?comment=`)]);
  });

  it('should read ordinary group messages as posts and replies with their thread', async () => {
    const a = fake.groupMessage({ text: 'Sampah di pasar Sentral belum diangkut 3 hari' });
    const b = fake.groupMessage({ text: 'iya bau sekali', replyTo: a });
    const { items } = await drain(make(), null);
    expect(items.map((i) => [i.kind, i.rootExternalId, i.parentExternalId])).toEqual([
      ['post', `${fake.group.id}:${a.message_id}`, undefined],
      ['reply', `${fake.group.id}:${a.message_id}`, `${fake.group.id}:${a.message_id}`],
    ]);
    expect(items[1].externalId).toBe(`${fake.group.id}:${b.message_id}`);
  });

  it('should page 100 updates at a time and confirm them only with the next offset, across restarts without gaps or duplicates', async () => {
    for (let i = 0; i < 230; i++) fake.privateMessage({ text: `aduan nomor ${i}` });
    const c = make();
    const p1 = await c.fetchSince(null);
    expect([p1.items.length, p1.hasMore]).toEqual([100, true]);
    // A crash before the cursor was stored: the server still holds the page, nothing is lost.
    const again = await make().fetchSince(null);
    expect(again.items.map((i) => i.externalId)).toEqual(p1.items.map((i) => i.externalId));
    // A restart with the stored cursor goes on where it stopped.
    const rest = await drain(make(), p1.nextCursor);
    const all = [...p1.items, ...rest.items].map((i) => i.text);
    expect(all).toHaveLength(230);
    expect(new Set(all).size).toBe(230);
    expect(all[229]).toBe('aduan nomor 229');
    const offset = (JSON.parse(p1.nextCursor) as { offset: number }).offset;
    expect(fake.requestsTo('/getUpdates').map((r) => (JSON.parse(r.body) as { offset?: number }).offset)).toEqual([undefined, undefined, offset, offset + 100]);
    // Everything up to the last offset is confirmed: the next run sees nothing old.
    const next = await drain(make(), rest.cursor);
    expect(next.items).toHaveLength(0);
    expect(fake.pendingUpdates()).toBe(0);
  });

  it('should drop a confirmed offset after an empty poll, so an update id chosen at random after a quiet week is not lost (§7.3)', async () => {
    for (let i = 0; i < 3; i++) fake.privateMessage({ text: `aduan ${i}` });
    const first = await drain(make(), null);
    const quiet = await make().fetchSince(first.cursor); // confirms everything, finds nothing
    expect(JSON.parse(quiet.nextCursor)).toMatchObject({ offset: 0 });
    fake.nextUpdateId = 4242; // far below the old offset
    fake.privateMessage({ text: 'seminggu kemudian: jalan longsor di Sinjai Barat' });
    const r = await make().fetchSince(quiet.nextCursor);
    expect(r.items.map((i) => i.text)).toEqual(['seminggu kemudian: jalan longsor di Sinjai Barat']);
    expect(JSON.parse(r.nextCursor)).toMatchObject({ offset: 4243 });
  });

  it('should long-poll and answer as soon as a message arrives', async () => {
    const c = make({ longPollSec: 5 });
    const started = Date.now();
    setTimeout(() => fake.privateMessage({ text: 'halo, mau lapor jalan rusak' }), 300);
    const r = await c.fetchSince(null);
    expect(r.items.map((i) => i.text)).toEqual(['halo, mau lapor jalan rusak']);
    expect(Date.now() - started).toBeLessThan(4000);
    expect(JSON.parse(fake.requestsTo('/getUpdates')[0].body)).toMatchObject({ timeout: 5, limit: 100 });
  });

  it('should serve a repeated offset within 3 s with at least a 3 s wait, as the server does (§7.3)', async () => {
    fake.repollQuirk = true;
    const c = make();
    const first = await c.fetchSince(null);
    const started = Date.now();
    await make().fetchSince(first.nextCursor);
    await make().fetchSince(first.nextCursor);
    expect(Date.now() - started).toBeGreaterThanOrEqual(2900);
  });

  it('should key an edited message on its original id and carry the edit time', async () => {
    const m = fake.privateMessage({ text: 'air mati' });
    fake.editMessage(m, 'air PDAM mati sejak pagi di Biringere');
    const { items } = await drain(make(), null);
    expect(items).toHaveLength(2);
    expect(items[1].externalId).toBe(items[0].externalId);
    expect(items[1].text).toBe('air PDAM mati sejak pagi di Biringere');
    expect(items[1].editedAt).toBeDefined();
  });

  it('should reply with reply_parameters to the citizen’s message, in its chat', async () => {
    const { forward } = fake.channelPost('Info');
    const comment = fake.comment({ forward, text: 'jembatan putus' });
    const { items } = await drain(make(), null);
    const r = await make().reply(items[0].replyTarget, 'Terima kasih, laporan SW-2026-000001 diteruskan ke Dinas PUPR.', { idempotencyKey: 'k1' });
    expect(fake.sent).toEqual([{ chatId: fake.discussion.id, messageId: expect.any(Number), text: 'Terima kasih, laporan SW-2026-000001 diteruskan ke Dinas PUPR.', replyTo: comment.message_id }]);
    expect(r.externalId).toBe(`${fake.discussion.id}:${fake.sent[0].messageId}`);
    const body = JSON.parse(fake.requestsTo('/sendMessage')[0].body);
    expect(body.reply_parameters).toEqual({ message_id: comment.message_id });
  });

  it('should follow migrate_to_chat_id once when the group became a supergroup', async () => {
    const m = fake.groupMessage({ text: 'banjir di Sinjai Utara' });
    const { items } = await drain(make(), null);
    const to = fake.migrateGroup();
    expect((await drain(make(), null)).warnings).toEqual([`group ${fake.group.id} became supergroup ${to.id}`]);
    await make().reply(items[0].replyTarget, 'Sudah kami teruskan ke BPBD.', { idempotencyKey: 'k2' });
    expect(fake.requestsTo('/sendMessage').map((r) => JSON.parse(r.body).chat_id)).toEqual([String(fake.group.id), String(to.id)]);
    expect(fake.sent).toEqual([{ chatId: to.id, messageId: expect.any(Number), text: 'Sudah kami teruskan ke BPBD.', replyTo: m.message_id }]);
  });

  it('should map a deleted target, a blocking citizen and a kicked bot to clear reply errors', async () => {
    const budi = fake.user({ firstName: 'Budi' });
    fake.privateMessage({ from: budi, text: 'pungli di kantor desa' });
    const { items } = await drain(make(), null);
    const gone = await fail(make().reply({ ...items[0].replyTarget, targetId: '999999' }, 'Kami tindak lanjuti.', { idempotencyKey: 'k3' }));
    expect(gone.kind).toBe('not_found');
    fake.blockBot(budi.id);
    const blocked = await fail(make().reply(items[0].replyTarget, 'Kami tindak lanjuti.', { idempotencyKey: 'k4' }));
    expect([blocked.kind, blocked.message]).toEqual(['permission', expect.stringMatching(/^bot diblokir oleh warga/)]);
    const blockWarning = await drain(make(), null);
    expect(blockWarning.warnings).toEqual([`bot removed or blocked in private ${budi.id} ()`]);
    expect(fake.sent).toHaveLength(0);
  });

  it('should say it cannot look up a sent reply (no lookup in the Bot API)', async () => {
    const c = make();
    expect(c.canFindReply).toBe(false);
    await expect(c.findReply()).rejects.toMatchObject({ kind: 'invalid_request' });
  });

  it('should report health from getMe, and a webhook as a conflict', async () => {
    expect((await make().health()).state).toBe('ok');
    expect((await make({ token: '1:revoked-token-revoked-token' }).health()).state).toBe('auth_expired');
    fake.webhookUrl = 'https://contoh.go.id/hook';
    expect((await make().health()).state).toBe('conflict');
  });
});
