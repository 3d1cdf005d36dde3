import type { NormalizedItem } from '../connector.interface.js';
import type { TikTokComment, TikTokCommentList, TikTokVideo, TikTokVideoList } from './tiktok.types.js';

// Pure functions: TikTok Accounts API JSON → NormalizedItem (platform-apis.md §4.1, §6.3).

const ID_KEYS = /"(\w*_id)"\s*:\s*(\d{16,})(?=\s*[,}\]])/g;

/** IDs exceed 2^53 (§4.1, §6.4 #20): a bare number in an id field is quoted before JSON.parse. */
export const quoteBigIds = (body: string): string => body.replace(ID_KEYS, '"$1":"$2"');

/** A platform id as a string; numbers only when they are still exact. */
export function stringId(v: unknown): string | undefined {
  if (typeof v === 'string' && /^[\w.-]{1,64}$/.test(v)) return v;
  if (typeof v === 'number' && Number.isSafeInteger(v) && v >= 0) return String(v);
  return undefined;
}

/** `create_time` is Unix seconds, a string in lists and a number in create responses (§6.3). */
export function createTimeSec(v: unknown): number | undefined {
  const n = typeof v === 'number' ? v : typeof v === 'string' && /^\d{1,12}$/.test(v.trim()) ? Number(v) : NaN;
  return Number.isFinite(n) && n > 0 ? Math.floor(n) : undefined;
}

export const secToIso = (s: number): string => new Date(s * 1000).toISOString();

const HANDLE = /^[A-Za-z0-9._]{1,64}$/;
const httpsUrl = (u: unknown): string | undefined => (typeof u === 'string' && /^https:\/\/[^\s]{1,2000}$/.test(u) ? u : undefined);

export interface CommentContext {
  businessId: string;
  videoId: string;
  videoUrl?: string;
  /** Set for replies: the top-level comment they answer. */
  parentId?: string;
  now: Date;
}

/** One comment or reply; null for the account's own (our replies are not citizen voices). */
export function mapComment(c: TikTokComment, ctx: CommentContext): NormalizedItem | null {
  if (c.owner === true) return null;
  const parentId = ctx.parentId ?? stringId(c.parent_comment_id);
  const t = createTimeSec(c.create_time);
  const username = typeof c.username === 'string' && HANDLE.test(c.username) ? c.username : undefined;
  const authorId = stringId(c.user_id) ?? (typeof c.user_id === 'string' && c.user_id ? c.user_id.slice(0, 128) : undefined) ?? stringId(c.unique_identifier);
  return {
    platform: 'tiktok',
    kind: parentId ? 'reply' : 'comment',
    accountId: ctx.businessId,
    externalId: c.comment_id,
    dedupeKey: `tiktok:${ctx.businessId}:${c.comment_id}`,
    text: typeof c.text === 'string' ? c.text : '',
    createdAt: t !== undefined ? secToIso(t) : ctx.now.toISOString(),
    approximateTime: t === undefined,
    author: {
      platformUserId: authorId ?? (username ? `@${username}` : 'unknown'),
      displayName: typeof c.display_name === 'string' ? c.display_name : undefined,
      username,
      avatarUrl: httpsUrl(c.profile_image),
      profileUrl: username ? `https://www.tiktok.com/@${username}` : undefined,
    },
    parentExternalId: parentId,
    rootExternalId: ctx.videoId,
    // Comments have no public URL; the video's share_url is the nearest one.
    permalink: httpsUrl(ctx.videoUrl),
    // TikTok threads are two levels deep: an answer to a reply goes into the top-level thread.
    replyTarget: { platform: 'tiktok', accountId: ctx.businessId, targetId: parentId ?? c.comment_id, extra: { videoId: ctx.videoId } },
    raw: c,
  };
}

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Checks the shape of a comment/reply list and normalises ids to strings. Comments without a
 * usable id are dropped and counted; anything else unexpected is a malformed body (null).
 */
export function readCommentList(data: unknown): { list: Required<Pick<TikTokCommentList, 'comments'>> & TikTokCommentList; dropped: number } | null {
  if (!isObject(data)) return null;
  if (data.comments !== undefined && data.comments !== null && !Array.isArray(data.comments)) return null;
  if (data.has_more !== undefined && typeof data.has_more !== 'boolean') return null;
  const comments: TikTokComment[] = [];
  let dropped = 0;
  for (const c of (data.comments as unknown[] | undefined) ?? []) {
    const id = isObject(c) ? stringId(c.comment_id) : undefined;
    if (!id) dropped++;
    else comments.push({ ...(c as TikTokComment), comment_id: id });
  }
  return { list: { ...(data as TikTokCommentList), comments }, dropped };
}

export function readVideoList(data: unknown): { videos: TikTokVideo[]; cursor?: number; has_more?: boolean } | null {
  if (!isObject(data)) return null;
  if (data.videos !== undefined && data.videos !== null && !Array.isArray(data.videos)) return null;
  const videos: TikTokVideo[] = [];
  for (const v of (data.videos as unknown[] | undefined) ?? []) {
    if (!isObject(v)) continue;
    const id = stringId(v.item_id);
    if (id) videos.push({ ...(v as unknown as TikTokVideo), item_id: id, comments: typeof v.comments === 'number' ? v.comments : undefined });
  }
  return { videos, cursor: (data as TikTokVideoList).cursor, has_more: data.has_more === true };
}

/** A page cursor worth sending back: an integer (sometimes a millisecond timestamp, §4.1). */
export function pageCursor(v: unknown): number | undefined {
  const n = typeof v === 'string' && /^\d{1,16}$/.test(v) ? Number(v) : v;
  return typeof n === 'number' && Number.isSafeInteger(n) && n >= 0 ? n : undefined;
}
