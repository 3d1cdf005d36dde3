import type { ItemState, NormalizedItem } from '../connector.interface.js';
import { cleanDeep, obj, rfc3339ToIso, str } from '../kit/clean.js';
import type { YtComment, YtCommentSnippet, YtCommentThread } from './youtube.types.js';

// Pure functions: YouTube comments and threads → NormalizedItem. The plain text (textOriginal) is
// stored, never the HTML rendering. textOriginal is "only guaranteed if the viewer is the comment's
// author" (§8.1); without it, textDisplay is used, which is plain too because the connector always
// asks for textFormat=plainText (the default, html, would carry <br>, <a> and entities).

const COMMENT_ID = /^[A-Za-z0-9_.-]{1,128}$/;

/** Who wrote a comment: the author's channel id, else a stable stand-in. */
function authorOf(s: YtCommentSnippet): NormalizedItem['author'] {
  const id = str(obj(s.authorChannelId)?.value);
  const name = str(s.authorDisplayName);
  return {
    platformUserId: id ?? (name ? `name:${name}` : 'unknown'),
    displayName: name,
    username: name?.startsWith('@') ? name.slice(1) : undefined,
    avatarUrl: str(s.authorProfileImageUrl),
    profileUrl: str(s.authorChannelUrl),
  };
}

export const isOwnComment = (c: YtComment, channelId: string): boolean => str(obj(obj(c.snippet)?.authorChannelId)?.value) === channelId;

export function commentText(s: YtCommentSnippet): string {
  const text = str(s.textOriginal) ?? str(s.textDisplay);
  if (text === undefined) throw new Error('comment without textOriginal or textDisplay');
  return text;
}

/**
 * One comment (top-level or reply) → NormalizedItem. `rootId` is the video (or the channel for
 * channel discussions); a reply's parent is its thread's top-level comment, which is also what
 * comments.insert must answer (YouTube has one level of replies, §8.2).
 */
export function mapYouTubeComment(c: YtComment, channelId: string, fallbackVideoId?: string): NormalizedItem {
  const id = str(c.id);
  if (!id || !COMMENT_ID.test(id)) throw new Error('comment without a valid id');
  const s = obj(c.snippet) as YtCommentSnippet | undefined;
  if (!s) throw new Error(`comment ${id} without snippet`);
  const createdAt = rfc3339ToIso(s.publishedAt);
  if (!createdAt) throw new Error(`comment ${id} without a valid publishedAt`);
  const updatedAt = rfc3339ToIso(s.updatedAt);
  const parentId = str(s.parentId);
  const videoId = str(s.videoId) ?? fallbackVideoId;
  const isReply = parentId !== undefined && parentId !== id;
  return {
    platform: 'youtube',
    kind: isReply ? 'reply' : 'comment',
    accountId: channelId,
    externalId: id,
    dedupeKey: `youtube:${channelId}:${id}`,
    text: commentText(s),
    createdAt,
    editedAt: updatedAt && updatedAt > createdAt ? updatedAt : undefined,
    author: authorOf(s),
    parentExternalId: isReply ? parentId : undefined,
    rootExternalId: videoId ? `video:${videoId}` : `channel:${str(s.channelId) ?? channelId}`,
    permalink: videoId && /^[A-Za-z0-9_-]{6,20}$/.test(videoId) ? `https://www.youtube.com/watch?v=${videoId}&lc=${encodeURIComponent(id)}` : undefined,
    replyTarget: { platform: 'youtube', accountId: channelId, targetId: isReply ? parentId : id, extra: { commentId: id, ...(videoId ? { videoId } : {}) } },
    raw: cleanDeep(c),
  };
}

/** A thread's top-level comment and the replies it carries (comments by the channel itself excluded). */
export function threadComments(t: YtCommentThread): { top: YtComment | undefined; replies: YtComment[]; total: number; videoId?: string } {
  const s = obj(t.snippet) as YtCommentThread['snippet'];
  const top = obj(s?.topLevelComment) as YtComment | undefined;
  const replies = (Array.isArray(obj(t.replies)?.comments) ? (obj(t.replies)!.comments as unknown[]) : []).filter((r): r is YtComment => obj(r) !== undefined);
  const total = typeof s?.totalReplyCount === 'number' && s.totalReplyCount >= 0 ? s.totalReplyCount : replies.length;
  return { top, replies, total, videoId: str(s?.videoId) };
}

/** The latest moment anything happened in a thread (its comment, an edit, a reply it carries). */
export function threadActivity(t: YtCommentThread): string | undefined {
  const { top, replies } = threadComments(t);
  const times = [top, ...replies].flatMap((c) => [rfc3339ToIso(obj(c?.snippet)?.publishedAt), rfc3339ToIso(obj(c?.snippet)?.updatedAt)]).filter((x): x is string => !!x);
  return times.length ? times.sort().at(-1) : undefined;
}

/** A comment re-read by id → its current state (edits, §6.4 #10). */
export function commentState(c: YtComment): ItemState | null {
  const id = str(c.id);
  const s = obj(c.snippet) as YtCommentSnippet | undefined;
  if (!id || !s) return null;
  const createdAt = rfc3339ToIso(s.publishedAt);
  const updatedAt = rfc3339ToIso(s.updatedAt);
  return { externalId: id, deleted: false, text: commentText(s), editedAt: updatedAt && createdAt && updatedAt > createdAt ? updatedAt : undefined };
}
