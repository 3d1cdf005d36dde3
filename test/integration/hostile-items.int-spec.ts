import { DataSource } from 'typeorm';
import { FacebookFake } from '../../src/fakes/facebook.fake.js';
import { InstagramFake } from '../../src/fakes/instagram.fake.js';
import { TikTokFake } from '../../src/fakes/tiktok.fake.js';
import { WhatsAppFake } from '../../src/fakes/whatsapp.fake.js';
import { XFake } from '../../src/fakes/x.fake.js';
import { signMetaBody } from '../../src/ingestion/webhooks/meta-signature.js';
import { createAccount, reloadAccount } from '../factories/connector-account.factory.js';
import { pollNow } from '../factories/poll.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Issue 12 §1: no item can stop an account. Every hostile shape goes through the real fakes, the
// real connectors and a real PostgreSQL; the items after the bad one must arrive, and the bad one
// is stored cleaned or quarantined, never silently lost.

type Mutable = Record<string, unknown>;

/** Hostile text a citizen (or a platform bug) can produce. */
const TEXTS: Array<[string, string]> = [
  ['a literal \\u0000 (six characters)', 'air mati \\u0000 di Lappa \\\\u0000 \\'],
  ['a real NUL and C0 controls', 'air\u0000 mati\u0001\u0007\u001b[31m di\u007f Lappa'],
  ['lone surrogates', 'jalan \uD800 rusak \uDC00 parah \uD83D'],
  ['1 MB of text', `sampah menumpuk ${'a'.repeat(1024 * 1024)}`],
  ['20,000 emoji', `banjir ${'😡'.repeat(20_000)}`],
  ['bidi overrides', 'lampu \u202Emati\u2067 di \u202Bdesa'],
];

