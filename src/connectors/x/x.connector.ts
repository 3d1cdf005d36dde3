import type { AxiosInstance, AxiosResponse } from 'axios';
import type {
  Connector,
  ConnectorAccountContext,
  FetchResult,
  HealthStatus,
  ReplyResult,
  ReplyTarget,
} from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { networkError, parseJsonBody } from '../http-client.factory.js';
import { classifyXResponse } from './x.errors.js';
import { isListResponse, mapListResponse } from './x.mapper.js';
import type { XCreateTweetResponse, XCursor, XListResponse, XSettings, XStreamName, XStreamState } from './x.types.js';

const TWEET_FIELDS =
  'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,lang,entities,edit_history_tweet_ids,attachments,note_tweet';
const USER_FIELDS = 'name,username,profile_image_url,verified,protected';
const EXPANSIONS = 'author_id,referenced_tweets.id';
// Only the most recent 800 mentions are reachable (§3.2): a drain that long may have a gap.
const MENTION_CAP = 800;

export function parseXCursor(raw: string | null): XCursor {
  if (!raw) return { v: 1, streams: {} };
  let c: unknown;
  try {
    c = JSON.parse(raw);
  } catch {
    throw new ConnectorError('invalid_request', 'stored X cursor is not JSON');
  }
  if (typeof c !== 'object' || c === null || (c as XCursor).v !== 1) throw new ConnectorError('invalid_request', 'stored X cursor has an unknown version');
  return { ...(c as XCursor), streams: (c as XCursor).streams ?? {} };
}

/**
 * X API v2 (platform-apis.md §3): the account's mentions and, optionally, a recent-search query.
 * One call of fetchSince fetches one page; `since_id` stays fixed while a drain pages through
 * `next_token`, and only after the last page does the cursor move to the first page's newest id.
 */
export class XConnector implements Connector {
  readonly platform = 'x' as const;
  private readonly settings: XSettings;

  constructor(
    private readonly http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.settings = account.settings;
  }

  private get userId(): string {
    return this.account.externalAccountId;
  }

  private authHeader(user = false): Record<string, string> {
    const token = user ? (this.account.credentials.userAccessToken ?? this.account.credentials.bearerToken) : this.account.credentials.bearerToken;
    if (!token) throw new ConnectorError('auth_expired', 'no X token configured for this account');
    return { Authorization: `Bearer ${token}` };
  }

  private streams(): XStreamName[] {
    return this.settings.searchQuery ? ['mentions', 'search'] : ['mentions'];
  }

  async fetchSince(rawCursor: string | null, opts: { maxItems?: number; signal?: AbortSignal } = {}): Promise<FetchResult> {
    const cursor = parseXCursor(rawCursor);
    const all = this.streams();
    // Continue a drain first; then the rest of the current round; else start a new round.
    let stream = all.find((s) => cursor.streams[s]?.drain);
    let remaining = (cursor.remaining ?? []).filter((s) => all.includes(s));
    if (!stream) {
      if (!remaining.length) remaining = [...all];
      stream = remaining[0];
    }
    let state: XStreamState = { ...(cursor.streams[stream] ?? {}) };
    if (stream === 'search' && state.query !== this.settings.searchQuery) state = { query: this.settings.searchQuery };

    const sinceId = state.drain ? state.drain.sinceId : state.sinceId;
    const res = await this.page(stream, sinceId, state.drain?.token, opts);
    const items = mapListResponse(res.body, this.userId, stream);
    const warnings: string[] = [];
    for (const e of res.body.errors ?? []) warnings.push(`partial error: ${e.title ?? ''} ${e.resource_id ?? ''}`.trim());

    const count = (state.drain?.count ?? 0) + (res.body.data?.length ?? 0);
    const firstNewestId = state.drain ? state.drain.firstNewestId : res.body.meta.newest_id;
    if (res.body.meta.next_token) {
      state.drain = { sinceId, token: res.body.meta.next_token, firstNewestId, count };
    } else {
      if (stream === 'mentions' && count >= MENTION_CAP) warnings.push(`possible gap: ${count} mentions in one poll reached the reachable cap`);
      state.sinceId = firstNewestId ?? state.sinceId;
      delete state.drain;
      remaining = remaining.filter((s) => s !== stream);
    }
    const next: XCursor = {
      v: 1,
      streams: { ...cursor.streams, [stream]: state },
      ...(remaining.length ? { remaining } : {}),
    };
    return {
      items,
      nextCursor: JSON.stringify(next),
      hasMore: Boolean(state.drain) || remaining.length > 0,
      rateLimit: res.rateLimit,
      warnings: warnings.length ? warnings : undefined,
    };
  }

