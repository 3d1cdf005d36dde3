import type { NormalizedAuthor, NormalizedItem } from '../connector.interface.js';
import { parseMetaTime } from '../facebook/graph.js';
import type { IgComment, IgFrom, IgMedia, InstagramMentionRef } from './instagram.types.js';

// Pure functions: Instagram Graph JSON and webhooks → NormalizedItem (platform-apis.md §2.3, §2.7, §6.3).

const REPLY_FIELDS = 'id,text,timestamp,from{id,username},username,parent_id';
export const IG_REPLY_FIELDS = REPLY_FIELDS;
/** Top-level comments with their first replies inline (§2.2: replies via the `replies` expansion). */
export const IG_COMMENT_FIELDS = `id,text,timestamp,from{id,username},username,like_count,hidden,parent_id,replies.limit(50){${REPLY_FIELDS}}`;
export const IG_MEDIA_FIELDS = 'id,timestamp,comments_count,permalink,media_product_type';
export const IG_TAG_FIELDS = 'id,caption,timestamp,permalink,username,media_type';

const isId = (v: unknown): v is string => typeof v === 'string' && /^\d{1,40}$/.test(v);
const str = (v: unknown): string | undefined => (typeof v === 'string' ? v : undefined);
const iso = (v: unknown, fallback: Date): string =>
  new Date(parseMetaTime(v) ?? fallback.getTime()).toISOString();

function author(from: IgFrom | undefined, username: unknown): NormalizedAuthor {
  const handle = str(from?.username) ?? str(username);
  // IGSID when present; Instagram gives no display name or avatar (§2.2b, §6.4 #17).
  return {
    platformUserId: isId(from?.id) ? from.id : handle ? `username:${handle}` : 'unknown',
    username: handle,
    profileUrl: handle && /^[\w.]{1,30}$/.test(handle) ? `https://www.instagram.com/${handle}/` : undefined,
  };
}

/** Our own comments and replies (the account answering) are not citizen voices. */
export const isOwn = (c: { from?: IgFrom; username?: string }, igUserId: string, handle?: string): boolean =>
  c.from?.id === igUserId || (Boolean(handle) && (c.from?.username ?? c.username) === handle);

/**
 * A comment or reply on one of the account's media. Replies can only hang under a top-level
 * comment (§2.2c), so a reply's reply target is its top-level parent.
 */
export function mapIgComment(
  c: IgComment,
  igUserId: string,
  media: { id: string; permalink?: string },
  now: Date,
  parentId?: string,
): NormalizedItem {
  if (!isId(c?.id)) throw new Error('comment without a usable id');
  const parent = parentId ?? (isId(c.parent_id) ? c.parent_id : undefined);
  return {
    platform: 'instagram',
    kind: parent ? 'reply' : 'comment',
    accountId: igUserId,
    externalId: c.id,
    dedupeKey: `instagram:${igUserId}:${c.id}`,
    text: str(c.text) ?? '',
    createdAt: iso(c.timestamp, now),
    approximateTime: parseMetaTime(c.timestamp) === undefined,
    author: author(c.from, c.username),
    parentExternalId: parent ?? media.id,
    rootExternalId: media.id,
    // Comments have no permalink of their own.
    permalink: media.permalink,
    replyTarget: {
      platform: 'instagram',
      accountId: igUserId,
      targetId: parent ?? c.id,
      extra: { kind: 'comment', commentId: c.id, mediaId: media.id },
    },
    raw: c,
  };
}

/** Someone else's media the account is photo-tagged in (`/tags`). */
export function mapIgTaggedMedia(m: IgMedia, igUserId: string, now: Date): NormalizedItem {
  return {
    platform: 'instagram',
    kind: 'tag',
    accountId: igUserId,
    externalId: m.id,
    dedupeKey: `instagram:${igUserId}:${m.id}`,
    text: str(m.caption) ?? '',
    createdAt: iso(m.timestamp, now),
    author: author(undefined, m.username),
    rootExternalId: m.id,
    permalink: str(m.permalink),
    attachments: m.media_type ? [{ type: m.media_type.toLowerCase(), id: m.id }] : undefined,
    replyTarget: {
      platform: 'instagram',
      accountId: igUserId,
      targetId: m.id,
      extra: { kind: 'mention', mediaId: m.id },
    },
    raw: m,
  };
}

