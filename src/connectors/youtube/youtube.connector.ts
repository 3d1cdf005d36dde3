import type { Connector, ConnectorAccountContext, FetchResult, HealthStatus, ItemState, ReplyResult, ReplyTarget } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { arr, obj, str } from '../kit/clean.js';
import { mapEachSafely } from '../kit/item-guard.js';
import type { QuotaBudget } from '../kit/quota-budget.js';
import type { YouTubeClient } from './youtube.client.js';
import { parseYouTubeCursor, scanStep } from './youtube.scan.js';
import { commentState, isOwnComment } from './youtube.mapper.js';
import type { YtComment, YtCursor, YtListResponse } from './youtube.types.js';

const MAX_TEXT = 10_000; // comments.insert rejects longer text (commentTextTooLong)
const FIND_PAGES = 3;

/**
 * YouTube Data API v3 (platform-apis.md §8): the channel's comment threads through
 * commentThreads.list?allThreadsRelatedToChannelId. That is one call (1 unit, or 5 under the
 * per-part model) per 100 threads across every video; the per-video route through the uploads
 * playlist costs one playlistItems.list per 50 videos plus one commentThreads.list per video on
 * every poll, hundreds of units for a channel with hundreds of videos. See youtube.scan.ts for the
 * incremental walk, and kit/quota-budget.ts for the daily budget every call is charged to.
 */
export class YouTubeConnector implements Connector {
  readonly platform = 'youtube' as const;

  constructor(
    private readonly client: YouTubeClient,
    private readonly account: ConnectorAccountContext,
    private readonly budget: QuotaBudget,
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get channelId(): string {
    return this.account.externalAccountId;
  }

  async fetchSince(raw: string | null, opts: { maxItems?: number; signal?: AbortSignal } = {}): Promise<FetchResult> {
    const cursor = parseYouTubeCursor(raw, this.now(), this.account.settings);
    const step = await scanStep(this.client, this.channelId, cursor, this.account.settings, this.now(), opts.signal);
    const q = await this.budget.snapshot();
    return {
      items: step.items,
      nextCursor: JSON.stringify(step.cursor satisfies YtCursor),
      hasMore: step.hasMore,
      warnings: step.warnings,
      rejected: step.rejected,
      rateLimit: { remaining: Math.max(0, q.limit - q.spent), limit: q.limit, resetAt: q.resetAt },
    };
  }

  /** comments.insert under the thread's top-level comment (§8.3): 50 units, from the reply reserve. */
  async reply(target: ReplyTarget, text: string, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<ReplyResult> {
    if (text.length > MAX_TEXT) throw new ConnectorError('invalid_request', `YouTube comments are limited to ${MAX_TEXT} characters`);
    const res = await this.client.call('comments.insert', 'write', { verb: 'POST', path: '/youtube/v3/comments', params: { part: 'snippet' }, body: { snippet: { parentId: target.targetId, textOriginal: text } } }, opts.signal);
    const id = res.paced ? undefined : str(obj(res.body)?.id);
    if (!id) throw new ConnectorError('malformed_response', 'YouTube comments.insert: no comment id in the response');
    return { externalId: id, postedAt: this.now().toISOString(), raw: { id } };
  }

  /** After an unknown outcome: the channel's reply with this text under the thread, if any (§6.5). */
  async findReply(target: ReplyTarget, text: string, opts: { signal?: AbortSignal } = {}): Promise<ReplyResult | null> {
    let pageToken: string | undefined;
    for (let page = 0; page < FIND_PAGES; page++) {
      const params: Record<string, string> = { part: 'snippet', parentId: target.targetId, maxResults: '100', textFormat: 'plainText' };
      if (pageToken) params.pageToken = pageToken;
      const res = await this.client.call('comments.list', 'write', { verb: 'GET', path: '/youtube/v3/comments', params }, opts.signal);
      if (res.paced) return null;
      const body = obj(res.body) as YtListResponse<YtComment> | undefined;
      for (const c of arr(body?.items) as YtComment[]) {
        const s = obj(c?.snippet);
        if (isOwnComment(c, this.channelId) && (str(s?.textOriginal) ?? str(s?.textDisplay) ?? '').trim() === text.trim() && str(c.id))
          return { externalId: str(c.id)!, postedAt: str(s?.publishedAt) ?? this.now().toISOString(), raw: { id: c.id } };
      }
      pageToken = str(body?.nextPageToken);
      if (!pageToken) break;
    }
    return null;
  }

  /** comments.list?id= (1 unit per 50): edits and deletions of open cases' comments (§6.4 #9–10). */
  async refreshItems(refs: Array<{ externalId: string; replyTarget: ReplyTarget }>): Promise<ItemState[]> {
    const out: ItemState[] = [];
    for (let i = 0; i < refs.length; i += 50) {
      const ids = refs.slice(i, i + 50).map((r) => r.externalId);
      const res = await this.client.call('comments.list', 'read', { verb: 'GET', path: '/youtube/v3/comments', params: { part: 'snippet', id: ids.join(','), textFormat: 'plainText', maxResults: '50' } });
      if (res.paced) break; // the budget says later: the next refresh round picks them up
      const found = new Map<string, ItemState>();
      const warnings: string[] = [];
      for (const s of mapEachSafely(arr(obj(res.body)?.items) as YtComment[], commentState, (c) => str(obj(c)?.id) ?? '?', warnings)) found.set(s.externalId, s);
      for (const id of ids) out.push(found.get(id) ?? { externalId: id, deleted: true });
    }
    return out;
  }

  async health(): Promise<HealthStatus> {
    const checkedAt = this.now().toISOString();
    try {
      const res = await this.client.call('channels.list', 'read', { verb: 'GET', path: '/youtube/v3/channels', params: { part: 'id', id: this.channelId } });
      if (res.paced) return { state: 'ok', checkedAt, detail: `quota paced: ${res.reason}` };
      if (!arr(obj(res.body)?.items).length) return { state: 'permission_missing', checkedAt, detail: `channel ${this.channelId} not found` };
      return { state: 'ok', checkedAt };
    } catch (e) {
      const err = e instanceof ConnectorError ? e : new ConnectorError('transient', String(e));
      const state = err.kind === 'auth_expired' ? 'auth_expired' : err.kind === 'permission' ? 'permission_missing' : err.kind === 'quota_exhausted' ? 'quota_exhausted' : err.kind === 'rate_limited' ? 'rate_limited' : 'down';
      return { state, checkedAt, detail: err.message, retryAt: err.retryAt?.toISOString() };
    }
  }
}

