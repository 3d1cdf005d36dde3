import { DataSource } from 'typeorm';
import { TelegramFake } from '../../src/fakes/telegram.fake.js';
import { YouTubeFake } from '../../src/fakes/youtube.fake.js';
import { quotaDay } from '../../src/connectors/kit/quota-budget.js';
import { OutboundReply } from '../../src/replies/outbound-reply.entity.js';
import { RepliesService } from '../../src/replies/replies.service.js';
import { weekAt } from '../../src/reports/iso-week.js';
import { WeeklyReportService } from '../../src/reports/weekly-report.service.js';
import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Telegram and YouTube through the real pipeline: real PostgreSQL, the poll job, the replies
// service, the fakes over HTTP.

describe('Telegram and YouTube accounts in the pipeline (real PostgreSQL)', () => {
  const tg = new TelegramFake();
  const yt = new YouTubeFake({ maxPageSize: 3 });
  let t: TestApp;
  let ds: DataSource;
  let operator: string;

  const tgAccount = () => createAccount(t.app, { platform: 'telegram', externalAccountId: String(tg.botId), handle: 'LaporSinjaiBot', credentials: { botToken: tg.token } });
  const ytAccount = () =>
    createAccount(t.app, { platform: 'youtube', externalAccountId: yt.channelId, handle: 'Pemkab Sinjai', credentials: { accessToken: 'yt-access-token', refreshToken: 'yt-refresh-token', clientId: yt.clientId, clientSecret: yt.clientSecret } });
  const count = async (sql: string): Promise<number> => Number((await ds.query(sql))[0].n);

  beforeAll(async () => {
    await Promise.all([tg.start(), yt.start()]);
    t = await startTestApp({ TELEGRAM_BASE_URL: tg.baseUrl, TELEGRAM_LONG_POLL_SEC: '0', YOUTUBE_BASE_URL: yt.baseUrl, YOUTUBE_OAUTH_TOKEN_URL: `${yt.baseUrl}/token`, CONNECTOR_HTTP_TIMEOUT_MS: '500' });
    ds = t.get(DataSource);
    operator = await t.tokenFor('operator');
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([tg.stop(), yt.stop()]);
  });
  beforeEach(async () => {
    tg.reset();
    tg.repollQuirk = false;
    yt.reset();
    yt.configure({ maxPageSize: 3, dailyLimit: 10_000 });
    await ds.query('TRUNCATE outbound_replies, case_events, cases, posts, connector_accounts, tracking_counters, connector_quota_usage CASCADE');
  });

  it('should turn Telegram messages into cases across runs, without gaps or duplicates, and keep private chats confidential', async () => {
    const acc = await tgAccount();
    const { forward } = tg.channelPost('Info: pelayanan KTP keliling di Kecamatan Sinjai Borong');
    tg.comment({ forward, text: 'jalan ke kantor camat Sinjai Borong rusak parah, mohon diperbaiki' });
    tg.privateMessage({ text: 'Pak, ada pungli di kantor desa saat urus KK, NIK saya 7307011234560001' });
    await pollNow(t.app, acc.id);
    expect(await count(`SELECT count(*) AS n FROM posts WHERE platform = 'telegram'`)).toBe(2);
    const firstCursor = (await reloadAccount(t.app, acc.id)).cursor;
    for (let i = 0; i < 3; i++) tg.groupMessage({ text: `sampah menumpuk di pasar Sentral hari ke-${i}` });
    await pollNow(t.app, acc.id);
    // A replay of an old cursor (a run that crashed before its commit) only meets duplicates.
    await ds.query(`UPDATE connector_accounts SET cursor = $1 WHERE id = $2`, [firstCursor, acc.id]);
    await pollNow(t.app, acc.id);
    expect(await count(`SELECT count(*) AS n FROM posts WHERE platform = 'telegram'`)).toBe(5);
    expect(await count(`SELECT count(DISTINCT external_id) AS n FROM posts WHERE platform = 'telegram'`)).toBe(5);
    expect(await count(`SELECT count(*) AS n FROM cases`)).toBe(5);
    expect((await reloadAccount(t.app, acc.id)).healthState).toBe('ok');

    // Private: the leader's view withholds the text, the export keeps it out too.
    const pimpinan = await t.tokenFor('pimpinan');
    const list = (await t.http().get('/api/cases?platform=telegram&limit=50').set('authorization', `Bearer ${pimpinan}`).expect(200)).body as { items: Array<{ post: { kind: string; text: string; authorName: string } }> };
    const dm = list.items.find((c) => c.post.kind === 'direct_message')!;
    expect(dm.post.text).toBe('[Pesan Telegram bersifat rahasia: buka kasus untuk membaca]');
    expect(dm.post.authorName).toBe('Warga (Telegram)');
    const csv = (await t.http().get('/api/cases/export.csv?format=lapor').set('authorization', `Bearer ${operator}`).expect(200)).text;
    expect(csv).toContain('Media sosial: Telegram');
    expect(csv).toContain('[pesan Telegram bersifat rahasia]');
    expect(csv).toContain('Rahasia');
    expect(csv).not.toContain('7307011234560001');
    expect(csv).not.toContain('pungli di kantor desa');
  });

  it('should store hostile Telegram content without breaking the account', async () => {
    const acc = await tgAccount();
    tg.privateMessage({ text: 'air\u0000 mati \\u0000 \uD800 di \u202Edesa' });
    tg.pushUpdate({ message: { message_id: 1, date: 1760000000, chat: { id: -1005, type: 'supergroup', title: '\uDFFF' }, from: { id: 5, first_name: '\u0000\uD83D' }, text: 'x'.repeat(50_000) } });
    tg.pushUpdate({ message: 42 });
    tg.privateMessage({ text: 'setelahnya tetap masuk' });
    await pollNow(t.app, acc.id);
    const texts: Array<{ text: string; text_truncated: boolean }> = await ds.query(`SELECT text, text_truncated FROM posts ORDER BY id`);
    expect((await reloadAccount(t.app, acc.id)).healthDetail).toBeNull();
    expect(texts.map((r) => r.text.slice(0, 30))).toEqual(['air mati \\u0000 \uFFFD di \u202Edesa\u202C', 'x'.repeat(30), 'setelahnya tetap masuk']);
    expect(texts[1].text_truncated).toBe(true);
    expect((await reloadAccount(t.app, acc.id)).healthState).toBe('ok');
  });

  it('should show a 409 Conflict as the account state `conflict`, retried slowly, and recover when it ends (§7.4)', async () => {
    const acc = await tgAccount();
    tg.webhookUrl = 'https://contoh.sinjaikab.go.id/hook';
    await pollNow(t.app, acc.id);
    const a = await reloadAccount(t.app, acc.id);
    expect(a.healthState).toBe('conflict');
    expect(a.healthDetail).toMatch(/webhook is active/);
    expect(a.nextPollAt!.getTime() - Date.now()).toBeGreaterThan(250_000);
    // Per-account details are for Diskominfo staff; anyone else sees up/down only.
    const health = (await t.http().get('/api/health').set('authorization', `Bearer ${operator}`).expect(200)).body as { connectors: Array<{ platform: string; state: string }> };
    expect(health.connectors).toEqual([expect.objectContaining({ platform: 'telegram', state: 'conflict' })]);
    tg.webhookUrl = '';
    tg.privateMessage({ text: 'halo' });
    await pollNow(t.app, acc.id);
    expect((await reloadAccount(t.app, acc.id)).healthState).toBe('ok');
  });

  it('should pause a Telegram account for retry_after on 429, and stop a revoked bot', async () => {
    const acc = await tgAccount();
    tg.inject({ kind: 'rate_limit', resetInSec: 120, path: '/getUpdates' });
    await pollNow(t.app, acc.id);
    const limited = await reloadAccount(t.app, acc.id);
    expect(limited.healthState).toBe('rate_limited');
    expect(limited.retryAt!.getTime() - Date.now()).toBeGreaterThan(115_000);
    tg.tokens = [];
    await pollNow(t.app, acc.id);
    const revoked = await reloadAccount(t.app, acc.id);
    expect([revoked.healthState, revoked.nextPollAt]).toEqual(['auth_expired', null]);
  });

  it('should reply on Telegram once, and never again when the outcome is unknown: the reply is marked uncertain', async () => {
    const acc = await tgAccount();
    tg.privateMessage({ text: 'jalan poros Lappa berlubang, bahaya untuk motor' });
    await pollNow(t.app, acc.id);
    const [{ id: caseId }] = await ds.query(`SELECT id FROM cases`);
    const send = (text: string) => t.http().post(`/api/cases/${caseId}/replies`).set('authorization', `Bearer ${operator}`).send({ text });

    const ok = (await send('Terima kasih, laporan Anda kami teruskan ke Dinas PUPR.').expect(201)).body;
    expect(ok.state).toBe('sent');
    expect(tg.sent).toHaveLength(1);

    tg.inject({ kind: 'lost_response', path: '/sendMessage' });
    const lost = (await send('Tim UPTD jalan turun besok pagi.').expect(201)).body;
    expect(lost.state).toBe('uncertain');
    expect(lost.error).toMatch(/^Hasil pengiriman tidak pasti/);
    expect(tg.sent.map((s) => s.text)).toEqual(['Terima kasih, laporan Anda kami teruskan ke Dinas PUPR.', 'Tim UPTD jalan turun besok pagi.']);
    // Nothing resends it: not the stale-reply check, not a second look.
    await ds.query(`UPDATE outbound_replies SET updated_at = now() - interval '10 minutes'`);
    expect(await t.get(RepliesService).resumeStale()).toBe(0);
    expect(tg.sent).toHaveLength(2);
    const events = (await ds.query(`SELECT type FROM case_events WHERE case_id = $1 ORDER BY id`, [caseId])).map((e: { type: string }) => e.type);
    expect(events).toContain('reply_uncertain');
  });

  it('should not resend a Telegram reply interrupted mid-call by a crash (pending with an attempt on record)', async () => {
    const acc = await tgAccount();
    tg.privateMessage({ text: 'lampu jalan mati' });
    await pollNow(t.app, acc.id);
    const [post] = await ds.query(`SELECT id, case_id, reply_target FROM posts`);
    await ds.getRepository(OutboundReply).insert({ caseId: post.case_id, postId: post.id, accountId: acc.id, idempotencyKey: 'crash-tg', target: post.reply_target, text: 'Sudah kami laporkan ke Disperkim.', state: 'pending', attempts: 1, updatedAt: new Date(Date.now() - 120_000) } as never);
    expect(await t.get(RepliesService).resumeStale()).toBe(1);
    const [row] = await ds.query(`SELECT state FROM outbound_replies WHERE idempotency_key = 'crash-tg'`);
    expect(row.state).toBe('uncertain');
    expect(tg.sent).toHaveLength(0);
  });

  it('should take YouTube comments into cases across runs, charging the quota ledger per Pacific day', async () => {
    const acc = await ytAccount();
    const v = yt.addVideo('Live: Musrenbang Kabupaten Sinjai 2026');
    for (let i = 0; i < 5; i++) yt.addComment({ videoId: v, text: `jalan desa Bulupoddo ${i} rusak berat, mohon perbaikan` });
    await pollNow(t.app, acc.id);
    yt.addComment({ videoId: v, text: 'air PDAM keruh di Biringere sejak seminggu' });
    await pollNow(t.app, acc.id);
    expect(await count(`SELECT count(*) AS n FROM posts WHERE platform = 'youtube'`)).toBe(6);
    expect(await count(`SELECT count(DISTINCT external_id) AS n FROM posts`)).toBe(6);
    const [ledger] = await ds.query(`SELECT pool, day::text AS day, units FROM connector_quota_usage`);
    expect(ledger).toEqual({ pool: 'youtube:default', day: quotaDay(new Date(), 'America/Los_Angeles').day, units: yt.unitsToday() });
    const stats = (await t.http().get('/api/stats/today').set('authorization', `Bearer ${operator}`).expect(200)).body as { byPlatform: Record<string, number> };
    expect(stats.byPlatform.youtube).toBe(6);
    // The weekly summary counts them like the first five.
    const summary = await t.get(WeeklyReportService).generate(weekAt(new Date(), t.config.timezone));
    expect(summary.volume.filter((r) => r.dimension === 'platform' && r.count > 0)).toEqual([{ dimension: 'platform', key: 'youtube', label: 'YouTube', count: 6 }]);
  });

  it('should pause a YouTube account on quotaExceeded until midnight Pacific time', async () => {
    const acc = await ytAccount();
    yt.addComment({ text: 'banjir di Tongke-Tongke' });
    yt.inject({ kind: 'quota', path: '/commentThreads' });
    await pollNow(t.app, acc.id);
    const a = await reloadAccount(t.app, acc.id);
    expect(a.healthState).toBe('quota_exhausted');
    expect(a.retryAt).toEqual(quotaDay(new Date(), 'America/Los_Angeles').end);
  });

  it('should reply on YouTube once after a lost response, found by looking (§6.5)', async () => {
    const acc = await ytAccount();
    yt.addComment({ text: 'kapan jembatan Sungai Tangka diperbaiki? sudah 2 tahun' });
    await pollNow(t.app, acc.id);
    const [{ id: caseId }] = await ds.query(`SELECT id FROM cases`);
    yt.inject({ kind: 'lost_response', path: '/youtube/v3/comments', method: 'POST' });
    const res = (await t.http().post(`/api/cases/${caseId}/replies`).set('authorization', `Bearer ${operator}`).send({ text: 'Perbaikan dijadwalkan tahun ini, terima kasih.' }).expect(201)).body;
    expect(res.state).toBe('sent');
    expect(yt.posted()).toHaveLength(1);
    expect(res.externalId).toBe(yt.posted()[0].id);
  });
});