describe('hostile items through every intake path (real fakes, real PostgreSQL)', () => {
  const x = new XFake({ maxPageSize: 100 });
  const fb = new FacebookFake();
  const ig = new InstagramFake();
  const tt = new TikTokFake();
  const wa = new WhatsAppFake();
  let t: TestApp;
  let ds: DataSource;

  beforeAll(async () => {
    await Promise.all([x, fb, ig, tt, wa].map((f) => f.start()));
    t = await startTestApp({
      X_BASE_URL: x.baseUrl,
      FACEBOOK_BASE_URL: fb.baseUrl,
      INSTAGRAM_BASE_URL: ig.baseUrl,
      TIKTOK_BASE_URL: tt.apiBaseUrl,
      WHATSAPP_BASE_URL: wa.baseUrl,
      META_APP_SECRET: wa.appSecret,
      MAX_POST_TEXT_CHARS: '5000',
      WEBHOOK_DRAIN_MAX_ATTEMPTS: '3',
      POLL_BACKOFF_BASE_MS: '1',
      POLL_BACKOFF_MAX_MS: '1',
    });
    ds = t.get(DataSource);
    wa.webhookUrl = `${t.url}/api/webhooks/whatsapp`;
  });
  afterAll(async () => {
    await t?.close();
    await Promise.all([x, fb, ig, tt, wa].map((f) => f.stop()));
  });

  /** A signed webhook POST of exact bytes (Meta signs the bytes it sends). */
  const postSigned = async (platform: string, bytes: Buffer): Promise<number> =>
    (await fetch(`${t.url}/api/webhooks/${platform}`, { method: 'POST', headers: { 'content-type': 'application/json', 'x-hub-signature-256': signMetaBody(bytes, wa.appSecret) }, body: new Uint8Array(bytes) })).status;

  /** Polls until `done` (a multi-step platform needs several runs), at most `max` runs. */
  const pollUntil = async (accountId: string, done: () => Promise<boolean>, max = 12): Promise<void> => {
    for (let i = 0; i < max && !(await done()); i++) await pollNow(t.app, accountId);
  };
  const storedIds = async (accountId: string): Promise<Set<string>> =>
    new Set((await ds.query<Array<{ external_id: string }>>(`SELECT external_id FROM posts WHERE account_id = $1`, [accountId])).map((r) => r.external_id));
  const quarantined = async (accountId: string): Promise<Array<{ external_id: string | null; stage: string; state: string; error: string }>> =>
    ds.query(`SELECT external_id, stage, state, error FROM quarantined_items WHERE account_id = $1 ORDER BY id`, [accountId]);

  /** Each hostile id is stored (cleaned) or quarantined; the good item after them arrived; the account is healthy. */
  const expectNothingLost = async (accountId: string, hostileIds: string[], lastGoodId: string): Promise<void> => {
    const stored = await storedIds(accountId);
    const q = new Set((await quarantined(accountId)).map((r) => r.external_id));
    expect(stored.has(lastGoodId)).toBe(true);
    for (const id of hostileIds) expect({ id, kept: stored.has(id) || q.has(id) }).toEqual({ id, kept: true });
    expect((await reloadAccount(t.app, accountId)).healthState).toBe('ok');
    // What was stored is clean: no NUL, no lone surrogate, capped text, bidi closed.
    const [bad] = await ds.query(
      `SELECT count(*)::int AS n FROM posts WHERE account_id = $1 AND (text ~ '[\\x01-\\x08\\x0B\\x0C\\x0E-\\x1F]' OR length(text) > 5000 OR (text LIKE '%' || chr(8238) || '%' AND text NOT LIKE '%' || chr(8236) || '%'))`,
      [accountId],
    );
    expect(bad.n).toBe(0);
  };

  it('X: every hostile tweet between two good ones, and the account goes on', async () => {
    const acc = await createAccount(t.app, { externalAccountId: x.accountUserId });
    x.addTweet({ text: '@pemkabsinjai jalan rusak pertama' });
    const hostile = TEXTS.map(([, text]) => x.addTweet({ text }));
    // Wrong shapes inside a valid page: no author, text of the wrong type, a list that is not one, an id past 2^63.
    const noAuthor = x.addTweet({ text: 'tanpa penulis' }) as unknown as Mutable;
    delete noAuthor.author_id;
    const wrongText = x.addTweet({ text: 'x' }) as unknown as Mutable;
    wrongText.text = { evil: true };
    const badShape = x.addTweet({ text: 'bentuk aneh' }) as unknown as Mutable;
    badShape.referenced_tweets = 'bukan daftar';
    const huge = x.addTweet({ text: 'id raksasa' }) as unknown as Mutable;
    huge.edit_history_tweet_ids = ['99999999999999999999999'];
    const last = x.addTweet({ text: '@pemkabsinjai lampu jalan mati, yang terakhir' });
    await pollNow(t.app, acc.id);
    const ids = [...hostile.map((h) => h.id), String(noAuthor.id), String(wrongText.id), String(badShape.id), '99999999999999999999999'];
    await expectNothingLost(acc.id, ids, last.id);
    const q = await quarantined(acc.id);
    expect(q).toEqual([expect.objectContaining({ external_id: String(badShape.id), stage: 'map', state: 'open', error: expect.stringMatching(/not a function/) })]);
    // The literal backslash-u0000 is kept as the citizen typed it, in text and raw.
    const [lit] = await ds.query(`SELECT text, raw->>'text' AS raw_text FROM posts WHERE external_id = $1`, [hostile[0].id]);
    expect(lit).toEqual({ text: TEXTS[0][1], raw_text: TEXTS[0][1] });
    // The cursor moved past everything: a second run fetches nothing new and stores nothing twice.
    await pollNow(t.app, acc.id);
    expect(JSON.parse((await reloadAccount(t.app, acc.id)).cursor!).streams.mentions.sinceId).toBe(last.id);
    expect((await quarantined(acc.id))[0]).toEqual(expect.objectContaining({ state: 'open' }));
  });

  it('Facebook: hostile visitor posts and comments, absent authors, and the account goes on', async () => {
    const acc = await createAccount(t.app, { platform: 'facebook', externalAccountId: fb.pageId, handle: 'Pemkab Sinjai', credentials: { pageAccessToken: 'fb-page-token' } });
    const first = fb.addVisitorPost({ text: 'jalan rusak di Sinjai Utara' });
    const posts = TEXTS.map(([, text]) => fb.addVisitorPost({ text }));
    const comments = TEXTS.map(([, text]) => fb.addComment({ postId: first.id, text }));
    const anonymous = fb.addVisitorPost({ text: 'tanpa penulis' }) as unknown as Mutable;
    anonymous.from = {};
    const wrong = fb.addComment({ postId: first.id, text: 'x' }) as unknown as Mutable;
    wrong.message = { evil: ['array'] };
    const last = fb.addVisitorPost({ text: 'lampu jalan mati, yang terakhir' });
    const lastComment = fb.addComment({ postId: first.id, text: 'komentar terakhir' });
    await pollUntil(acc.id, async () => (await storedIds(acc.id)).has(lastComment.id));
    await expectNothingLost(acc.id, [...posts, ...comments].map((p) => p.id).concat(String(anonymous.id), String(wrong.id)), last.id);
    expect((await storedIds(acc.id)).has(lastComment.id)).toBe(true);
    const [anon] = await ds.query(`SELECT author_id FROM posts WHERE external_id = $1`, [anonymous.id]);
    expect(anon.author_id).toBe('unknown');
  });

  it('Instagram (polling): hostile comments and replies, and the account goes on', async () => {
    const acc = await createAccount(t.app, { platform: 'instagram', externalAccountId: ig.igUserId, handle: 'pemkabsinjai', credentials: { accessToken: 'ig-token' } });
    const media = ig.addMedia({ caption: 'Kegiatan pemkab' });
    const first = ig.addComment({ mediaId: media.id, text: 'sampah menumpuk' });
    const hostile = TEXTS.map(([, text]) => ig.addComment({ mediaId: media.id, text }));
    const reply = ig.addComment({ mediaId: media.id, parentId: first.id, text: TEXTS[0][1] });
    const wrong = ig.addComment({ mediaId: media.id, text: 'x' }) as unknown as Mutable;
    wrong.text = 42;
    const last = ig.addComment({ mediaId: media.id, text: 'yang terakhir' });
    await pollUntil(acc.id, async () => (await storedIds(acc.id)).has(last.id));
    await expectNothingLost(acc.id, [...hostile.map((h) => h.id), reply.id, String(wrong.id)], last.id);
  });

  it('Instagram (webhook): a hostile comment delivery is cleaned before the buffer and drained', async () => {
    const acc = (await t.get(DataSource).query(`SELECT id FROM connector_accounts WHERE platform = 'instagram'`))[0] as { id: string };
    const media = ig.addMedia({ caption: 'Live' });
    const c = ig.addComment({ mediaId: media.id, text: 'air\u0000 mati \\u0000 \uD800 \u202Eterbalik' });
    const body = Buffer.from(JSON.stringify(ig.commentWebhook(c)));
    expect(await postSigned('instagram', body)).toBe(200);
    await pollUntil(acc.id, async () => (await storedIds(acc.id)).has(c.id), 4);
    const [row] = await ds.query(`SELECT text FROM posts WHERE external_id = $1`, [c.id]);
    expect(row.text).toBe('air mati \\u0000 \uFFFD \u202Eterbalik\u202C');
  });

  it('TikTok: hostile comments, an absent user, and the account goes on', async () => {
    const acc = await createAccount(t.app, { platform: 'tiktok', externalAccountId: tt.businessId, handle: 'pemkabsinjai', credentials: { accessToken: 'tt-access-token' } });
    tt.addComment({ text: 'jembatan putus' });
    const hostile = TEXTS.map(([, text]) => tt.addComment({ text, username: 'warga_tt' }));
    const noUser = tt.addComment({ text: 'tanpa pengguna' }) as unknown as Mutable;
    for (const k of ['user_id', 'username', 'display_name', 'unique_identifier']) delete noUser[k];
    const last = tt.addComment({ text: 'yang terakhir' });
    const id = (c: unknown): string => String((c as Mutable).comment_id ?? (c as Mutable).id);
    await pollUntil(acc.id, async () => (await storedIds(acc.id)).has(id(last)));
    await expectNothingLost(acc.id, [...hostile.map(id), id(noUser)], id(last));
  });

  it('WhatsApp: hostile messages, invalid UTF-8, an absent from, a wrong-shape body; the drain goes on in order', async () => {
    const acc = await createAccount(t.app, { platform: 'whatsapp', externalAccountId: wa.phoneNumberId, handle: wa.displayNumber, credentials: { accessToken: 'wa-token' } });
    const send = async (id: string, text: string, patch: (m: Mutable) => void = () => undefined): Promise<number> => {
      const payload = wa.messagePayload({ id, text, from: '6281255550001' }) as { entry: Array<{ changes: Array<{ value: { messages: Mutable[] } }> }> };
      patch(payload.entry[0].changes[0].value.messages[0]);
      return wa.deliver(payload);
    };
    expect(await send('wamid.first', 'air PDAM mati')).toBe(200);
    for (const [n, [, text]] of TEXTS.entries()) expect(await send(`wamid.h${n}`, text)).toBe(200);
    expect(await send('wamid.nofrom', 'tanpa pengirim', (m) => delete m.from)).toBe(200);
    expect(await send('wamid.nulltime', 'waktu kosong', (m) => (m.timestamp = null))).toBe(200);
    expect(await send('wamid.noid', 'tanpa id', (m) => (m.id = 12345678901234567890))).toBe(200);
    // Invalid UTF-8 bytes inside a text value, signed over the bytes as Meta would.
    const json = JSON.stringify(wa.messagePayload({ id: 'wamid.utf8', text: 'XX rusak', from: '6281255550001' }));
    const bytes = Buffer.concat([Buffer.from(json.slice(0, json.indexOf('XX rusak'))), Buffer.from([0xc3, 0x28, 0xff, 0xfe]), Buffer.from(json.slice(json.indexOf('XX rusak') + 2))]);
    expect(await postSigned('whatsapp', bytes)).toBe(200);
    // Valid JSON of the wrong shape: a clear 4xx, nothing stored, the sender keeps it.
    const wrong = Buffer.from(JSON.stringify({ object: 'whatsapp_business_account', entry: 5 }));
    expect(await postSigned('whatsapp', wrong)).toBe(422);
    expect(await send('wamid.last', 'yang terakhir')).toBe(200);

    await pollUntil(acc.id, async () => (await storedIds(acc.id)).has('wamid.last'), 4);
    await expectNothingLost(acc.id, [...TEXTS.map((_, n) => `wamid.h${n}`), 'wamid.nofrom', 'wamid.nulltime', 'wamid.utf8'], 'wamid.last');
    const [u] = await ds.query(`SELECT text FROM posts WHERE external_id = 'wamid.utf8'`);
    expect(u.text).toBe('\uFFFD(\uFFFD\uFFFD rusak');
    // A message whose id is not a string cannot be answered: quarantined, not lost.
    expect((await quarantined(acc.id)).map((q) => q.stage)).toEqual(['map']);
  });
});
