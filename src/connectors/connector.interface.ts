// The contract every platform connector implements (platform-apis.md §6.1).
//
// To add a platform: create src/connectors/<platform>/ with the same five files as x/ (a
// connector that only does HTTP, a mapper of pure functions from platform JSON to NormalizedItem,
// an error classifier to ConnectorError kinds, the wire types, and specs), a fake server in
// src/fakes/, then register its factory in connectors.module.ts. Nothing else switches on platform.
// Shared pieces are in kit/ (telegram/ and youtube/ use them): platformCall with an error table,
// mapEachSafely for per-item failures, value cleaning, and a daily quota budget.
import type { HealthState, Platform } from '../common/platform.js';

export type ItemKind = 'post' | 'comment' | 'reply' | 'mention' | 'tag' | 'direct_message';

export interface NormalizedAuthor {
  platformUserId: string;
  displayName?: string;
  username?: string;
  avatarUrl?: string;
  profileUrl?: string;
  phoneE164?: string;
}

export interface ReplyTarget {
  platform: Platform;
  accountId: string;
  targetId: string;
  extra?: Record<string, string>;
}

export interface NormalizedItem {
  platform: Platform;
  kind: ItemKind;
  /** The platform's id of the account that received the item. */
  accountId: string;
  externalId: string;
  dedupeKey: string;
  text: string;
  createdAt: string;
  editedAt?: string;
  author: NormalizedAuthor;
  parentExternalId?: string;
  rootExternalId?: string;
  permalink?: string;
  lang?: string;
  attachments?: Array<{ type: string; url?: string; id?: string }>;
  replyTarget: ReplyTarget;
  deleted?: boolean;
  /** The mapper had no real creation time and used a stand-in (delivery time, now). */
  approximateTime?: boolean;
  raw: unknown;
}

/** An item the connector could not map: quarantined with its raw JSON, never dropped. */
export interface RejectedItem {
  externalId?: string;
  error: string;
  /** The platform JSON, with what `remap` needs to try it again. */
  raw: unknown;
}

export interface RateLimitSnapshot {
  remaining?: number;
  limit?: number;
  resetAt?: string;
  usagePercent?: number;
  regainAccessAt?: string;
}

export interface FetchResult {
  items: NormalizedItem[];
  /** Opaque, versioned JSON; stored by the core only after `items` are durably upserted. */
  nextCursor: string;
  /** True: call again soon with nextCursor (more pages, or another stream of this account). */
  hasMore: boolean;
  rateLimit?: RateLimitSnapshot;
  warnings?: string[];
  /** Items that could not be mapped (wrong shape, hostile content): quarantined, the cursor moves. */
  rejected?: RejectedItem[];
  /**
   * Ordered drains (webhook buffers): the cursor just after each of `items`. An item that fails to
   * store is then retried in order up to WEBHOOK_DRAIN_MAX_ATTEMPTS before it is set aside.
   */
  itemCursors?: string[];
}

export interface ReplyResult {
  externalId: string;
  postedAt: string;
  raw: unknown;
}

export interface HealthStatus {
  state: HealthState;
  checkedAt: string;
  detail?: string;
  retryAt?: string;
}

/**
 * The current state of an item re-read by id (edits and deletions are invisible to watermarks,
 * §6.4 #9–10). A connector returns a state only when the platform answered for that item:
 * `deleted` only on a definite "not found", never on an error (a permission error is no deletion).
 */
export interface ItemState {
  externalId: string;
  deleted: boolean;
  text?: string;
  editedAt?: string;
  /** The id to answer now, when an edit gave the item a new one (X, §3.3). */
  replyTargetId?: string;
}

/** One stored item to re-read: its id, how to reach it, and what it is. */
export interface RefreshRef {
  externalId: string;
  replyTarget: ReplyTarget;
  kind?: ItemKind;
}

export interface Connector {
  readonly platform: Platform;
  /** Fetches one page (or one step) of new items after `cursor`. Throws ConnectorError. */
  fetchSince(cursor: string | null, opts?: { maxItems?: number; signal?: AbortSignal }): Promise<FetchResult>;
  /** Posts a public reply (or WhatsApp message) as the account. Never retried blindly (§6.5). */
  reply(target: ReplyTarget, text: string, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<ReplyResult>;
  /**
   * After an unknown outcome (timeout, 5xx) of reply(): looks for a reply by the account to
   * `target` with this text, where the platform files it, so a retry never posts twice (§6.5).
   * `notBefore`: when the reply was first sent; older look-alikes are not it. null = not found.
   */
  findReply(target: ReplyTarget, text: string, opts?: { signal?: AbortSignal; notBefore?: Date }): Promise<ReplyResult | null>;
  /**
   * Re-reads items by id, batched as the platform allows (X 100 a call, Graph 50). Items the
   * platform definitely no longer has come back deleted; items it could not answer for are left
   * out. Throws ConnectorError for account-wide failures (rate limit, auth). Optional per platform.
   */
  refreshItems?(refs: RefreshRef[], opts?: { signal?: AbortSignal }): Promise<ItemState[]>;
  /**
   * false: the platform offers no way to look for a sent reply (Telegram, §7.9), so findReply
   * cannot answer and an unknown outcome is never retried: it goes to a person as `uncertain`.
   */
  readonly canFindReply?: boolean;
  health(): Promise<HealthStatus>;
  /** Maps a quarantined item's raw JSON (RejectedItem.raw) again, for "coba lagi". Optional. */
  remap?(raw: unknown): NormalizedItem | null;
}

/** What a connector knows of the account it serves; credentials arrive decrypted. */
export interface ConnectorAccountContext {
  id: string;
  externalAccountId: string;
  handle: string;
  settings: Record<string, unknown>;
  credentials: Record<string, string>;
  /** Called when a connector refreshed its tokens itself (TikTok, §4.1); stores the new set. */
  onCredentialsRefreshed?: (credentials: Record<string, string>) => Promise<void>;
}

/** One per platform, registered under CONNECTOR_FACTORIES; builds a connector for an account. */
export interface ConnectorFactory {
  readonly platform: Platform;
  create(account: ConnectorAccountContext): Connector;
}

export const CONNECTOR_FACTORIES = Symbol('CONNECTOR_FACTORIES');
