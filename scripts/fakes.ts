// Runs the fake platform servers on fixed loopback ports for manual testing: npm run fakes.
// Point the service at them with X_BASE_URL=http://127.0.0.1:4103 (and so on).
import { TelegramFake } from '../src/fakes/telegram.fake.js';
import { XFake } from '../src/fakes/x.fake.js';
import { YouTubeFake } from '../src/fakes/youtube.fake.js';
import { LaporFake } from '../src/fakes/lapor.fake.js';
import { WebhookReceiverFake } from '../src/fakes/webhook-receiver.fake.js';

const x = new XFake();
await x.start(Number(process.env.FAKE_X_PORT ?? 4103));
console.log(`fake X API: ${x.baseUrl} (account ${x.accountUserId}, tokens x-app-token / x-user-token)`);
console.log('add a post: curl -XPOST $URL/__fake/tweets -H content-type:application/json -d \'{"text":"@pemkabsinjai jalan rusak"}\'');
process.on('SIGINT', () => void x.stop().then(() => process.exit(0)));

// Telegram and YouTube: TELEGRAM_BASE_URL=http://127.0.0.1:4106, YOUTUBE_BASE_URL=http://127.0.0.1:4107
// (and YOUTUBE_OAUTH_TOKEN_URL=http://127.0.0.1:4107/token).
const tg = new TelegramFake();
await tg.start(Number(process.env.FAKE_TELEGRAM_PORT ?? 4106));
console.log(`fake Telegram Bot API: ${tg.baseUrl} (bot token ${tg.token})`);
console.log('a message to the bot: curl -XPOST $URL/__fake/private -H content-type:application/json -d \'{"text":"lampu jalan mati","name":"Budi"}\'');
const yt = new YouTubeFake();
await yt.start(Number(process.env.FAKE_YOUTUBE_PORT ?? 4107));
console.log(`fake YouTube Data API: ${yt.baseUrl} (channel ${yt.channelId}, token yt-access-token)`);
console.log('a comment: curl -XPOST $URL/__fake/comment -H content-type:application/json -d \'{"text":"jalan rusak"}\'');
process.on('SIGINT', () => void Promise.all([tg.stop(), yt.stop()]));

// SP4N-LAPOR! (provisional wire): LAPOR_BASE_URL=http://127.0.0.1:4110 LAPOR_TOKEN=lapor-test-token.
// A webhook subscriber at http://127.0.0.1:4111/hooks/<any> (needs WEBHOOK_ALLOW_PRIVATE_TARGETS=true).
const lapor = new LaporFake();
await lapor.start(Number(process.env.FAKE_LAPOR_PORT ?? 4110));
console.log(`fake SP4N-LAPOR!: ${lapor.baseUrl} (token ${lapor.token}); move a report: curl -XPOST $URL/__fake/lapor/status -H content-type:application/json -d '{"tracking_id":"LAPOR-5000001","status":"didisposisi"}'`);
const hooks = new WebhookReceiverFake();
await hooks.start(Number(process.env.FAKE_WEBHOOK_PORT ?? 4111));
console.log(`webhook receiver: ${hooks.baseUrl}/hooks/demo (deliveries: curl $URL/__fake/requests)`);
process.on('SIGINT', () => void Promise.all([lapor.stop(), hooks.stop()]));
