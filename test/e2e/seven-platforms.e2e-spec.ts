import { DataSource } from 'typeorm';
import { FacebookFake } from '../../src/fakes/facebook.fake.js';
import { InstagramFake } from '../../src/fakes/instagram.fake.js';
import { TelegramFake } from '../../src/fakes/telegram.fake.js';
import { TikTokFake } from '../../src/fakes/tiktok.fake.js';
import { WhatsAppFake } from '../../src/fakes/whatsapp.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { YouTubeFake } from '../../src/fakes/youtube.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { eventually } from '../factories/socket.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

describe('e2e: seven platforms at once, Telegram in a 429 storm and YouTube out of quota', () => {
  const x = new XFake();
  const fb = new FacebookFake();
  const ig = new InstagramFake();
  const tt = new TikTokFake();
  const wa = new WhatsAppFake();
  const tg = new TelegramFake();
  const yt = new YouTubeFake();
  const fakes = [x, fb, ig, tt, wa, tg, yt];
  let t: TestApp;

  beforeAll(async () => {
    await Promise.all(fakes.map((f) => f.start()));
    t = await startTestApp({
      POLL_SCHEDULER_ENABLED: 'true',
      X_BASE_URL: x.baseUrl,
      FACEBOOK_BASE_URL: fb.baseUrl,
      INSTAGRAM_BASE_URL: ig.baseUrl,
      TIKTOK_BASE_URL: tt.apiBaseUrl,
      WHATSAPP_BASE_URL: wa.baseUrl,
      META_APP_SECRET: wa.appSecret,
      TELEGRAM_BASE_URL: tg.baseUrl,
      TELEGRAM_LONG_POLL_SEC: '0',
      YOUTUBE_BASE_URL: yt.baseUrl,
      YOUTUBE_OAUTH_TOKEN_URL: `${yt.baseUrl}/token`,
    });
    wa.webhookUrl = `${t.url}/api/webhooks/whatsapp`;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all(fakes.map((f) => f.stop()));
  });

  it('should keep the other five delivering cases and name the two paused accounts in health', async () => {
    // Every Telegram call is throttled; YouTube's project quota is gone for the day (403 quotaExceeded).
    tg.inject({ kind: 'rate_limit', resetInSec: 30, times: -1 });
    yt.inject({ kind: 'quota', times: -1 });
    await createAccount(t.app, { platform: 'telegram', externalAccountId: String(tg.botId), handle: 'LaporSinjaiBot', pollIntervalSec: 5, credentials: { botToken: tg.token } });
    await createAccount(t.app, { platform: 'youtube', externalAccountId: yt.channelId, handle: 'PemkabSinjaiOfficial', pollIntervalSec: 5, credentials: { accessToken: 'yt-access-token' } });
    await createAccount(t.app, { platform: 'x', externalAccountId: x.accountUserId, pollIntervalSec: 5 });
    await createAccount(t.app, { platform: 'facebook', externalAccountId: fb.pageId, handle: 'Pemkab Sinjai', pollIntervalSec: 5, credentials: { pageAccessToken: 'fb-page-token' } });
    await createAccount(t.app, { platform: 'instagram', externalAccountId: ig.igUserId, handle: 'pemkabsinjai', pollIntervalSec: 5, credentials: { accessToken: 'ig-token' } });
    await createAccount(t.app, { platform: 'tiktok', externalAccountId: tt.businessId, handle: 'pemkabsinjai', pollIntervalSec: 5, credentials: { accessToken: 'tt-access-token' } });
    await createAccount(t.app, { platform: 'whatsapp', externalAccountId: wa.phoneNumberId, handle: wa.displayNumber, pollIntervalSec: 5, credentials: { accessToken: 'wa-token' } });

    tg.privateMessage({ text: 'Pak, lampu jalan di depan SD 45 Lappa mati sudah seminggu' });
    yt.addComment({ text: 'jalan poros Sinjai Barat rusak parah, mohon diperbaiki' });
    x.addTweet({ text: '@pemkabsinjai jalan rusak berlubang di depan pasar Lappa, mohon diperbaiki' });
    fb.addVisitorPost({ text: 'lampu jalan mati di Jl. Persatuan Raya', author: { name: 'Andi' } });
    const media = ig.addMedia({ caption: 'Kegiatan pemkab' });
    ig.addComment({ mediaId: media.id, text: 'sampah menumpuk di TPS Biringere sudah seminggu tidak diangkut', author: { username: 'warga.bir' } });
    tt.addComment({ text: 'jembatan gantung di Bikeru putus, anak sekolah susah lewat', username: 'ttwarga' });
    await wa.sendMessage({ from: '6281255550001', name: 'Pak Baso', text: 'air PDAM mati sejak kemarin di kompleks kami' });

    const ds = t.get(DataSource);
    const platforms = await eventually(
      async () => (await ds.query(`SELECT DISTINCT p.platform FROM cases c JOIN posts p ON p.id = c.post_id`)).map((r: { platform: string }) => r.platform).sort() as string[],
      (p) => p.length >= 5,
      45_000,
      250,
    );
    expect(platforms).toEqual(['facebook', 'instagram', 'tiktok', 'whatsapp', 'x']);

    // Per-account details are for Diskominfo staff; anyone else sees up/down only.
    const operator = await t.tokenFor('operator');
    const health = await eventually(
      async () => (await t.http().get('/api/health').set('authorization', `Bearer ${operator}`).expect(200)).body as { connectors: Array<{ platform: string; state: string; retryAt: string | null }> },
      (h) => h.connectors.filter((c) => c.state !== 'ok').length === 2,
      30_000,
      250,
    );
    const byPlatform = Object.fromEntries(health.connectors.map((c) => [c.platform, c]));
    expect(byPlatform.telegram.state).toBe('rate_limited');
    expect(Date.parse(byPlatform.telegram.retryAt!) - Date.now()).toBeGreaterThan(20_000);
    expect(byPlatform.youtube.state).toBe('quota_exhausted');
    expect(byPlatform.youtube.retryAt).toMatch(/T0[78]:00:00\.000Z$/); // midnight Pacific
    expect(['x', 'facebook', 'instagram', 'tiktok', 'whatsapp'].map((p) => byPlatform[p].state)).toEqual(['ok', 'ok', 'ok', 'ok', 'ok']);

    // Paused means paused: the storm is not hammered, and the healthy five keep delivering.
    const tgCalls = tg.requestsTo('/getUpdates').length;
    const ytCalls = yt.requests.length;
    x.addTweet({ text: '@pemkabsinjai pungli di kantor desa saat urus surat tanah' });
    await eventually(async () => (await ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n as number, (n) => n >= 6, 20_000, 250);
    expect(tg.requestsTo('/getUpdates').length).toBe(tgCalls);
    expect(yt.requests.length).toBe(ytCalls);
  }, 120_000);
});
