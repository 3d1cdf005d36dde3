import axios from 'axios';
import { TelegramFake } from '../../fakes/telegram.fake.js';
import type { ConnectorError } from '../connector-error.js';
import { createHttpClient } from '../http-client.factory.js';
import { TelegramConnector } from './telegram.connector.js';

// Every §6.4 failure that applies to Telegram, injected through the fake's control endpoint.
// Not applicable: quota caps (#2: the Bot API has none), webhook signatures and ordering (#15–16:
// getUpdates is used, not a webhook), private-reply windows (#18), duplicate-content refusal (#19),
// partial-success bodies (#22).

describe('TelegramConnector failure modes against the fake Bot API', () => {
  const fake = new TelegramFake();
  const make = (timeoutMs = 2000): TelegramConnector =>
    new TelegramConnector(
      createHttpClient({ baseURL: fake.baseUrl, timeoutMs }),
      { id: 'acc-tg', externalAccountId: String(fake.botId), handle: 'LaporSinjaiBot', settings: {}, credentials: { botToken: fake.token } },
      { longPollSec: 0, timeoutMs },
    );
  const fail = (p: Promise<unknown>): Promise<ConnectorError> => p.then(() => { throw new Error('expected a ConnectorError'); }, (e: unknown) => e as ConnectorError);
  const inject = (f: Record<string, unknown>) => axios.post(`${fake.baseUrl}/__fake/inject`, f);

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.repollQuirk = false;
  });

  it('should honour 429 retry_after (#1) and resume from the unchanged cursor without gaps', async () => {
    for (let i = 0; i < 3; i++) fake.privateMessage({ text: `aduan ${i}` });
    await inject({ kind: 'rate_limit', resetInSec: 42, path: '/getUpdates' });
    const before = Date.now();
    const err = await fail(make().fetchSince(null));
    expect([err.kind, err.platformCode]).toEqual(['rate_limited', 429]);
    expect(err.retryAt!.getTime() - before).toBeGreaterThanOrEqual(41_000);
    expect(err.retryAt!.getTime() - before).toBeLessThan(44_000);
    const r = await make().fetchSince(null);
    expect(r.items.map((i) => i.text)).toEqual(['aduan 0', 'aduan 1', 'aduan 2']);
  });

  it('should read retry_after from the Retry-After header when parameters are missing', async () => {
    const { classifyTelegram } = await import('./telegram.errors.js');
    const err = classifyTelegram({ status: 429, headers: { 'retry-after': '9' }, body: { ok: false, error_code: 429, description: 'Too Many Requests' } }, 'x', new Date(0));
    expect(err?.retryAt?.getTime()).toBe(9000);
  });

  it.each([
    ['a 500 (#3)', 'transient', { kind: 'server_error', status: 500 }],
    ['an HTML 502 from the proxy (#7)', 'transient', { kind: 'html', status: 502 }],
    ['an HTML page with 200 (#7)', 'malformed_response', { kind: 'html', status: 200 }],
    ['malformed JSON (#7)', 'malformed_response', { kind: 'bad_json' }],
    ['an empty body (#7)', 'malformed_response', { kind: 'empty' }],
    ['a connection reset (#4)', 'transient', { kind: 'reset' }],
    ['a revoked token (#5)', 'auth_expired', { kind: 'expired_token' }],
    ['a bot kicked from the group (#6)', 'permission', { kind: 'permission' }],
    ['a second poller (§7.4)', 'conflict', { kind: 'conflict' }],
  ])('should map %s to %s, keeping the account’s updates for the next run', async (_name, kind, fault) => {
    fake.privateMessage({ text: 'jalan rusak' });
    await inject({ ...fault, path: '/getUpdates' });
    const err = await fail(make().fetchSince(null));
    expect(err.kind).toBe(kind);
    expect((await make().fetchSince(null)).items).toHaveLength(1);
  });

  it('should time out a hung request (#4) as a timeout', async () => {
    await inject({ kind: 'hang', path: '/getUpdates' });
    const err = await fail(make(300).fetchSince(null));
    expect(err.kind).toBe('timeout');
  }, 10_000);

  it('should report a webhook set on the bot as a conflict, with a pause (§7.4)', async () => {
    fake.webhookUrl = 'https://contoh.sinjaikab.go.id/telegram';
    const err = await fail(make().fetchSince(null));
    expect(err.kind).toBe('conflict');
    expect(err.message).toMatch(/can't use getUpdates method while webhook is active/);
    expect(err.retryAt!.getTime() - Date.now()).toBeGreaterThan(250_000);
  });

  it('should report a second poller: the first long poll ends with 409 Conflict (§7.4)', async () => {
    const slow = new TelegramConnector(
      createHttpClient({ baseURL: fake.baseUrl, timeoutMs: 2000 }),
      { id: 'a', externalAccountId: String(fake.botId), handle: 'b', settings: {}, credentials: { botToken: fake.token } },
      { longPollSec: 5, timeoutMs: 2000 },
    );
    const first = fail(slow.fetchSince(null));
    await new Promise((r) => setTimeout(r, 200));
    await make().fetchSince(null); // another program polls the same bot
    const err = await first;
    expect(err.kind).toBe('conflict');
    expect(err.message).toMatch(/terminated by other getUpdates request/);
  });

  it('should skip an update of the wrong shape with a warning and still move past it (#7, #8)', async () => {
    fake.pushUpdate({ message: 'not an object' });
    fake.pushUpdate({ message: { message_id: 'x', chat: { id: 5 } } });
    fake.pushUpdate({ message: { message_id: 7, chat: { id: 5, type: 'private' }, date: 'kemarin', text: 'tanpa tanggal' } });
    fake.privateMessage({ text: 'ini yang sah' });
    const r = await make().fetchSince(null);
    expect(r.items.map((i) => i.text)).toEqual(['ini yang sah']);
    expect(r.warnings).toEqual([expect.stringMatching(/^skipped item \d+: message without chat.id or message_id/), expect.stringMatching(/without a valid date/)]);
    expect((await make().fetchSince(r.nextCursor)).items).toHaveLength(0);
  });

  it('should refuse a result of the wrong shape, and {ok:false} even with HTTP 200 (#7)', async () => {
    fake.respondOnce = { status: 200, body: { ok: true, result: { update_id: 1 } } };
    expect((await fail(make().fetchSince(null))).kind).toBe('malformed_response');
    fake.respondOnce = { status: 200, body: { result: [] } };
    expect((await fail(make().fetchSince(null))).kind).toBe('malformed_response');
    await inject({ kind: 'server_error', status: 200, path: '/getUpdates' }); // {ok:false, error_code:200}
    expect((await fail(make().fetchSince(null))).kind).toBe('invalid_request');
  });

  it('should keep hostile text harmless: NUL, a literal \\u0000, lone surrogates, bidi and a huge message (hostile content)', async () => {
    const huge = 'jalan rusak '.repeat(100_000);
    fake.privateMessage({ text: 'air\u0000 mati \\u0000 di \uD800 desa \uDC00 ok \u202Eterbalik' });
    fake.privateMessage({ text: huge });
    fake.pushUpdate({ message: { message_id: 9, date: 1760000000, chat: { id: -1005, type: 'supergroup', title: '\uD83D' }, from: { id: 77, first_name: '\u0000Budi\uDFFF' }, text: 'x' } });
    const r = await make().fetchSince(null);
    expect(r.items).toHaveLength(3);
    expect(r.items[0].text).toBe('air mati \\u0000 di \uFFFD desa \uFFFD ok \u202Eterbalik');
    expect(r.items[1].text).toHaveLength(huge.length); // capped later, at the persist stage
    expect(r.items[2].author.displayName).toBe('Budi\uFFFD');
    expect(JSON.stringify(r.items[2].raw)).not.toMatch(/\\u0000|\\ud83d"|\\udfff/i);
  });

  it('should keep chat ids as exact strings (#20)', async () => {
    fake.pushUpdate({ message: { message_id: 1, date: 1760000000, chat: { id: -1009999999999999, type: 'supergroup' }, from: { id: 8999999999, first_name: 'A' }, text: 'x' } });
    fake.pushUpdate({ message: { message_id: 2, date: 1760000000, chat: { id: 2 ** 60, type: 'private' }, text: 'id tak aman' } });
    const r = await make().fetchSince(null);
    expect(r.items.map((i) => i.externalId)).toEqual(['-1009999999999999:1']);
    expect(r.items[0].author.platformUserId).toBe('8999999999');
    expect(r.warnings).toHaveLength(1);
  });

  it('should take a message without `from` by its sender chat (#17)', async () => {
    fake.pushUpdate({ message: { message_id: 3, date: 1760000000, chat: { id: -1007, type: 'supergroup' }, sender_chat: { id: -1008, type: 'channel', title: 'Kanal Warga Tellulimpoe' }, text: 'halo' } });
    const r = await make().fetchSince(null);
    expect(r.items[0].author).toMatchObject({ platformUserId: '-1008', displayName: 'Kanal Warga Tellulimpoe' });
  });

  it('should treat a reply that timed out as an unknown outcome (#4), and a 5xx on sendMessage likewise', async () => {
    fake.privateMessage({ text: 'jalan rusak' });
    const { items } = await make().fetchSince(null);
    await inject({ kind: 'lost_response', path: '/sendMessage' });
    expect((await fail(make(400).reply(items[0].replyTarget, 'Kami teruskan.', { idempotencyKey: 'k' }))).kind).toBe('timeout');
    expect(fake.sent).toHaveLength(1); // it was posted: the caller must not post again
    await inject({ kind: 'server_error', status: 502, path: '/sendMessage' });
    expect((await fail(make().reply(items[0].replyTarget, 'Kami teruskan lagi.', { idempotencyKey: 'k2' }))).kind).toBe('transient');
  }, 10_000);
});
