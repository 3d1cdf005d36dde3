import { DataSource } from 'typeorm';
import { FacebookFake } from '../../src/fakes/facebook.fake.js';
import { InstagramFake } from '../../src/fakes/instagram.fake.js';
import { TikTokFake } from '../../src/fakes/tiktok.fake.js';
import { WhatsAppFake } from '../../src/fakes/whatsapp.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { createAccount } from '../factories/connector-account.factory.js';
import { eventually } from '../factories/socket.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

describe('e2e: five platforms at once, two of them broken', () => {
  const x = new XFake();
  const fb = new FacebookFake();
  const ig = new InstagramFake();
  const tt = new TikTokFake();
  const wa = new WhatsAppFake();
  let t: TestApp;

  beforeAll(async () => {
    await Promise.all([x, fb, ig, tt, wa].map((f) => f.start()));
    t = await startTestApp({
      POLL_SCHEDULER_ENABLED: 'true',
      X_BASE_URL: x.baseUrl,
      FACEBOOK_BASE_URL: fb.baseUrl,
      INSTAGRAM_BASE_URL: ig.baseUrl,
      TIKTOK_BASE_URL: tt.apiBaseUrl,
      WHATSAPP_BASE_URL: wa.baseUrl,
      META_APP_SECRET: wa.appSecret,
    });
    wa.webhookUrl = `${t.url}/api/webhooks/whatsapp`;
  });
  afterAll(async () => {
    await t.close();
    await Promise.all([x, fb, ig, tt, wa].map((f) => f.stop()));
  });

  it('should keep the healthy three delivering cases and name the two broken accounts in health', async () => {
    // Facebook answers 500 to everything; TikTok's token has expired.
    fb.inject({ kind: 'server_error', status: 500, times: -1 });
    await createAccount(t.app, { platform: 'facebook', externalAccountId: fb.pageId, handle: 'Pemkab Sinjai', pollIntervalSec: 5, credentials: { pageAccessToken: 'fb-page-token' } });
    await createAccount(t.app, { platform: 'tiktok', externalAccountId: tt.businessId, handle: 'pemkabsinjai', pollIntervalSec: 5, credentials: { accessToken: 'an-expired-token' } });
    await createAccount(t.app, { platform: 'x', externalAccountId: x.accountUserId, pollIntervalSec: 5 });
    await createAccount(t.app, { platform: 'instagram', externalAccountId: ig.igUserId, handle: 'pemkabsinjai', pollIntervalSec: 5, credentials: { accessToken: 'ig-token' } });
    await createAccount(t.app, { platform: 'whatsapp', externalAccountId: wa.phoneNumberId, handle: wa.displayNumber, pollIntervalSec: 5, credentials: { accessToken: 'wa-token' } });

    x.addTweet({ text: '@pemkabsinjai jalan rusak berlubang di depan pasar Lappa, mohon diperbaiki' });
    const media = ig.addMedia({ caption: 'Kegiatan pemkab' });
    ig.addComment({ mediaId: media.id, text: 'sampah menumpuk di TPS Biringere sudah seminggu tidak diangkut', author: { username: 'warga.bir' } });
    await wa.sendMessage({ from: '6281255550001', name: 'Pak Baso', text: 'air PDAM mati sejak kemarin di kompleks kami' });
    fb.addVisitorPost({ text: 'lampu jalan mati', author: { name: 'Andi' } });
    tt.addComment({ text: 'jembatan putus', username: 'ttwarga' });

    const ds = t.get(DataSource);
    const platforms = await eventually(
      async () => (await ds.query(`SELECT DISTINCT p.platform FROM cases c JOIN posts p ON p.id = c.post_id`)).map((r: { platform: string }) => r.platform).sort() as string[],
      (p) => p.length >= 3,
      30_000,
      200,
    );
    expect(platforms).toEqual(['instagram', 'whatsapp', 'x']);

    const operator = await t.tokenFor('operator');
    const health = await eventually(
      async () => (await t.http().get('/api/health').set('authorization', `Bearer ${operator}`).expect(200)).body as { connectors: Array<{ platform: string; state: string }> },
      (h) => h.connectors.filter((c) => c.state !== 'ok').length === 2,
      30_000,
      200,
    );
    const states = Object.fromEntries(health.connectors.map((c) => [c.platform, c.state]));
    expect(states.tiktok).toBe('auth_expired');
    expect(['degraded', 'down']).toContain(states.facebook);
    expect([states.x, states.instagram, states.whatsapp]).toEqual(['ok', 'ok', 'ok']);

    // The healthy ones keep delivering while the broken two stay broken.
    x.addTweet({ text: '@pemkabsinjai pungli di kantor desa saat urus surat tanah' });
    await eventually(async () => (await ds.query(`SELECT count(*)::int AS n FROM cases`))[0].n as number, (n) => n >= 4, 20_000, 200);
  }, 90_000);
});
