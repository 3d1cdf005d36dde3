import axios from 'axios';
import { TikTokFake } from '../../fakes/tiktok.fake.js';
import type { ConnectorError } from '../connector-error.js';
import type { FetchResult } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { TikTokMemory } from './tiktok.client.js';
import { TikTokConnector } from './tiktok.connector.js';

// Every §6.4 failure that applies to TikTok, injected through the fake (§4.3, §6.6).

describe('TikTokConnector failure modes against the fake TikTok API', () => {
  const fake = new TikTokFake({ maxPageSize: 3 });
  let memory: TikTokMemory;
  const refreshable = { accessToken: 'tt-access-token', refreshToken: 'tt-refresh-token', clientId: 'tt-client-id', clientSecret: 'tt-client-secret' };
  const make = (credentials: Record<string, string> = { accessToken: 'tt-access-token' }, o: { timeoutMs?: number; onRefresh?: (c: Record<string, string>) => Promise<void> } = {}) =>
    new TikTokConnector(createHttpClient({ baseURL: fake.apiBaseUrl, timeoutMs: o.timeoutMs ?? 2000 }), {
      id: 'acc-tt',
      externalAccountId: fake.businessId,
      handle: fake.username,
      settings: {},
      credentials,
      onCredentialsRefreshed: o.onRefresh,
    }, { memory });
  const fail = (p: Promise<unknown>): Promise<ConnectorError> => p.then(() => { throw new Error('expected a ConnectorError'); }, (e: unknown) => e as ConnectorError);

  async function drain(c: TikTokConnector, cursor: string | null): Promise<{ items: FetchResult['items']; cursor: string; warnings: string[] }> {
    const items: FetchResult['items'] = [];
    const warnings: string[] = [];
    for (;;) {
      const r = await c.fetchSince(cursor);
      items.push(...r.items);
      warnings.push(...(r.warnings ?? []));
      cursor = r.nextCursor;
      if (!r.hasMore) return { items, cursor, warnings };
    }
  }
  const seed = (n: number): void => {
    const v = fake.addVideo();
    for (let i = 0; i < n; i++) fake.addComment({ videoId: v.item_id, text: `keluhan ${i}`, createTime: Math.floor(Date.now() / 1000) - i });
  };

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.configure({ maxPageSize: 3, accessTokens: ['tt-access-token'], refreshTokens: ['tt-refresh-token'] });
    memory = new TikTokMemory();
  });

  it('should report 40100 as rate_limited with a growing retryAt, then resume from the cursor without gaps', async () => {
    seed(7);
    const c = make();
    const s1 = await c.fetchSince(null);
    const s2 = await c.fetchSince(s1.nextCursor);
    fake.inject({ kind: 'rate_limit', path: '/comment/list/', times: 2 });
    const e1 = await fail(c.fetchSince(s2.nextCursor));
    const e2 = await fail(c.fetchSince(s2.nextCursor));
    expect([e1.kind, e1.platformCode]).toEqual(['rate_limited', 40100]);
    expect(e1.retryAt!.getTime() - Date.now()).toBeGreaterThan(55_000);
    expect(e2.retryAt!.getTime() - e1.retryAt!.getTime()).toBeGreaterThan(55_000); // 60 s, then 120 s
    const rest = await drain(c, s2.nextCursor);
    expect(new Set([...s2.items, ...rest.items].map((i) => i.externalId)).size).toBe(7);
    fake.inject({ kind: 'rate_limit' });
    const e3 = await fail(c.fetchSince(null));
    expect(e3.retryAt!.getTime() - Date.now()).toBeLessThan(65_000); // a success reset the count
  });

  it('should report an exhausted quota until the next UTC midnight', async () => {
    fake.inject({ kind: 'quota' });
    const err = await fail(make().fetchSince(null));
    expect(err.kind).toBe('quota_exhausted');
    expect(err.retryAt!.toISOString()).toMatch(/T00:00:00\.000Z$/);
  });

  it.each([
    ['a 5xxxx code', { kind: 'server_error' }, 'transient'],
    ['HTTP 503', { kind: 'server_error', status: 503 }, 'transient'],
    ['an HTML 502 page', { kind: 'html', status: 502 }, 'transient'],
    ['an HTML page with 200', { kind: 'html', status: 200 }, 'malformed_response'],
    ['malformed JSON', { kind: 'bad_json' }, 'malformed_response'],
    ['an empty body', { kind: 'empty' }, 'malformed_response'],
    ['a connection reset', { kind: 'reset' }, 'transient'],
    ['a removed permission', { kind: 'permission' }, 'permission'],
    ['an expired token', { kind: 'expired_token' }, 'auth_expired'],
  ] as const)('should report %s as %s', async (_label, fault, expected) => {
    seed(1);
    fake.inject(fault);
    expect((await fail(make().fetchSince(null))).kind).toBe(expected);
  });

  it.each([
    [40001, 'Invalid parameter: max_count', 'invalid_request'],
    [40002, 'scope_not_authorized', 'permission'],
    [51000, 'System error', 'transient'],
    [40104, 'Access token is null', 'auth_expired'],
  ])('should report code %i (%s) as %s', async (code, message, expected) => {
    fake.injectCode({ code, message });
    const err = await fail(make().fetchSince(null));
    expect([err.kind, err.platformCode]).toEqual([expected, code]);
  });

  it('should time out a hanging request', async () => {
    fake.inject({ kind: 'hang' });
    expect((await fail(make(undefined, { timeoutMs: 300 }).fetchSince(null))).kind).toBe('timeout');
  });

  it('should report a revoked comment.list scope as permission in the middle of a run', async () => {
    seed(2);
    const c = make();
    const s1 = await c.fetchSince(null);
    fake.revokeScope('comment.list');
    const err = await fail(c.fetchSince(s1.nextCursor));
    expect(err.kind).toBe('permission');
  });

  it('should refresh an expired token once, hand the new tokens back and carry on', async () => {
    seed(2);
    fake.expireToken('tt-access-token');
    const stored: Array<Record<string, string>> = [];
    const { items } = await drain(make(refreshable, { onRefresh: async (c) => void stored.push(c) }), null);
    expect(items).toHaveLength(2);
    expect(fake.refreshCount).toBe(1);
    expect(stored).toHaveLength(1);
    expect(stored[0]).toMatchObject({ accessToken: 'tt-access-token-r1', refreshToken: 'tt-refresh-token-r1', clientId: 'tt-client-id' });
    expect(stored[0].accessTokenExpiresAt).toBeDefined();
    const body = JSON.parse(fake.requestsTo('/tt_user/oauth2/refresh_token/')[0].body) as Record<string, string>;
    expect(body).toEqual({ client_id: 'tt-client-id', client_secret: 'tt-client-secret', grant_type: 'refresh_token', refresh_token: 'tt-refresh-token' });
    // The next run starts from the stored credentials.
    expect((await drain(make(stored[0]), null)).items).toHaveLength(2);
  });

  it('should give up as auth_expired when the refresh is refused, after one try', async () => {
    fake.expireToken('tt-access-token');
    const err = await fail(make({ ...refreshable, refreshToken: 'spent' }).fetchSince(null));
    expect(err.kind).toBe('auth_expired');
    expect(fake.requestsTo('/tt_user/oauth2/refresh_token/')).toHaveLength(1);
    expect(fake.requestsTo('/business/')).toHaveLength(1);
  });

  it('should not try a refresh without a refresh token and client credentials', async () => {
    fake.expireToken('tt-access-token');
    expect((await fail(make().fetchSince(null))).kind).toBe('auth_expired');
    expect(fake.requestsTo('/tt_user/')).toHaveLength(0);
  });

  it('should accept the data of a 20001 partial success and warn about it', async () => {
    seed(2);
    fake.injectCode({ code: 20001, message: 'Partial success: some comments are unavailable', path: '/comment/list/', keepData: true });
    const { items, warnings } = await drain(make(), null);
    expect(items).toHaveLength(2);
    expect(warnings.join('\n')).toMatch(/partial success/i);
  });

  it('should report malformed JSON mid-run without moving the cursor', async () => {
    seed(1);
    const s1 = await make().fetchSince(null);
    fake.inject({ kind: 'bad_json', path: '/comment/list/' });
    const err = await fail(make().fetchSince(s1.nextCursor));
    expect(err.kind).toBe('malformed_response');
    const { items } = await drain(make(), s1.nextCursor);
    expect(items).toHaveLength(1);
  });

  it('should start over with a warning from an unreadable stored cursor', async () => {
    seed(1);
    const { items, warnings } = await drain(make(), '{"v":9}');
    expect(items).toHaveLength(1);
    expect(warnings.join()).toMatch(/unknown version/);
  });

  it('should take data and faults through its control endpoints', async () => {
    const ctl = (path: string, body: unknown) => axios.post(`${fake.baseUrl}/__fake/${path}`, body).then((r) => r.data as { data: Array<Record<string, string>> });
    const [video] = (await ctl('videos', { caption: 'Banjir Tondong Tallasa' })).data;
    const [comment] = (await ctl('comments', [{ videoId: video.item_id, text: 'air naik lagi', username: 'rahmat_amir' }])).data;
    await ctl('comments', { parentCommentId: comment.comment_id, text: 'di Samataring juga' });
    await ctl('inject-code', { code: 51000, message: 'System error', path: '/video/list/' });
    expect((await fail(make().fetchSince(null))).kind).toBe('transient');
    expect((await drain(make(), null)).items.map((i) => i.author.username).sort()).toEqual(['rahmat_amir', 'warga101']);
    await ctl('comments/delete', { commentId: comment.comment_id });
    expect(fake.liveComments()).toHaveLength(0);
    expect((await axios.get(`${fake.baseUrl}/__fake/posted`)).data).toEqual([]);
  });

  it('should serve only trailing-slash paths with the Access-Token header, like TikTok', async () => {
    const get = (path: string, headers: Record<string, string> = { 'Access-Token': 'tt-access-token' }) =>
      axios.get(`${fake.apiBaseUrl}${path}`, { params: { business_id: fake.businessId }, headers, validateStatus: () => true });
    expect((await get('/business/get')).status).toBe(404);
    expect((await get('/business/get/')).data).toMatchObject({ code: 0 });
    expect((await get('/business/get/', { 'Access-Token': 'Bearer tt-access-token' })).data).toMatchObject({ code: 40105 });
    expect((await get('/business/get/', {})).data).toMatchObject({ code: 40104 });
  });
});
