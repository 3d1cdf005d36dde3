import { XFake } from '../../fakes/x.fake.js';
import type { ConnectorError } from '../connector-error.js';
import { createHttpClient } from '../http-client.factory.js';
import type { FetchResult } from '../connector.interface.js';
import { XConnector } from './x.connector.js';

describe('XConnector against the fake X API', () => {
  const fake = new XFake({ maxPageSize: 3 });
  const make = (settings: Record<string, unknown> = {}, token = 'x-app-token', timeoutMs = 2000): XConnector =>
    new XConnector(createHttpClient({ baseURL: fake.baseUrl, timeoutMs }), {
      id: 'acc-1',
      externalAccountId: fake.accountUserId,
      handle: fake.accountUsername,
      settings,
      credentials: { bearerToken: token, userAccessToken: 'x-user-token' },
    });

  /** Runs fetchSince until hasMore is false, like one poll run. */
  async function drain(c: XConnector, cursor: string | null): Promise<{ items: FetchResult['items']; cursor: string; calls: number }> {
    const items: FetchResult['items'] = [];
    let calls = 0;
    for (;;) {
      const r = await c.fetchSince(cursor);
      calls++;
      items.push(...r.items);
      cursor = r.nextCursor;
      if (!r.hasMore) return { items, cursor: cursor, calls };
    }
  }

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.configure({ maxPageSize: 3, duplicateAcrossPages: false });
  });

  it('should page with a fixed since_id and move the cursor only after the last page', async () => {
    const c = make();
    for (let i = 0; i < 7; i++) fake.addTweet({ text: `@pemkabsinjai jalan rusak ${i}` });
    const first = await drain(c, null);
    expect(first.items).toHaveLength(7);
    expect(first.calls).toBe(3);

    const newer = fake.addTweet({ text: '@pemkabsinjai lampu jalan mati' });
    fake.requests.length = 0;
    const second = await drain(c, first.cursor);
    expect(second.items.map((i) => i.externalId)).toEqual([newer.id]);
    const mentionCalls = fake.requestsTo('/mentions');
    expect(mentionCalls).toHaveLength(1);
    expect(mentionCalls[0].query.since_id).toBe(first.items[0].externalId);
  });

  it('should keep since_id unchanged across pages of one drain', async () => {
    const c = make();
    fake.addTweet({ text: 'old' });
    const base = await drain(c, null);
    for (let i = 0; i < 5; i++) fake.addTweet({ text: `baru ${i}` });
    fake.requests.length = 0;
    await drain(c, base.cursor);
    const sinceIds = fake.requestsTo('/mentions').map((r) => r.query.since_id);
    expect(sinceIds).toHaveLength(2);
    expect(new Set(sinceIds).size).toBe(1);
    expect(fake.requestsTo('/mentions')[1].query.pagination_token).toBeDefined();
  });

  it('should resume a drain interrupted by a 429 from the stored pagination token', async () => {
    const c = make();
    for (let i = 0; i < 7; i++) fake.addTweet({ text: `keluhan ${i}` });
    const p1 = await c.fetchSince(null);
    expect(p1.hasMore).toBe(true);
    fake.inject({ kind: 'rate_limit', path: '/mentions', resetInSec: 120 });
    const err = (await c.fetchSince(p1.nextCursor).catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAt!.getTime()).toBeGreaterThan(Date.now() + 100_000);
    const rest = await drain(c, p1.nextCursor);
    const ids = [...p1.items, ...rest.items].map((i) => i.externalId);
    expect(new Set(ids).size).toBe(7);
  });

  it.each([
    ['quota', 'quota_exhausted'],
    ['expired_token', 'auth_expired'],
    ['permission', 'permission'],
    ['server_error', 'transient'],
    ['html', 'transient'],
    ['bad_json', 'malformed_response'],
    ['empty', 'malformed_response'],
    ['reset', 'transient'],
  ] as const)('should report an injected %s as %s', async (fault, kind) => {
    fake.inject({ kind: fault });
    const err = (await make().fetchSince(null).catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe(kind);
  });

  it('should report an HTML page served with 200 as malformed', async () => {
    fake.inject({ kind: 'html', status: 200 });
    const err = (await make().fetchSince(null).catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('malformed_response');
  });

  it('should time out a hanging request', async () => {
    fake.inject({ kind: 'hang' });
    const err = (await make({}, 'x-app-token', 300).fetchSince(null).catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('timeout');
  });

  it('should mark an unknown token as auth_expired', async () => {
    const err = (await make({}, 'revoked').fetchSince(null).catch((e: unknown) => e)) as ConnectorError;
    expect(err.kind).toBe('auth_expired');
  });

  it('should keep ids beyond 2^53 exact, as strings', async () => {
    const t = fake.addTweet({ text: 'id besar' });
    const { items } = await drain(make(), null);
    expect(BigInt(t.id)).toBeGreaterThan(BigInt(Number.MAX_SAFE_INTEGER));
    expect(items[0].externalId).toBe(t.id);
    expect(typeof items[0].externalId).toBe('string');
  });

  it('should key an edited tweet on its original id', async () => {
    const t = fake.addTweet({ text: 'jalan rusak' });
    const edited = fake.editTweet(t.id, 'jalan rusak parah');
    const { items } = await drain(make(), null);
    expect(items).toHaveLength(1);
    expect(items[0].externalId).toBe(t.id);
    expect(items[0].dedupeKey).toBe(`x:${fake.accountUserId}:${t.id}`);
    expect(items[0].text).toBe('jalan rusak parah');
    expect(items[0].replyTarget.targetId).toBe(edited.id);
    expect(items[0].editedAt).toBeDefined();
  });

  it('should skip the account’s own tweets and read the search stream too', async () => {
    fake.addTweet({ text: 'balasan kami', author: { id: fake.accountUserId } });
    fake.addTweet({ text: 'banjir di #sinjai lagi', mentionsAccount: false });
    fake.addTweet({ text: '@pemkabsinjai #sinjai sampah menumpuk' });
    const { items } = await drain(make({ searchQuery: '#sinjai -is:retweet' }), null);
    const texts = items.map((i) => i.text).sort();
    expect(texts).toEqual(['@pemkabsinjai #sinjai sampah menumpuk', '@pemkabsinjai #sinjai sampah menumpuk', 'banjir di #sinjai lagi']);
    expect(new Set(items.map((i) => i.dedupeKey)).size).toBe(2);
  });

  it('should post a reply with the user token and return its id', async () => {
    const t = fake.addTweet({ text: 'kapan diperbaiki?' });
    const r = await make().reply({ platform: 'x', accountId: fake.accountUserId, targetId: t.id }, 'Terima kasih, laporan SW-2026-000001 kami teruskan.', { idempotencyKey: 'k1' });
    expect(fake.posted).toHaveLength(1);
    expect(fake.posted[0].id).toBe(r.externalId);
    expect(fake.posted[0].referenced_tweets).toEqual([{ type: 'replied_to', id: t.id }]);
  });

  it('should find a reply already posted after an unknown outcome, and nothing before it', async () => {
    const c = make();
    const t = fake.addTweet({ text: 'air mati' });
    const target = { platform: 'x' as const, accountId: fake.accountUserId, targetId: t.id };
    expect(await c.findReply(target, 'Sudah kami teruskan ke PDAM.')).toBeNull();
    const sent = await c.reply(target, 'Sudah kami teruskan ke PDAM.', { idempotencyKey: 'k2' });
    const found = await c.findReply(target, 'Sudah kami teruskan ke PDAM.');
    expect(found?.externalId).toBe(sent.externalId);
    expect(await c.findReply(target, 'Teks lain')).toBeNull();
  });

  describe('OAuth 2.0 user token refresh (§3.1, §6.4 row 5)', () => {
    const refreshable = { bearerToken: 'x-app-token', userAccessToken: 'x-user-token', userRefreshToken: 'x-refresh-token', clientId: 'x-client-id' };
    const makeUser = (credentials: Record<string, string>, onRefresh?: (c: Record<string, string>) => Promise<void>): XConnector =>
      new XConnector(createHttpClient({ baseURL: fake.baseUrl, timeoutMs: 2000 }), {
        id: 'acc-1',
        externalAccountId: fake.accountUserId,
        handle: fake.accountUsername,
        settings: {},
        credentials,
        onCredentialsRefreshed: onRefresh,
      });
    const target = (id: string) => ({ platform: 'x' as const, accountId: fake.accountUserId, targetId: id });

    beforeEach(() => fake.configure({ userTokens: ['x-user-token'], refreshTokens: ['x-refresh-token'], clientId: 'x-client-id', clientSecret: '' }));

    it('should refresh an expired user token once, store the rotated pair first, and post the reply once', async () => {
      const t = fake.addTweet({ text: 'lampu jalan mati' });
      fake.expiredTokens.add('x-user-token');
      const stored: Array<Record<string, string>> = [];
      const r = await makeUser(refreshable, async (c) => void stored.push(c)).reply(target(t.id), 'Sudah kami teruskan ke Dinas Perhubungan.', { idempotencyKey: 'k3' });
      expect(fake.refreshCount).toBe(1);
      expect(fake.posted.map((p) => p.id)).toEqual([r.externalId]);
      expect(stored).toHaveLength(1);
      expect(stored[0]).toMatchObject({ bearerToken: 'x-app-token', userAccessToken: 'x-user-token-r1', userRefreshToken: 'x-refresh-token-r1', clientId: 'x-client-id' });
      expect(Date.parse(stored[0].userAccessTokenExpiresAt)).toBeGreaterThan(Date.now() + 7100_000);
      const [call] = fake.requestsTo('/2/oauth2/token');
      expect(call.headers['content-type']).toMatch(/application\/x-www-form-urlencoded/);
      expect(Object.fromEntries(new URLSearchParams(call.body))).toEqual({ grant_type: 'refresh_token', refresh_token: 'x-refresh-token', client_id: 'x-client-id' });
      // The post that failed with 401 was not created, so it was sent again with the new token.
      const posts = fake.requestsTo('/2/tweets').filter((q) => q.method === 'POST');
      expect(posts.map((q) => q.headers.authorization)).toEqual(['Bearer x-user-token', 'Bearer x-user-token-r1']);
    });

    it('should send HTTP Basic client credentials for a confidential client', async () => {
      fake.configure({ clientSecret: 'x-client-secret' });
      const t = fake.addTweet({ text: 'sampah belum diangkut' });
      fake.expiredTokens.add('x-user-token');
      await makeUser({ ...refreshable, clientSecret: 'x-client-secret' }).reply(target(t.id), 'Kami teruskan ke DLH.', { idempotencyKey: 'k4' });
      const [call] = fake.requestsTo('/2/oauth2/token');
      expect(call.headers.authorization).toBe(`Basic ${Buffer.from('x-client-id:x-client-secret').toString('base64')}`);
      expect(fake.posted).toHaveLength(1);
    });

    it('should give up as auth_expired after one refused refresh, posting nothing', async () => {
      const t = fake.addTweet({ text: 'air mati' });
      fake.expiredTokens.add('x-user-token');
      const err = (await makeUser({ ...refreshable, userRefreshToken: 'spent' })
        .reply(target(t.id), 'Kami teruskan ke PDAM.', { idempotencyKey: 'k5' })
        .catch((e: unknown) => e)) as ConnectorError;
      expect(err.kind).toBe('auth_expired');
      expect(err.message).toMatch(/refresh refused: Value passed for the token was invalid/);
      expect(fake.requestsTo('/2/oauth2/token')).toHaveLength(1);
      expect(fake.posted).toHaveLength(0);
    });

    it('should not refresh without a refresh token and client id, nor for the app-only bearer token', async () => {
      const t = fake.addTweet({ text: 'jalan berlubang' });
      fake.expiredTokens.add('x-user-token');
      const noRefresh = (await makeUser({ bearerToken: 'x-app-token', userAccessToken: 'x-user-token' })
        .reply(target(t.id), 'Kami teruskan ke DPUPR.', { idempotencyKey: 'k6' })
        .catch((e: unknown) => e)) as ConnectorError;
      expect(noRefresh.kind).toBe('auth_expired');
      fake.expiredTokens.add('x-app-token');
      const read = (await makeUser(refreshable).fetchSince(null).catch((e: unknown) => e)) as ConnectorError;
      expect(read.kind).toBe('auth_expired');
      expect(fake.requestsTo('/2/oauth2/token')).toHaveLength(0);
    });

    it('should treat an outage of the token endpoint as transient, keeping the refresh token', async () => {
      const t = fake.addTweet({ text: 'puskesmas tutup' });
      fake.expiredTokens.add('x-user-token');
      fake.inject({ kind: 'server_error', status: 503, path: '/2/oauth2/token' });
      const stored: Array<Record<string, string>> = [];
      const err = (await makeUser(refreshable, async (c) => void stored.push(c))
        .reply(target(t.id), 'Kami teruskan ke Dinkes.', { idempotencyKey: 'k7' })
        .catch((e: unknown) => e)) as ConnectorError;
      expect(err.kind).toBe('transient');
      expect(stored).toHaveLength(0);
      // The next run refreshes with the same, unspent token.
      await makeUser(refreshable, async (c) => void stored.push(c)).reply(target(t.id), 'Kami teruskan ke Dinkes.', { idempotencyKey: 'k7' });
      expect(fake.posted).toHaveLength(1);
      expect(stored).toHaveLength(1);
    });

    it('should fail as transient when the rotated tokens cannot be stored', async () => {
      const t = fake.addTweet({ text: 'banjir' });
      fake.expiredTokens.add('x-user-token');
      const err = (await makeUser(refreshable, () => Promise.reject(new Error('database down')))
        .reply(target(t.id), 'Kami teruskan ke BPBD.', { idempotencyKey: 'k8' })
        .catch((e: unknown) => e)) as ConnectorError;
      expect(err.kind).toBe('transient');
      expect(err.message).toMatch(/could not be stored \(database down\)/);
      expect(fake.posted).toHaveLength(0);
    });
  });
});
