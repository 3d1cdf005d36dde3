import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { AxiosResponse } from 'axios';
import {
  classifyGraphError,
  classifyGraphResponse,
  graphUsage,
  isGraphCursorError,
} from './facebook.errors.js';
import { mapComment, mapPost } from './facebook.mapper.js';
import type { FbComment, FbPost, GraphList } from './facebook.types.js';
import { isGraphList, mergeWatermark, newScan, noteSeen, parseMetaTime } from './graph.js';

const fixture = <T>(name: string): T =>
  JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/facebook', name), 'utf8')) as T;
const now = new Date('2026-03-02T00:00:00Z');
const PAGE = '104000000000001';

describe('Facebook mapper', () => {
  it('should map a feed page: Meta times to ISO UTC, ids as strings, story and attachments', () => {
    const feed = fixture<GraphList<FbPost>>('feed-page.json');
    expect(isGraphList(feed)).toBe(true);
    const [visitor, , story] = feed.data.map((p) => mapPost(p, PAGE, now));
    expect(visitor).toMatchObject({
      kind: 'post',
      externalId: '104000000000001_1880000000000010123',
      dedupeKey: 'facebook:104000000000001:104000000000001_1880000000000010123',
      createdAt: '2026-03-01T10:15:30.000Z',
      author: { platformUserId: '27300000000000001', displayName: 'Andi Baharuddin' },
      permalink: 'https://www.facebook.com/104000000000001/posts/1880000000000010123',
    });
    // Without `from` (no Page token) there is no stable id (§6.4 #17).
    expect(story.author).toEqual({ platformUserId: 'unknown', displayName: 'Facebook user' });
    expect(story.text).toBe('Warga shared a photo.');
    expect(story.attachments).toEqual([{ type: 'photo', url: 'https://www.facebook.com/photo/?fbid=1' }]);
  });

  it('should rebuild threads from filter=stream parents', () => {
    const page = fixture<GraphList<FbComment>>('comments-stream.json');
    const post = { id: '104000000000001_1880000000000010123' };
    const [reply, top] = page.data.map((c) => mapComment(c, PAGE, post, now));
    expect(reply).toMatchObject({
      kind: 'reply',
      parentExternalId: '1880000000000010123_9900000000000000020',
      rootExternalId: post.id,
    });
    expect(top).toMatchObject({
      kind: 'comment',
      parentExternalId: post.id,
      permalink: `https://www.facebook.com/${post.id}`,
    });
  });

  it('should keep hostile text as it is, without evaluating or trimming it', () => {
    const text = '${process.exit(1)} <script>alert(1)</script> ' + 'x'.repeat(70_000);
    expect(mapComment({ id: '1_2', message: text }, PAGE, { id: '1' }, now).text).toBe(text);
  });

  it('should parse Meta REST times, webhook Unix seconds and reject garbage', () => {
    expect(parseMetaTime('2026-03-01T10:15:30+0000')).toBe(Date.parse('2026-03-01T10:15:30Z'));
    expect(parseMetaTime('2026-03-01T18:15:30+0800')).toBe(Date.parse('2026-03-01T10:15:30Z'));
    expect(parseMetaTime(1772360100)).toBe(1772360100_000);
    expect(parseMetaTime('1772360100')).toBe(1772360100_000);
    expect(parseMetaTime('kemarin')).toBeUndefined();
  });

  it('should keep the ids within the overlap window below the new watermark', () => {
    const scan = newScan();
    noteSeen(scan, 'a', 1000, 120);
    noteSeen(scan, 'b', 1100, 120);
    noteSeen(scan, 'c', 1200, 120);
    expect(mergeWatermark(undefined, undefined, scan, 120)).toEqual({ wm: 1200, seen: ['b', 'c'] });
    expect(mergeWatermark(1150, ['old'], scan, 120)).toEqual({ wm: 1200, seen: ['old', 'b', 'c'] });
    expect(mergeWatermark(900, ['old'], scan, 120)).toEqual({ wm: 1200, seen: ['b', 'c'] });
  });
});

