import type { ItemState, NormalizedItem, RejectedItem } from '../connector.interface.js';
import { mapEachSafely } from '../kit/item-guard.js';
import type { XListResponse, XLookupResponse, XTweet, XUser } from './x.types.js';

// Pure functions: X JSON → NormalizedItem (platform-apis.md §3.3, §6.3).

/** The id a tweet had when first posted: edits get new ids, the first stays (§3.3). */
export const originalTweetId = (t: XTweet): string => t.edit_history_tweet_ids?.[0] ?? t.id;

export function mapTweet(t: XTweet, users: Map<string, XUser>, accountUserId: string, stream: 'mentions' | 'search'): NormalizedItem | null {
  // Our own posts (replies by the regency) and plain retweets are not citizen voices.
  if (t.author_id === accountUserId) return null;
  if (t.referenced_tweets?.some((r) => r.type === 'retweeted')) return null;
  const externalId = originalTweetId(t);
  // Ids are strings on X's wire (§3.3); a number has already lost digits past 2^53.
  if (typeof externalId !== 'string' || typeof t.id !== 'string' || !/^\d{1,40}$/.test(externalId) || !/^\d{1,40}$/.test(t.id)) throw new Error('tweet id is not a numeric string');
  const created = t.created_at ? new Date(t.created_at) : undefined;
  if (created && !Number.isFinite(created.getTime())) throw new Error(`tweet ${t.id}: created_at is not a time`);
  const author = t.author_id ? users.get(t.author_id) : undefined;
  const repliedTo = t.referenced_tweets?.find((r) => r.type === 'replied_to');
  const username = author?.username;
  return {
    platform: 'x',
    kind: repliedTo ? 'reply' : stream === 'mentions' ? 'mention' : 'post',
    accountId: accountUserId,
    externalId,
    dedupeKey: `x:${accountUserId}:${externalId}`,
    text: t.note_tweet?.text ?? t.text ?? '',
    createdAt: (created ?? new Date()).toISOString(),
    approximateTime: !created,
    editedAt: externalId !== t.id ? new Date().toISOString() : undefined,
    author: {
      platformUserId: typeof t.author_id === 'string' ? t.author_id : 'unknown',
      displayName: author?.name,
      username,
      avatarUrl: author?.profile_image_url,
      profileUrl: username ? `https://x.com/${username}` : undefined,
    },
    parentExternalId: repliedTo?.id,
    rootExternalId: t.conversation_id,
    // Not an API field; the public URL pattern (§3.3).
    permalink: `https://x.com/${username ?? 'i/web'}/status/${t.id}`,
    lang: t.lang,
    attachments: t.attachments?.media_keys?.map((k) => ({ type: 'media', id: k })),
    replyTarget: { platform: 'x', accountId: accountUserId, targetId: t.id },
    raw: t,
  };
}

/** One tweet with what mapping it needs, kept as the raw of a quarantined tweet (remapped by "coba lagi"). */
export interface XTweetEnvelope {
  tweet: XTweet;
  user?: XUser;
  stream: 'mentions' | 'search';
}

export function mapListResponse(res: XListResponse, accountUserId: string, stream: 'mentions' | 'search', warnings: string[] = [], rejected: RejectedItem[] = []): NormalizedItem[] {
  const users = new Map((Array.isArray(res.includes?.users) ? res.includes.users : []).filter((u) => u && typeof u === 'object').map((u) => [u.id, u]));
  return mapEachSafely(
    Array.isArray(res.data) ? res.data : [],
    (t) => mapTweet(t, users, accountUserId, stream),
    (t) => String((t as Partial<XTweet> | null)?.id ?? '?'),
    warnings,
    rejected,
    (t): XTweetEnvelope => ({ tweet: t, user: users.get(t?.author_id ?? ''), stream }),
  );
}

export function remapTweet(raw: unknown, accountUserId: string): NormalizedItem | null {
  const e = raw as Partial<XTweetEnvelope> | null;
  if (!e?.tweet || typeof e.tweet !== 'object') throw new Error('not a kept X tweet');
  return mapTweet(e.tweet, new Map(e.user ? [[e.user.id, e.user]] : []), accountUserId, e.stream === 'search' ? 'search' : 'mentions');
}

export function isListResponse(body: unknown): body is XListResponse {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  if (typeof b.meta !== 'object' || b.meta === null) return false;
  if (b.data !== undefined && !Array.isArray(b.data)) return false;
  return (b.data as unknown[] | undefined)?.every(
    (t) => typeof t === 'object' && t !== null && typeof (t as XTweet).id === 'string' && /^\d+$/.test((t as XTweet).id),
  ) ?? true;
}

/** Post lookup (`GET /2/tweets?ids=`): data is an array, errors name the ids it could not return. */
export function isLookupResponse(body: unknown): body is XLookupResponse {
  if (typeof body !== 'object' || body === null) return false;
  const b = body as Record<string, unknown>;
  if (b.data !== undefined && !Array.isArray(b.data)) return false;
  if (b.errors !== undefined && !Array.isArray(b.errors)) return false;
  return ((b.data as unknown[] | undefined) ?? []).every((t) => typeof t === 'object' && t !== null && typeof (t as XTweet).id === 'string');
}

const NOT_FOUND_TYPE = /\/problems\/resource-not-found$/;

/**
 * What one lookup says of the asked ids (keys of `asked`, each the id of the version we know):
 * a resource-not-found error marks the post deleted (§3.3: every version goes with it); a
 * not-authorized error (protected, suspended) says nothing. A version superseded by an edit is
 * returned in `newer` (newest id → our external id) to be read in a second lookup.
 */
export function lookupStates(res: XLookupResponse, asked: Map<string, string>): { states: ItemState[]; newer: Map<string, string> } {
  const states: ItemState[] = [];
  const newer = new Map<string, string>();
  for (const t of res.data ?? []) {
    const externalId = asked.get(t.id);
    if (!externalId) continue;
    const latest = t.edit_history_tweet_ids?.[t.edit_history_tweet_ids.length - 1] ?? t.id;
    if (latest !== t.id && /^\d{1,19}$/.test(latest)) newer.set(latest, externalId);
    else
      states.push({
        externalId,
        deleted: false,
        text: t.note_tweet?.text ?? t.text ?? '',
        replyTargetId: t.id,
        ...(t.id !== externalId && t.created_at ? { editedAt: new Date(t.created_at).toISOString() } : {}),
      });
  }
  for (const e of res.errors ?? []) {
    const id = e.resource_id ?? e.value;
    const externalId = typeof id === 'string' ? asked.get(id) : undefined;
    if (externalId && (NOT_FOUND_TYPE.test(e.type ?? '') || e.title === 'Not Found Error')) states.push({ externalId, deleted: true });
  }
  return { states, newer };
}
