import { readFileSync } from 'node:fs';
import { createTimeSec, mapComment, pageCursor, quoteBigIds, readCommentList, readVideoList } from './tiktok.mapper.js';
import type { TikTokComment, TikTokEnvelope } from './tiktok.types.js';

const fixture = <T>(name: string): TikTokEnvelope<T> => JSON.parse(readFileSync(`test/fixtures/tiktok/${name}`, 'utf8')) as TikTokEnvelope<T>;
const ctx = { businessId: '-000sinjai', videoId: '7330000000000000001', videoUrl: 'https://www.tiktok.com/@pemkabsinjai/video/7330000000000000001', now: new Date('2026-03-02T00:00:00Z') };

describe('tiktok.mapper', () => {
  const list = readCommentList(fixture('comment-list.json').data)!.list.comments;

  it('should map a comment from a list with its string create_time', () => {
    expect(mapComment(list[0], ctx)).toMatchObject({
      platform: 'tiktok',
      kind: 'comment',
      accountId: '-000sinjai',
      externalId: '7340000000000000001',
      dedupeKey: 'tiktok:-000sinjai:7340000000000000001',
      createdAt: '2026-03-01T10:15:30.000Z',
      rootExternalId: ctx.videoId,
      permalink: ctx.videoUrl,
      author: { platformUserId: list[0].user_id, username: 'andi.saputra', profileUrl: 'https://www.tiktok.com/@andi.saputra', avatarUrl: 'https://p16-sign.tiktokcdn.com/avatar.jpeg' },
      replyTarget: { platform: 'tiktok', accountId: '-000sinjai', targetId: '7340000000000000001', extra: { videoId: ctx.videoId } },
    });
  });

  it('should keep hostile text verbatim but drop a hostile handle and avatar URL', () => {
    const item = mapComment(list[1], ctx)!;
    expect(item.text).toBe("<script>alert('x')</script> lampu jalan mati \u202e\u200b");
    expect(item.createdAt).toBe('2026-03-01T10:15:00.000Z'); // number create_time
    expect(item.author.username).toBeUndefined();
    expect(item.author.profileUrl).toBeUndefined();
    expect(item.author.avatarUrl).toBeUndefined();
    expect(item.author.platformUserId).toBe(list[1].user_id);
  });

  it('should skip the account’s own comments', () => {
    expect(mapComment(list[2], ctx)).toBeNull();
  });

  it('should map a reply into the thread of its top-level comment', () => {
    const [r] = readCommentList(fixture('reply-list.json').data)!.list.comments;
    const item = mapComment(r, { ...ctx, parentId: '7340000000000000001' })!;
    expect(item).toMatchObject({ kind: 'reply', parentExternalId: '7340000000000000001', createdAt: '2026-03-01T10:16:40.000Z' });
    expect(item.replyTarget.targetId).toBe('7340000000000000001');
    expect(item.author.platformUserId).toBe('u-3f9e2c'); // unique_identifier when user_id is gone
  });

  it('should quote bare big ids before parsing and leave other numbers alone', () => {
    const body = '{"data":{"comments":[{"comment_id": 7340000000000000001,"video_id":7330000000000000001,"likes":12345678901234567}],"cursor":20}}';
    const parsed = JSON.parse(quoteBigIds(body)) as { data: { comments: TikTokComment[]; cursor: number } };
    expect(parsed.data.comments[0].comment_id).toBe('7340000000000000001');
    expect(parsed.data.comments[0].video_id).toBe('7330000000000000001');
    expect(parsed.data.cursor).toBe(20);
    expect(readCommentList(parsed.data)!.list.comments[0].comment_id).toBe('7340000000000000001');
  });

  it.each([
    ['1772360130', 1772360130],
    [1772360130, 1772360130],
    [1772360130.7, 1772360130],
    [' 1772360130 ', 1772360130],
    ['', undefined],
    ['abc', undefined],
    [-5, undefined],
    [null, undefined],
  ])('should read create_time %p as %p', (v, expected) => {
    expect(createTimeSec(v)).toBe(expected);
  });

  it.each([
    [20, 20],
    ['20', 20],
    [1655118106000, 1655118106000],
    [1.5, undefined],
    [-1, undefined],
    ['9007199254740993', undefined],
    [null, undefined],
  ])('should accept page cursor %p as %p', (v, expected) => {
    expect(pageCursor(v)).toBe(expected);
  });

  it.each([
    ['no object', null],
    ['comments not a list', { comments: {} }],
    ['has_more not a boolean', { comments: [], has_more: 'yes' }],
  ])('should reject a comment list with %s', (_label, data) => {
    expect(readCommentList(data)).toBeNull();
  });

  it('should drop and count comments without a usable id', () => {
    const read = readCommentList({ comments: [{ text: 'no id' }, { comment_id: 9007199254740993, text: 'inexact' }, { comment_id: '1', text: 'ok' }] })!;
    expect(read.dropped).toBe(2);
    expect(read.list.comments.map((c) => c.comment_id)).toEqual(['1']);
  });

  it('should read a video list with mixed create_time and a timestamp cursor', () => {
    const v = readVideoList(fixture('video-list.json').data)!;
    expect(v.videos.map((x) => [x.item_id, x.comments])).toEqual([
      ['7330000000000000001', 12],
      ['7330000000000001001', 0],
    ]);
    expect(v.cursor).toBe(1772200000000);
    expect(v.has_more).toBe(true);
  });
});
