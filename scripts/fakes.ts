// Runs the fake platform servers on fixed loopback ports for manual testing: npm run fakes.
// Point the service at them with X_BASE_URL=http://127.0.0.1:4103 (and so on).
import { XFake } from '../src/fakes/x.fake.js';

const x = new XFake();
await x.start(Number(process.env.FAKE_X_PORT ?? 4103));
console.log(`fake X API: ${x.baseUrl} (account ${x.accountUserId}, tokens x-app-token / x-user-token)`);
console.log('add a post: curl -XPOST $URL/__fake/tweets -H content-type:application/json -d \'{"text":"@pemkabsinjai jalan rusak"}\'');
process.on('SIGINT', () => void x.stop().then(() => process.exit(0)));
