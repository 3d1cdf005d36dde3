import type { AxiosInstance, AxiosResponse } from 'axios';
import type {
  Connector,
  ConnectorAccountContext,
  FetchResult,
  HealthStatus,
  NormalizedItem,
  RejectedItem,
  ItemState,
  RefreshRef,
  ReplyResult,
  ReplyTarget,
} from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { networkError, parseJsonBody } from '../http-client.factory.js';
import { storeRefreshedCredentials } from '../token-refresh.js';
import { classifyXResponse } from './x.errors.js';
import { isListResponse, isLookupResponse, lookupStates, mapListResponse, remapTweet } from './x.mapper.js';
import type { XCreateTweetResponse, XCursor, XListResponse, XSettings, XStreamName, XStreamState, XTokenResponse } from './x.types.js';

const TWEET_FIELDS =
  'created_at,author_id,conversation_id,in_reply_to_user_id,referenced_tweets,lang,entities,edit_history_tweet_ids,attachments,note_tweet';
const USER_FIELDS = 'name,username,profile_image_url,verified,protected';
const EXPANSIONS = 'author_id,referenced_tweets.id';
// Only the most recent 800 mentions are reachable (§3.2): a drain that long may have a gap.
const MENTION_CAP = 800;
// Post lookup takes at most 100 ids a call (§3.2).
const LOOKUP_BATCH = 100;
const LOOKUP_FIELDS = 'created_at,author_id,edit_history_tweet_ids,note_tweet';

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
  private credentials: Record<string, string>;
  private refreshTried = false;

  constructor(
    private readonly http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    private readonly now: () => Date = () => new Date(),
  ) {
    this.settings = account.settings;
    this.credentials = { ...account.credentials };
  }

  private get userId(): string {
    return this.account.externalAccountId;
  }

  /**
   * Reads use the app-only bearer token (it does not expire) when there is one; posting needs the
   * OAuth 2.0 user token (§3.1), which lasts two hours and is refreshed once per connector.
   */
  private token(user: boolean): { value: string; isUser: boolean } {
    const c = this.credentials;
    const value = user ? (c.userAccessToken ?? c.bearerToken) : (c.bearerToken ?? c.userAccessToken);
    if (!value) throw new ConnectorError('auth_expired', 'no X token configured for this account');
    return { value, isUser: value === c.userAccessToken };
  }

  /** One X call with its error mapping; a rejected user token is refreshed once and the call repeated. */
  private async call(
    what: string,
    user: boolean,
    send: (headers: Record<string, string>) => Promise<AxiosResponse<string>>,
    signal?: AbortSignal,
  ): Promise<AxiosResponse<string>> {
    for (;;) {
      const token = this.token(user);
      let res: AxiosResponse<string>;
      try {
        res = await send({ Authorization: `Bearer ${token.value}` });
      } catch (e) {
        throw networkError(e, what);
      }
      const err = classifyXResponse(res, what, this.now());
      if (!err) return res;
      // A 401 means the request was refused, so repeating it (even a post) after a refresh is safe.
      if (err.kind !== 'auth_expired' || !token.isUser || !this.canRefresh()) throw err;
      await this.refresh(signal);
    }
  }

  private canRefresh(): boolean {
    const c = this.credentials;
    return !this.refreshTried && Boolean(c.userRefreshToken && c.clientId);
  }

  /**
   * `POST /2/oauth2/token` with grant_type=refresh_token (§3.1). X rotates refresh tokens, so the new
   * pair is handed to the core to store (encrypted) before it is used.
   */
  private async refresh(signal?: AbortSignal): Promise<void> {
    this.refreshTried = true;
    const what = 'X token refresh';
    const c = this.credentials;
    const form = new URLSearchParams({ grant_type: 'refresh_token', refresh_token: c.userRefreshToken, client_id: c.clientId });
    const headers: Record<string, string> = { 'Content-Type': 'application/x-www-form-urlencoded' };
    // Confidential clients also authenticate with HTTP Basic client credentials.
    if (c.clientSecret) headers.Authorization = `Basic ${Buffer.from(`${c.clientId}:${c.clientSecret}`).toString('base64')}`;
    let res: AxiosResponse<string>;
    try {
      res = await this.http.post<string>('/2/oauth2/token', form.toString(), { headers, signal });
    } catch (e) {
      throw networkError(e, what);
    }
    if (res.status === 429 || res.status >= 500) throw classifyXResponse(res, what, this.now())!;
    let body: XTokenResponse | undefined;
    try {
      body = parseJsonBody(res, what) as XTokenResponse;
    } catch (e) {
      if (res.status < 300) throw e;
    }
    if (res.status >= 300 || typeof body?.access_token !== 'string' || !body.access_token) {
      const reason = body?.error_description ?? body?.error ?? `HTTP ${res.status}`;
      throw new ConnectorError('auth_expired', `${what} refused: ${String(reason).slice(0, 200)}; the account needs a new authorisation`, undefined, res.status);
    }
    const next: Record<string, string> = { ...c, userAccessToken: body.access_token };
    if (typeof body.refresh_token === 'string' && body.refresh_token) next.userRefreshToken = body.refresh_token;
    if (typeof body.expires_in === 'number') next.userAccessTokenExpiresAt = new Date(this.now().getTime() + body.expires_in * 1000).toISOString();
    this.credentials = next;
    await storeRefreshedCredentials(this.account, next, what);
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
    const warnings: string[] = [];
    const rejected: RejectedItem[] = [];
    const items = mapListResponse(res.body, this.userId, stream, warnings, rejected);
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
      rejected,
    };
  }

  remap(raw: unknown): NormalizedItem | null {
    return remapTweet(raw, this.userId);
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
    const res = await this.call(what, false, (headers) => this.http.get<string>(path, { params, headers, signal: opts.signal }), opts.signal);
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
    const res = await this.call(
      what,
      true,
      (headers) =>
        this.http.post<string>(
          '/2/tweets',
          { text, reply: { in_reply_to_tweet_id: target.targetId } },
          { headers: { ...headers, 'Content-Type': 'application/json' }, signal: opts.signal },
        ),
      opts.signal,
    );
    const body = parseJsonBody(res, what) as XCreateTweetResponse;
    if (typeof body?.data?.id !== 'string') throw new ConnectorError('malformed_response', `${what}: no id in response`);
    return { externalId: body.data.id, postedAt: this.now().toISOString(), raw: body };
  }

  /** §6.5: search the conversation for a post by the account with the same text. */
  async findReply(target: ReplyTarget, text: string, opts: { signal?: AbortSignal } = {}): Promise<ReplyResult | null> {
    const what = 'X reply lookup';
    const params = {
      query: `in_reply_to_tweet_id:${target.targetId} from:${this.account.handle}`,
      max_results: 100,
      'tweet.fields': 'created_at,author_id,referenced_tweets',
    };
    const res = await this.call(what, false, (headers) => this.http.get<string>('/2/tweets/search/recent', { params, headers, signal: opts.signal }), opts.signal);
    const body = parseJsonBody(res, what);
    if (!isListResponse(body)) throw new ConnectorError('malformed_response', `${what}: unexpected body shape`);
    const hit = (body.data ?? []).find(
      (t) => t.author_id === this.userId && t.text === text && t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === target.targetId),
    );
    return hit ? { externalId: hit.id, postedAt: hit.created_at ?? this.now().toISOString(), raw: hit } : null;
  }

  /**
   * Re-reads posts by id, 100 a call (`GET /2/tweets?ids=`): a deleted post is a partial
   * resource-not-found error (§3.3, §6.4 #9). The version we know is asked for; if an edit made a
   * newer one, a second lookup reads that (older versions stay readable, §3.3).
   */
  async refreshItems(refs: RefreshRef[], opts: { signal?: AbortSignal } = {}): Promise<ItemState[]> {
    const asked = new Map<string, string>();
    for (const r of refs) {
      const id = r.replyTarget?.targetId ?? r.externalId;
      if (/^\d{1,19}$/.test(id)) asked.set(id, r.externalId);
    }
    const out: ItemState[] = [];
    let round = asked;
    // Two rounds at most: the versions we know, then the newest versions of edited posts.
    for (let i = 0; i < 2 && round.size; i++) {
      const next = new Map<string, string>();
      const ids = [...round.keys()];
      for (let k = 0; k < ids.length; k += LOOKUP_BATCH) {
        const batch = ids.slice(k, k + LOOKUP_BATCH);
        const { states, newer } = lookupStates(await this.lookup(batch, opts.signal), round);
        out.push(...states);
        for (const [id, ext] of newer) next.set(id, ext);
      }
      round = next;
    }
    return out;
  }

  private async lookup(ids: string[], signal?: AbortSignal) {
    const what = 'X post lookup';
    const params = { ids: ids.join(','), 'tweet.fields': LOOKUP_FIELDS };
    const res = await this.call(what, false, (headers) => this.http.get<string>('/2/tweets', { params, headers, signal }), signal);
    const body = parseJsonBody(res, what);
    if (!isLookupResponse(body)) throw new ConnectorError('malformed_response', `${what}: unexpected body shape`, undefined, res.status);
    return body;
  }

  async health(): Promise<HealthStatus> {
    const checkedAt = this.now().toISOString();
    try {
      await this.call('X health', false, (headers) => this.http.get<string>(`/2/users/${encodeURIComponent(this.userId)}`, { headers }));
      return { state: 'ok', checkedAt };
    } catch (e) {
      const err = networkError(e, 'X health');
      const state = err.kind === 'auth_expired' ? 'auth_expired' : err.kind === 'permission' ? 'permission_missing' : err.kind === 'rate_limited' ? 'rate_limited' : 'down';
      return { state, checkedAt, detail: err.message, retryAt: err.retryAt?.toISOString() };
    }
  }
}
