import { FacebookFake } from '../fakes/facebook.fake.js';
import { InstagramFake } from '../fakes/instagram.fake.js';
import { TelegramFake } from '../fakes/telegram.fake.js';
import { TikTokFake } from '../fakes/tiktok.fake.js';
import { WhatsAppFake } from '../fakes/whatsapp.fake.js';
import { XFake } from '../fakes/x.fake.js';
import { YouTubeFake } from '../fakes/youtube.fake.js';
import { LaporFake } from '../fakes/lapor.fake.js';
import type { AppConfig } from '../config/app-config.js';

/** The fake platform servers of demo mode: the same fakes the tests use, on loopback. */
export interface DemoFakes {
  facebook: FacebookFake;
  instagram: InstagramFake;
  tiktok: TikTokFake;
  whatsapp: WhatsAppFake;
  x: XFake;
  telegram: TelegramFake;
  youtube: YouTubeFake;
  /** SP4N-LAPOR! stand-in, when LAPOR_BASE_URL is not set. */
  lapor?: LaporFake;
  stop(): Promise<void>;
}

export const DEMO_APP_SECRET = 'demo-meta-app-secret';

export async function startDemoFakes(config: AppConfig): Promise<DemoFakes> {
  const fakes = { facebook: new FacebookFake(), instagram: new InstagramFake(), tiktok: new TikTokFake(), whatsapp: new WhatsAppFake(), x: new XFake({ accountUsername: 'pemkabsinjai' }), telegram: new TelegramFake(), youtube: new YouTubeFake() };
  // A restart must not hand out ids the last run gave (X would stop below since_id; TikTok would
  // overwrite routed posts): every fake continues its ids from the clock.
  for (const f of [fakes.facebook, fakes.instagram, fakes.tiktok, fakes.x, fakes.telegram, fakes.youtube]) f.continueIdsFrom();
  await Promise.all(Object.values(fakes).map((f) => f.start()));
  // Connectors reach the fakes only through their configured base URLs.
  config.connectors.x.baseUrl = fakes.x.baseUrl;
  config.connectors.facebook.baseUrl = fakes.facebook.baseUrl;
  config.connectors.instagram.baseUrl = fakes.instagram.baseUrl;
  config.connectors.tiktok.baseUrl = fakes.tiktok.apiBaseUrl;
  config.connectors.whatsapp.baseUrl = fakes.whatsapp.baseUrl;
  config.connectors.telegram.baseUrl = fakes.telegram.baseUrl;
  config.connectors.youtube.baseUrl = fakes.youtube.baseUrl;
  config.connectors.youtube.oauthTokenUrl = `${fakes.youtube.baseUrl}/token`;
  // The fake WhatsApp signs its webhooks with the app secret the service verifies.
  config.webhooks.metaAppSecret ??= DEMO_APP_SECRET;
  fakes.whatsapp.appSecret = config.webhooks.metaAppSecret;
  // Cases marked for LAPOR! go to a local fake unless a real LAPOR! is configured.
  let lapor: LaporFake | undefined;
  if (!config.integration.lapor.baseUrl) {
    lapor = new LaporFake();
    await lapor.start();
    config.integration.lapor.baseUrl = lapor.baseUrl;
    config.integration.lapor.token = lapor.token;
  }
  return {
    ...fakes,
    lapor,
    stop: async () => {
      await Promise.all([...Object.values(fakes), ...(lapor ? [lapor] : [])].map((f) => f.stop()));
    },
  };
}
