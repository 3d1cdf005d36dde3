import { XFake } from '../../src/fakes/x.fake.js';
import { loadCorpus } from '../../src/classification/training-data.js';
import { resolve } from 'node:path';

// A fake X holding BENCH_POSTS mentions, in its own process (bench:ingest): its CPU and memory are
// then not counted as the service's. Prints its base URL and account id as one JSON line.
const n = Number(process.argv[2] || 20_000);
const texts = loadCorpus(resolve(process.env.CONFIG_DIR || 'config')).map((r) => r.text);
const x = new XFake({ rateLimit: 1_000_000 });
for (let i = 0; i < n; i++)
  x.addTweet({ text: `@pemkabsinjai ${texts[i % texts.length]}`, author: { username: `warga${i % 5000}` }, createdAt: new Date(Date.now() - (n - i) * 1000).toISOString() });
await x.start();
process.stdout.write(`${JSON.stringify({ baseUrl: x.baseUrl, accountUserId: x.accountUserId, accountUsername: x.accountUsername })}\n`);
process.on('SIGTERM', () => void x.stop().then(() => process.exit(0)));