  private async page(
    stream: XStreamName,
    sinceId: string | undefined,
    token: string | undefined,
    opts: { maxItems?: number; signal?: AbortSignal },
  ): Promise<{ body: XListResponse; rateLimit: FetchResult['rateLimit'] }> {
    const max = Math.min(100, Math.max(stream === 'mentions' ? 5 : 10, opts.maxItems ?? 100));
    const params: Record<string, string | number> = {
      max_results: max,
      'tweet.fields': TWEET_FIELDS,
      expansions: EXPANSIONS,
      'user.fields': USER_FIELDS,
    };
    if (sinceId) params.since_id = sinceId;
    else if (!token) {
      const hours = Math.min(this.settings.backfillHours ?? 24, stream === 'search' ? 24 * 7 - 1 : 24 * 30);
      params.start_time = new Date(this.now().getTime() - hours * 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
    }
    let path: string;
    if (stream === 'mentions') {
      path = `/2/users/${encodeURIComponent(this.userId)}/mentions`;
      if (token) params.pagination_token = token;
    } else {
      path = '/2/tweets/search/recent';
      params.query = this.settings.searchQuery!;
      if (token) params.next_token = token;
    }
    const what = `X ${stream}`;
    let res: AxiosResponse<string>;
    try {
      res = await this.http.get<string>(path, { params, headers: this.authHeader(), signal: opts.signal });
    } catch (e) {
      throw networkError(e, what);
    }
    const err = classifyXResponse(res, what, this.now());
    if (err) throw err;
    const body = parseJsonBody(res, what);
    if (!isListResponse(body)) throw new ConnectorError('malformed_response', `${what}: unexpected body shape`, undefined, res.status);
    const num = (h: string): number | undefined => (res.headers[h] !== undefined ? Number(res.headers[h]) : undefined);
    const reset = num('x-rate-limit-reset');
    return {
      body,
      rateLimit: {
        limit: num('x-rate-limit-limit'),
        remaining: num('x-rate-limit-remaining'),
        resetAt: reset ? new Date(reset * 1000).toISOString() : undefined,
      },
    };
  }

  async reply(target: ReplyTarget, text: string, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<ReplyResult> {
    const what = 'X reply';
    let res: AxiosResponse<string>;
    try {
      res = await this.http.post<string>(
        '/2/tweets',
        { text, reply: { in_reply_to_tweet_id: target.targetId } },
        { headers: { ...this.authHeader(true), 'Content-Type': 'application/json' }, signal: opts.signal },
      );
    } catch (e) {
      throw networkError(e, what);
    }
    const err = classifyXResponse(res, what, this.now());
    if (err) throw err;
    const body = parseJsonBody(res, what) as XCreateTweetResponse;
    if (typeof body?.data?.id !== 'string') throw new ConnectorError('malformed_response', `${what}: no id in response`);
    return { externalId: body.data.id, postedAt: this.now().toISOString(), raw: body };
  }

  /** §6.5: search the conversation for a post by the account with the same text. */
  async findReply(target: ReplyTarget, text: string, opts: { signal?: AbortSignal } = {}): Promise<ReplyResult | null> {
    const what = 'X reply lookup';
    let res: AxiosResponse<string>;
    try {
      res = await this.http.get<string>('/2/tweets/search/recent', {
        params: {
          query: `in_reply_to_tweet_id:${target.targetId} from:${this.account.handle}`,
          max_results: 100,
          'tweet.fields': 'created_at,author_id,referenced_tweets',
        },
        headers: this.authHeader(),
        signal: opts.signal,
      });
    } catch (e) {
      throw networkError(e, what);
    }
    const err = classifyXResponse(res, what, this.now());
    if (err) throw err;
    const body = parseJsonBody(res, what);
    if (!isListResponse(body)) throw new ConnectorError('malformed_response', `${what}: unexpected body shape`);
    const hit = (body.data ?? []).find(
      (t) => t.author_id === this.userId && t.text === text && t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === target.targetId),
    );
    return hit ? { externalId: hit.id, postedAt: hit.created_at ?? this.now().toISOString(), raw: hit } : null;
  }

  async health(): Promise<HealthStatus> {
    const checkedAt = this.now().toISOString();
    try {
      const res = await this.http.get<string>(`/2/users/${encodeURIComponent(this.userId)}`, { headers: this.authHeader() });
      const err = classifyXResponse(res, 'X health');
      if (!err) return { state: 'ok', checkedAt };
      throw err;
    } catch (e) {
      const err = networkError(e, 'X health');
      const state = err.kind === 'auth_expired' ? 'auth_expired' : err.kind === 'permission' ? 'permission_missing' : err.kind === 'rate_limited' ? 'rate_limited' : 'down';
      return { state, checkedAt, detail: err.message, retryAt: err.retryAt?.toISOString() };
    }
  }
}
