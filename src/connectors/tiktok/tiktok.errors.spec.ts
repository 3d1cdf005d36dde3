import { readFileSync } from 'node:fs';
import type { AxiosResponse } from 'axios';
import { classifyTikTokCode, classifyTikTokHttp, isEnvelope, rateLimitBackoffMs } from './tiktok.errors.js';
import type { TikTokEnvelope } from './tiktok.types.js';

const now = new Date('2026-03-01T10:15:30.000Z');
const ctx = { now, rateStrikes: 1 };
const fixture = (name: string): TikTokEnvelope => JSON.parse(readFileSync(`test/fixtures/tiktok/${name}`, 'utf8')) as TikTokEnvelope;
const res = (status: number, data = '', headers: Record<string, string> = {}): AxiosResponse<string> =>
  ({ status, data, headers, statusText: '', config: {} }) as unknown as AxiosResponse<string>;

describe('tiktok.errors', () => {
  it.each([
    [40100, 'Too many requests', 'rate_limited'],
    [40100, 'The daily quota limit of the app has been reached', 'quota_exhausted'],
    [40105, 'Access token is incorrect or has been revoked.', 'auth_expired'],
    [40104, 'Access token is null', 'auth_expired'],
    [40001, 'Invalid parameter: max_count', 'invalid_request'],
    [40001, 'scope_not_authorized', 'permission'],
    [40002, 'No permission to operate this comment', 'permission'],
    [40002, 'comment not found', 'not_found'],
    [40002, 'text: length must be between 1 and 150 characters', 'invalid_request'],
    [50002, 'Internal service error', 'transient'],
    [51000, 'System error', 'transient'],
    [12345, 'something new', 'transient'],
  ])('should classify code %i (%s) as %s', (code, message, kind) => {
    expect(classifyTikTokCode({ code, message }, 'op', ctx)?.kind).toBe(kind);
  });

  it('should accept 0 and 20001 (partial success), and a code sent as a string', () => {
    expect(classifyTikTokCode({ code: 0 }, 'op', ctx)).toBeNull();
    expect(classifyTikTokCode(fixture('partial-success.json'), 'op', ctx)).toBeNull();
    expect(classifyTikTokCode({ code: '40100' as unknown as number }, 'op', ctx)?.kind).toBe('rate_limited');
  });

  it('should classify the captured error bodies', () => {
    expect(classifyTikTokCode(fixture('error-rate-limit.json'), 'op', ctx)?.kind).toBe('rate_limited');
    expect(classifyTikTokCode(fixture('error-token.json'), 'op', ctx)?.kind).toBe('auth_expired');
  });

  it('should wait 60 s after a first 40100, doubling per consecutive one up to 15 minutes', () => {
    expect([1, 2, 3, 5, 10].map(rateLimitBackoffMs)).toEqual([60_000, 120_000, 240_000, 900_000, 900_000]);
    const err = classifyTikTokCode({ code: 40100 }, 'op', { now, rateStrikes: 2 })!;
    expect(err.retryAt!.getTime() - now.getTime()).toBe(120_000);
  });

  it('should put a quota reset at the next UTC midnight', () => {
    expect(classifyTikTokCode({ code: 40100, message: 'daily quota exceeded' }, 'op', ctx)!.retryAt!.toISOString()).toBe('2026-03-02T00:00:00.000Z');
  });

  it.each([
    [200, {}, undefined],
    [429, { 'retry-after': '30' }, 'rate_limited'],
    [429, {}, 'rate_limited'],
    [401, {}, 'auth_expired'],
    [403, {}, 'permission'],
    [404, {}, 'invalid_request'],
    [400, {}, 'invalid_request'],
    [500, {}, 'transient'],
    [502, {}, 'transient'],
    [503, {}, 'transient'],
  ])('should classify HTTP %i as %s', (status, headers, kind) => {
    expect(classifyTikTokHttp(res(status, '', headers), 'op', ctx)?.kind).toBe(kind);
  });

  it('should honour Retry-After on an HTTP 429 and fall back to the backoff without it', () => {
    expect(classifyTikTokHttp(res(429, '', { 'retry-after': '30' }), 'op', ctx)!.retryAt!.getTime() - now.getTime()).toBe(30_000);
    expect(classifyTikTokHttp(res(429), 'op', ctx)!.retryAt!.getTime() - now.getTime()).toBe(60_000);
    expect(classifyTikTokHttp(res(429, '{"code":42900,"message":"quota exceeded"}'), 'op', ctx)!.kind).toBe('quota_exhausted');
  });

  it.each([
    [{ code: 0 }, true],
    [{ code: '0' }, true],
    [{ code: 1.5 }, false],
    [{ data: {} }, false],
    [[], false],
    [null, false],
    ['{"code":0}', false],
  ])('should recognise the envelope in %p: %p', (body, ok) => {
    expect(isEnvelope(body)).toBe(ok);
  });
});
