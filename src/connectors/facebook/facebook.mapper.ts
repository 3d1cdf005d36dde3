import { createHash } from 'node:crypto';
import type { NormalizedAuthor, NormalizedItem } from '../connector.interface.js';
import { parseMetaTime } from './graph.js';
import type { FbComment, FbFrom, FbPost } from './facebook.types.js';

// Pure functions: Facebook Graph JSON → NormalizedItem (platform-apis.md §1.4, §6.3).

export const FB_POST_FIELDS =
  'id,message,story,created_time,updated_time,from{id,name},permalink_url,status_type,is_published,attachments{type,url,media},comments.summary(true).limit(0)';
export const FB_COMMENT_FIELDS =
  'id,message,created_time,from{id,name},parent{id},permalink_url,attachment,comment_count,like_count,is_hidden';

/** Posts and comments by the Page itself are ours (replies, announcements), not citizen voices. */
export const isFromPage = (from: FbFrom | undefined, pageId: string): boolean => from?.id === pageId;

/** Short fingerprint of a text, kept in the cursor to notice edits without storing the text. */
export const textHash = (text: string): string =>
  createHash('sha256').update(text).digest('base64url').slice(0, 12);

export const postText = (p: FbPost): string =>
  typeof p.message === 'string' ? p.message : typeof p.story === 'string' ? p.story : '';

function author(from: FbFrom | undefined): NormalizedAuthor {
  // `from` is only present with a Page token (§1.2); without it there is no stable id (§6.4 #17).
  if (!from || typeof from.id !== 'string')
    return { platformUserId: 'unknown', displayName: 'Facebook user' };
  return { platformUserId: from.id, displayName: typeof from.name === 'string' ? from.name : undefined };
}

const iso = (v: unknown, fallback: Date): string =>
  new Date(parseMetaTime(v) ?? fallback.getTime()).toISOString();

const idOf = (v: { id?: unknown } | null | undefined, what: string): string => {
  if (typeof v?.id !== 'string' || !/^[\w.:-]{1,128}$/.test(v.id)) throw new Error(`${what} without a usable id`);
  return v.id;
};

export function mapPost(p: FbPost, pageId: string, now: Date, editedAt?: string): NormalizedItem {
  idOf(p, 'post');
  return {
    platform: 'facebook',
    kind: 'post',
    accountId: pageId,
    externalId: p.id,
    dedupeKey: `facebook:${pageId}:${p.id}`,
    text: postText(p),
    createdAt: iso(p.created_time, now),
    approximateTime: parseMetaTime(p.created_time) === undefined,
    editedAt,
    author: author(p.from),
    rootExternalId: p.id,
    permalink: typeof p.permalink_url === 'string' ? p.permalink_url : `https://www.facebook.com/${p.id}`,
    attachments: p.attachments?.data
      ?.filter((a) => typeof a === 'object' && a !== null)
      .map((a) => ({ type: String(a.type ?? 'attachment'), url: a.url ?? a.media?.image?.src })),
    replyTarget: { platform: 'facebook', accountId: pageId, targetId: p.id, extra: { kind: 'post' } },
    raw: p,
  };
}

/**
 * A comment from `filter=stream`: `parent` names the parent comment of a reply; a top-level
 * comment has no parent (or the post itself). Threads hang off the post (rootExternalId).
 */
export function mapComment(
  c: FbComment,
  pageId: string,
  post: { id: string; permalink?: string },
  now: Date,
): NormalizedItem {
  idOf(c, 'comment');
  const parentId =
    c.parent && typeof c.parent.id === 'string' && c.parent.id !== post.id ? c.parent.id : undefined;
  const a = c.attachment;
  return {
    platform: 'facebook',
    kind: parentId ? 'reply' : 'comment',
    accountId: pageId,
    externalId: c.id,
    dedupeKey: `facebook:${pageId}:${c.id}`,
    text: typeof c.message === 'string' ? c.message : '',
    createdAt: iso(c.created_time, now),
    approximateTime: parseMetaTime(c.created_time) === undefined,
    author: author(c.from),
    parentExternalId: parentId ?? post.id,
    rootExternalId: post.id,
    // permalink_url on comments is ⚠️ unconfirmed (§1.3): fall back to the post's permalink.
    permalink:
      typeof c.permalink_url === 'string'
        ? c.permalink_url
        : (post.permalink ?? `https://www.facebook.com/${post.id}`),
    attachments:
      a && typeof a === 'object'
        ? [{ type: String(a.type ?? 'attachment'), url: a.url ?? a.media?.image?.src }]
        : undefined,
    // POST /{comment-id}/comments answers in the comment's thread (§1.3c).
    replyTarget: {
      platform: 'facebook',
      accountId: pageId,
      targetId: c.id,
      extra: { kind: 'comment', postId: post.id },
    },
    raw: c,
  };
}
