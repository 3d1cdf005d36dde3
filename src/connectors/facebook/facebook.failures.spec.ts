import { FacebookFake, nowSec } from '../../fakes/facebook.fake.js';
import type { ConnectorError } from '../connector-error.js';
import type { NormalizedItem } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { FacebookConnector } from './facebook.connector.js';

// §6.4 failure modes injected through the fake's control endpoint, in Meta's error envelope.
describe('FacebookConnector failure modes', () => {
  const fake = new FacebookFake({ maxPageSize: 2 });
  const make = (token = 'fb-page-token', timeoutMs = 2000): FacebookConnector =>
    new FacebookConnector(createHttpClient({ baseURL: `${fake.baseUrl}/v25.0`, timeoutMs }), {
      id: 'acc-fb',
      externalAccountId: fake.pageId,
      handle: 'pemkabsinjai',
      settings: { pageSize: 2 },
      credentials: { pageAccessToken: token },
    });
  const fail = (p: Promise<unknown>): Promise<ConnectorError> =>
    p.then(
      () => {
        throw new Error('expected a failure');
      },
      (e: unknown) => e as ConnectorError,
    );
  const inject = (body: unknown): Promise<Response> =>
    fetch(`${fake.baseUrl}/__fake/inject`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify(body),
    });

  async function drain(
    c: FacebookConnector,
    cursor: string | null,
  ): Promise<{ items: NormalizedItem[]; cursor: string }> {
    const items: NormalizedItem[] = [];
    for (;;) {
      const r = await c.fetchSince(cursor);
      items.push(...r.items);
      cursor = r.nextCursor;
      if (!r.hasMore) return { items, cursor };
    }
  }

  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    fake.addVisitorPost({ text: 'jembatan di Tellulimpoe rusak', createdAt: nowSec() - 600 });
  });

  it('should report a throttle with the BUC regain time as rate_limited with retryAt', async () => {
    await inject({ kind: 'rate_limit', resetInSec: 420 });
    const before = Date.now();
    const err = await fail(make().fetchSince(null));
    expect(err.kind).toBe('rate_limited');
    expect(err.platformCode).toBe('80001');
    // estimated_time_to_regain_access is in minutes: 7.
    expect(err.retryAt!.getTime() - before).toBeGreaterThanOrEqual(7 * 60_000 - 1000);
    expect(err.retryAt!.getTime() - before).toBeLessThan(8 * 60_000);
  });

  it.each([
    ['quota', 'quota_exhausted'],
    ['server_error', 'transient'],
    ['expired_token', 'auth_expired'],
    ['permission', 'permission'],
    ['html', 'transient'],
    ['bad_json', 'malformed_response'],
    ['empty', 'malformed_response'],
    ['reset', 'transient'],
  ] as const)('should report an injected %s as %s', async (kind, expected) => {
    await inject({ kind });
    const err = await fail(make().fetchSince(null));
    expect(err.kind).toBe(expected);
  });

  it('should report an HTML page served with 200 as malformed', async () => {
    fake.inject({ kind: 'html', status: 200 });
    expect((await fail(make().fetchSince(null))).kind).toBe('malformed_response');
  });

  it('should time out a hanging request', async () => {
    fake.inject({ kind: 'hang' });
    expect((await fail(make('fb-page-token', 300).fetchSince(null))).kind).toBe('timeout');
  });

  it('should mark an unknown token (190/467) and an expired one (190/463) as auth_expired', async () => {
    const unknown = await fail(make('revoked').fetchSince(null));
    expect([unknown.kind, unknown.platformCode]).toEqual(['auth_expired', '190/467']);
    fake.expiredTokens.add('fb-page-token');
    const expired = await fail(make().fetchSince(null));
    expect([expired.kind, expired.platformCode]).toEqual(['auth_expired', '190/463']);
  });

  it('should resume after a mid-run throttle from the stored cursor without gaps', async () => {
    const posts = [0, 1, 2, 3, 4].map((i) =>
      fake.addVisitorPost({ text: `keluhan ${i}`, createdAt: nowSec() - 500 + i }),
    );
    const c = make();
    const p1 = await c.fetchSince(null);
    expect(p1.hasMore).toBe(true);
    fake.inject({ kind: 'rate_limit', path: '/feed', resetInSec: 60 });
    expect((await fail(c.fetchSince(p1.nextCursor))).kind).toBe('rate_limited');
    const rest = await drain(make(), p1.nextCursor);
    const got = new Set([...p1.items, ...rest.items].map((i) => i.externalId));
    for (const p of posts) expect(got.has(p.id)).toBe(true);
  });

  it('should resume after a 5xx in the middle of a comment scan', async () => {
    const post = fake.addPagePost({ text: 'Info banjir', createdAt: nowSec() - 400 });
    const comments = [0, 1, 2, 3, 4].map((i) =>
      fake.addComment({ postId: post.id, text: `banjir di ${i}`, createdAt: nowSec() - 300 + i }),
    );
    fake.inject({ kind: 'server_error', path: '/comments', after: 1, status: 503 });
    const c = make();
    let cursor: string | null = null;
    const items: NormalizedItem[] = [];
    let failures = 0;
    for (let i = 0; i < 30; i++) {
      try {
        const r = await c.fetchSince(cursor);
        items.push(...r.items);
        cursor = r.nextCursor;
        if (!r.hasMore) break;
      } catch (e) {
        expect((e as ConnectorError).kind).toBe('transient');
        failures++;
      }
    }
    expect(failures).toBe(1);
    const got = new Set(items.map((i) => i.externalId));
    for (const x of comments) expect(got.has(x.id)).toBe(true);
  });

  it('should make the fake answer limit > 100 with Graph error 100', async () => {
    const res = await fetch(`${fake.baseUrl}/v25.0/${fake.pageId}/feed?limit=101&access_token=fb-page-token`);
    expect(res.status).toBe(400);
    expect(((await res.json()) as { error: { code: number } }).error.code).toBe(100);
  });

  it('should accept any version prefix, unversioned paths and the token as a query parameter', async () => {
    for (const prefix of ['/v19.0', '/v26.0', '']) {
      const res = await fetch(`${fake.baseUrl}${prefix}/me?access_token=fb-page-token`);
      expect(((await res.json()) as { id: string }).id).toBe(fake.pageId);
      expect(res.headers.get('x-business-use-case-usage')).toContain(fake.pageId);
      expect(res.headers.get('x-app-usage')).toContain('call_count');
    }
  });

  it('should drive the fake through its HTTP control endpoints (demo generator, e2e)', async () => {
    const ctl = (path: string, body?: unknown): Promise<Response> =>
      fetch(
        `${fake.baseUrl}/__fake/${path}`,
        body === undefined
          ? {}
          : { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) },
      );
    const added = (await (await ctl('posts', [{ text: 'pohon tumbang di Jl. Bulu Kamase' }])).json()) as {
      data: Array<{ id: string }>;
    };
    const postId = added.data[0].id;
    const comment = (
      (await (await ctl('comments', { postId, text: 'hati-hati lewat sana' })).json()) as {
        data: Array<{ id: string }>;
      }
    ).data[0];
    await ctl('edit', { id: comment.id, text: 'hati-hati, jalan ditutup' });
    await ctl('lose-reply-response', { mode: 'server_error' });
    expect(
      (
        await fail(
          make().reply(
            { platform: 'facebook', accountId: fake.pageId, targetId: comment.id },
            'Tim BPBD menuju lokasi.',
            { idempotencyKey: 'k' },
          ),
        )
      ).kind,
    ).toBe('transient');
    const posted = (await (await ctl('posted')).json()) as Array<{ message: string }>;
    expect(posted.map((p) => p.message)).toEqual(['Tim BPBD menuju lokasi.']);
    await ctl('delete', { id: postId });
    await ctl('expire-token', { token: 'fb-page-token' });
    expect((await fail(make().fetchSince(null))).platformCode).toBe('190/463');
  });

  it('should report health from GET /me, and the token state when it fails', async () => {
    expect((await make().health()).state).toBe('ok');
    expect((await make('revoked').health()).state).toBe('auth_expired');
    fake.inject({ kind: 'permission' });
    expect((await make().health()).state).toBe('permission_missing');
  });
});
