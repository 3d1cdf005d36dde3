import type { Connector, FetchResult, HealthStatus, ItemState, NormalizedItem, RefreshRef, ReplyResult, ReplyTarget } from '../connector.interface.js';
import type { WebhookBufferReader } from '../whatsapp/whatsapp.connector.js';
import type { InstagramConnector } from './instagram.connector.js';
import type { InstagramMentionRef } from './instagram.types.js';
import { parseInstagramWebhook } from './instagram.mapper.js';

const PAGE = 50;

interface DrainCursor {
  v: 1;
  seq: string;
  poll: string | null;
}

export interface BufferEventDraft {
  accountExternalId: string;
  kind: 'comment' | 'mention';
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/** Splits an Instagram webhook delivery into buffer events: comments as items, mentions as ids to read (§2.7). */
export function splitInstagramWebhook(body: unknown): BufferEventDraft[] {
  const parsed = parseInstagramWebhook(body);
  return [
    ...parsed.items.map((item) => ({ accountExternalId: item.accountId, kind: 'comment' as const, dedupeKey: `ig:c:${item.accountId}:${item.externalId}`, payload: { item } })),
    ...parsed.mentions.map((ref) => ({
      accountExternalId: ref.accountId,
      kind: 'mention' as const,
      dedupeKey: `ig:m:${ref.accountId}:${ref.mediaId}:${ref.commentId ?? ''}`,
      payload: { ref },
    })),
  ];
}

/**
 * Instagram = webhook buffer (mentions exist only as webhooks, §2.7) + the comment poll. Each
 * call first drains buffered events (mention ids are read with mentioned_media/mentioned_comment),
 * then takes one polling step; the cursor keeps both positions.
 */
export class InstagramWebhookDrain implements Connector {
  readonly platform = 'instagram' as const;

  constructor(
    private readonly inner: InstagramConnector,
    private readonly buffer: WebhookBufferReader,
    private readonly igUserId: string,
  ) {}

  async fetchSince(raw: string | null, opts?: { maxItems?: number; signal?: AbortSignal }): Promise<FetchResult> {
    let c: DrainCursor = { v: 1, seq: '0', poll: null };
    if (raw) {
      const parsed = JSON.parse(raw) as Partial<DrainCursor>;
      // A cursor stored before webhooks were drained belongs to the poll alone.
      c = parsed.v === 1 && typeof parsed.seq === 'string' ? (parsed as DrainCursor) : { v: 1, seq: '0', poll: raw };
    }
    const rows = await this.buffer.readAfter('instagram', this.igUserId, c.seq, PAGE, ['comment', 'mention']);
    if (rows.length) {
      const items: NormalizedItem[] = [];
      // The cursor after each item: an item that fails to store is retried in order, then set aside.
      const itemCursors: string[] = [];
      for (const r of rows) {
        let item: NormalizedItem | null;
        if (r.kind === 'comment') item = (r.payload as { item: NormalizedItem }).item;
        else {
          const ref = (r.payload as { ref: InstagramMentionRef }).ref;
          item = await this.inner.fetchMention(ref.mediaId, ref.commentId, { signal: opts?.signal });
        }
        if (!item) continue;
        items.push(item);
        itemCursors.push(JSON.stringify({ ...c, seq: r.seq }));
      }
      return { items, itemCursors, nextCursor: JSON.stringify({ ...c, seq: rows[rows.length - 1].seq }), hasMore: true };
    }
    const step = await this.inner.fetchSince(c.poll, opts);
    return { ...step, nextCursor: JSON.stringify({ ...c, poll: step.nextCursor }) };
  }

  reply(target: ReplyTarget, text: string, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<ReplyResult> {
    return this.inner.reply(target, text, opts);
  }

  findReply(target: ReplyTarget, text: string, opts?: { signal?: AbortSignal; notBefore?: Date }): Promise<ReplyResult | null> {
    return this.inner.findReply(target, text, opts);
  }

  refreshItems(refs: RefreshRef[], opts?: { signal?: AbortSignal }): Promise<ItemState[]> {
    return this.inner.refreshItems(refs, opts);
  }

  health(): Promise<HealthStatus> {
    return this.inner.health();
  }
}
