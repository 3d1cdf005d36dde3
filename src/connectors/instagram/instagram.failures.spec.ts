import { nowSec } from '../../fakes/facebook.fake.js';
import { InstagramFake } from '../../fakes/instagram.fake.js';
import type { ConnectorError } from '../connector-error.js';
import type { NormalizedItem } from '../connector.interface.js';
import { createHttpClient } from '../http-client.factory.js';
import { InstagramConnector } from './instagram.connector.js';

// §6.4 failure modes injected through the fake's control endpoint (Graph error envelope, §2.6).
describe('InstagramConnector failure modes', () => {
  const fake = new InstagramFake({ maxPageSize: 2 });
  const make = (
    token = 'ig-token',
    timeoutMs = 2000,
    settings: Record<string, unknown> = {},
  ): InstagramConnector =>
    new InstagramConnector(createHttpClient({ baseURL: `${fake.baseUrl}/v25.0`, timeoutMs }), {
      id: 'acc-ig',
      externalAccountId: fake.igUserId,
      handle: fake.username,
      settings,
      credentials: { accessToken: token },
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

  let mediaId: string;
  beforeAll(() => fake.start());
  afterAll(() => fake.stop());
  beforeEach(() => {
    fake.reset();
    mediaId = fake.addMedia({ caption: 'Festival Budaya', createdAt: nowSec() - 3000 }).id;
    for (let i = 0; i < 5; i++)
      fake.addComment({ mediaId, text: `keren ${i}`, createdAt: nowSec() - 2000 + i * 200 });
  });

  it('should report the Instagram BUC throttle (80002) as rate_limited with retryAt from the header', async () => {
    await inject({ kind: 'rate_limit', resetInSec: 180 });
    const before = Date.now();
    const err = await fail(make().fetchSince(null));
    expect([err.kind, err.platformCode]).toEqual(['rate_limited', '80002']);
    expect(err.retryAt!.getTime() - before).toBeGreaterThanOrEqual(3 * 60_000 - 1000);
    expect(err.retryAt!.getTime() - before).toBeLessThan(4 * 60_000);
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
    expect((await fail(make().fetchSince(null))).kind).toBe(expected);
  });

  it('should time out a hanging request and reject an unknown token', async () => {
    fake.inject({ kind: 'hang' });
    expect((await fail(make('ig-token', 300).fetchSince(null))).kind).toBe('timeout');
    const err = await fail(make('nope').fetchSince(null));
    expect([err.kind, err.platformCode]).toEqual(['auth_expired', '190/467']);
  });

  it('should resume a comment scan interrupted by a throttle without gaps', async () => {
    const c = make();
    let r = await c.fetchSince(null); // media
    r = await c.fetchSince(r.nextCursor); // comments page 1
    fake.inject({ kind: 'rate_limit', path: '/comments' });
    expect((await fail(c.fetchSince(r.nextCursor))).kind).toBe('rate_limited');
    const items: NormalizedItem[] = [...r.items];
    let cursor = r.nextCursor;
    for (;;) {
      const x = await make().fetchSince(cursor);
      items.push(...x.items);
      cursor = x.nextCursor;
      if (!x.hasMore) break;
    }
    expect(new Set(items.map((i) => i.externalId)).size).toBe(5);
  });

  it('should restart a listing whose cursor died with a deleted comment', async () => {
    const c = make('ig-token', 2000, { scanTags: false });
    let r = await c.fetchSince(null);
    r = await c.fetchSince(r.nextCursor); // newest two comments
    const boundary = fake.allComments().sort((a, b) => b.timestamp - a.timestamp)[1];
    fake.deleteItem(boundary.id);
    const items = [...r.items];
    const warnings: string[] = [];
    let cursor = r.nextCursor;
    for (;;) {
      const x = await c.fetchSince(cursor);
      items.push(...x.items);
      warnings.push(...(x.warnings ?? []));
      cursor = x.nextCursor;
      if (!x.hasMore) break;
    }
    expect(warnings.join(' ')).toMatch(/listing again/);
    for (const left of fake.allComments()) expect(items.map((i) => i.externalId)).toContain(left.id);
  });

  it('should go on with comments when only the /tags read lacks permission', async () => {
    fake.inject({ kind: 'permission', path: '/tags' });
    const c = make();
    const items: NormalizedItem[] = [];
    const warnings: string[] = [];
    let cursor: string | null = null;
    for (;;) {
      const x = await c.fetchSince(cursor);
      items.push(...x.items);
      warnings.push(...(x.warnings ?? []));
      cursor = x.nextCursor;
      if (!x.hasMore) break;
    }
    expect(items).toHaveLength(5);
    expect(warnings.join(' ')).toMatch(/tags skipped/);
  });

  it('should report health from the account node', async () => {
    expect((await make().health()).state).toBe('ok');
    fake.expiredTokens.add('ig-token');
    expect((await make().health()).state).toBe('auth_expired');
  });
});