describe('Graph error classification (§1.8)', () => {
  const res = (
    headers: Record<string, string> = {},
    status = 400,
  ): Pick<AxiosResponse, 'headers' | 'status'> => ({ headers, status });
  const at = new Date('2026-03-01T00:00:00Z');

  it.each([
    [1, undefined, 'transient'],
    [2, undefined, 'transient'],
    [3, undefined, 'permission'],
    [4, undefined, 'rate_limited'],
    [10, undefined, 'permission'],
    [17, undefined, 'rate_limited'],
    [32, undefined, 'rate_limited'],
    [100, 33, 'not_found'],
    [100, undefined, 'invalid_request'],
    [102, undefined, 'auth_expired'],
    [190, 460, 'auth_expired'],
    [200, undefined, 'permission'],
    [299, undefined, 'permission'],
    [368, undefined, 'rate_limited'],
    [506, undefined, 'duplicate'],
    [613, undefined, 'rate_limited'],
    [80001, undefined, 'rate_limited'],
    [80002, undefined, 'rate_limited'],
    [1609005, undefined, 'invalid_request'],
  ])('should classify code %s/%s as %s', (code, sub, kind) => {
    expect(classifyGraphError({ code, error_subcode: sub, message: 'x' }, res(), 'test', at).kind).toBe(kind);
  });

  it('should take retryAt from the BUC header minutes, and call a day-long block a spent quota', () => {
    const t = fixture<{ headers: Record<string, string>; body: { error: { code: number } } }>(
      'error-throttle.json',
    );
    const err = classifyGraphError(t.body.error, res(t.headers), 'feed', at);
    expect(err.kind).toBe('rate_limited');
    expect(err.retryAt!.getTime() - at.getTime()).toBe(7 * 60_000);
    const usage = graphUsage(res(t.headers), at.getTime());
    expect(usage).toEqual({
      usagePercent: 100,
      regainAccessAt: new Date(at.getTime() + 7 * 60_000).toISOString(),
    });
    const day = {
      'x-business-use-case-usage': JSON.stringify({
        [PAGE]: [{ type: 'pages', call_count: 100, estimated_time_to_regain_access: 1440 }],
      }),
    };
    expect(classifyGraphError({ code: 80001 }, res(day), 'feed', at).kind).toBe('quota_exhausted');
    // Without a hint: a fallback pause, never "now".
    expect(classifyGraphError({ code: 4 }, res(), 'feed', at).retryAt!.getTime()).toBeGreaterThan(
      at.getTime(),
    );
    expect(
      classifyGraphError({ code: 368 }, res(), 'reply', at).retryAt!.getTime() - at.getTime(),
    ).toBeGreaterThanOrEqual(3_600_000);
  });

  it('should recognise a dead or too-deep paging cursor', () => {
    const e = classifyGraphError(
      {
        code: 100,
        message: '(#100) The After Cursor specified exceeds the max limit supported by this endpoint',
      },
      res(),
      'x',
    );
    expect(isGraphCursorError(e)).toBe(true);
    expect(
      isGraphCursorError(classifyGraphError({ code: 100, message: 'Invalid parameter' }, res(), 'x')),
    ).toBe(false);
  });

  it('should classify errors sent with HTTP 200 by their body, and bodies without an envelope by status', () => {
    const r = (status: number, data: string): AxiosResponse<string> =>
      ({ status, data, headers: {} }) as AxiosResponse<string>;
    expect(classifyGraphResponse(r(200, '{"error":{"code":190,"error_subcode":463}}'), 'x')?.kind).toBe(
      'auth_expired',
    );
    expect(classifyGraphResponse(r(200, '{"data":[]}'), 'x')).toBeNull();
    expect(classifyGraphResponse(r(502, '<html>'), 'x')?.kind).toBe('transient');
    expect(classifyGraphResponse(r(404, 'nope'), 'x')?.kind).toBe('not_found');
  });
});