/** A caption mention (mentioned_media) or a comment mention (mentioned_comment), §2.2a. */
export function mapIgMention(
  body: IgComment | IgMedia,
  igUserId: string,
  mediaId: string,
  commentId: string | undefined,
  now: Date,
): NormalizedItem {
  const c = body as IgComment;
  const m = body as IgMedia;
  const permalink = str(c.media?.permalink) ?? str(m.permalink);
  return {
    platform: 'instagram',
    kind: 'mention',
    accountId: igUserId,
    externalId: body.id,
    dedupeKey: `instagram:${igUserId}:${body.id}`,
    text: str(commentId ? c.text : m.caption) ?? '',
    createdAt: iso(body.timestamp, now),
    author: author(c.from, commentId ? c.username : m.username),
    parentExternalId: commentId ? mediaId : undefined,
    rootExternalId: mediaId,
    permalink,
    replyTarget: {
      platform: 'instagram',
      accountId: igUserId,
      targetId: commentId ?? mediaId,
      extra: { kind: 'mention', mediaId, ...(commentId ? { commentId } : {}) },
    },
    raw: body,
  };
}

// ---- Webhooks (§2.7). Pure: the durable webhook buffer stores the raw body and calls these.

type Obj = Record<string, unknown>;
const obj = (v: unknown): Obj | undefined =>
  typeof v === 'object' && v !== null && !Array.isArray(v) ? (v as Obj) : undefined;

/**
 * A `comments` / `live_comments` change value → NormalizedItem; null when it is ours or unusable.
 * The comment id is `id` in the field reference and `comment_id` in some examples: both read.
 * The value has no timestamp; `entry.time` (the send time) stands in for it.
 */
export function mapInstagramWebhookComment(
  value: unknown,
  accountId: string,
  entryTimeSec?: number,
  now = new Date(),
): NormalizedItem | null {
  const v = obj(value);
  const id = v?.id ?? v?.comment_id;
  if (!v || !isId(id)) return null;
  const from = obj(v.from) as IgFrom | undefined;
  if (from && isOwn({ from }, accountId)) return null;
  const media = obj(v.media);
  const mediaId = isId(media?.id) ? media.id : isId(v.media_id) ? v.media_id : undefined;
  if (!mediaId) return null;
  const comment: IgComment = {
    id,
    text: str(v.text),
    from,
    parent_id: isId(v.parent_id) ? v.parent_id : undefined,
  };
  const item = mapIgComment(comment, accountId, { id: mediaId }, now);
  return {
    ...item,
    createdAt: new Date(entryTimeSec ? entryTimeSec * 1000 : now.getTime()).toISOString(),
    // The delivery's time, not the comment's: a later read gives the real one.
    approximateTime: true,
    raw: value,
  };
}

/** A `mentions` change value carries ids only → what fetchMention must read. */
export function mapInstagramWebhookMention(
  value: unknown,
  accountId: string,
  entryTimeSec?: number,
  now = new Date(),
): InstagramMentionRef | null {
  const v = obj(value);
  if (!v || !isId(v.media_id)) return null;
  return {
    accountId,
    mediaId: v.media_id,
    ...(isId(v.comment_id) ? { commentId: v.comment_id } : {}),
    receivedAt: new Date(entryTimeSec ? entryTimeSec * 1000 : now.getTime()).toISOString(),
  };
}

export interface InstagramWebhookResult {
  items: NormalizedItem[];
  mentions: InstagramMentionRef[];
  /** Changes of other fields (messages, story_insights…) or unusable ones. */
  skipped: number;
}

/** A whole delivery: `entry[].changes[]` or the flat `entry[].field/value` envelope (§2.7). */
export function parseInstagramWebhook(body: unknown, now = new Date()): InstagramWebhookResult {
  const out: InstagramWebhookResult = { items: [], mentions: [], skipped: 0 };
  const b = obj(body);
  if (!b || (b.object !== undefined && b.object !== 'instagram') || !Array.isArray(b.entry)) return out;
  for (const e of b.entry) {
    const entry = obj(e);
    if (!entry || !isId(entry.id)) continue;
    const time = typeof entry.time === 'number' ? entry.time : undefined;
    const changes = Array.isArray(entry.changes)
      ? entry.changes
      : entry.field
        ? [{ field: entry.field, value: entry.value }]
        : [];
    if (Array.isArray(entry.messaging)) out.skipped += entry.messaging.length;
    for (const c of changes) {
      const ch = obj(c);
      if (ch?.field === 'comments' || ch?.field === 'live_comments') {
        const item = mapInstagramWebhookComment(ch.value, entry.id, time, now);
        if (item) out.items.push(item);
        else out.skipped++;
      } else if (ch?.field === 'mentions') {
        const ref = mapInstagramWebhookMention(ch.value, entry.id, time, now);
        if (ref) out.mentions.push(ref);
        else out.skipped++;
      } else out.skipped++;
    }
  }
  return out;
}
