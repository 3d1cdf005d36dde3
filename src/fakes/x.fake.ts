import { FakeServer, type Fault, type FakeRequest, type FakeResponse } from './fake-server.js';

// Fake X API v2 (platform-apis.md §3.8): mentions, recent search, users, posting, with X's
// problem-JSON error channel, x-rate-limit-* headers and stable pagination tokens.

export interface XFakeTweet {
  id: string;
  text: string;
  author_id: string;
  created_at: string;
  conversation_id: string;
  referenced_tweets?: Array<{ type: 'replied_to' | 'quoted' | 'retweeted'; id: string }>;
  edit_history_tweet_ids: string[];
  lang: string;
  /** Ids of users the tweet mentions (drives the mentions timeline). */
  mentions: string[];
  /** Superseded by an edit, or deleted: not returned by timelines. */
  hidden?: boolean;
  /** Deleted by its author: gone from lookups too (a superseded version still answers by id). */
  deleted?: boolean;
  /** The author limits who may reply (reply_settings): the account's replies get a 403. */
  repliesRestricted?: boolean;
  /** The author's account is protected or suspended: lookups answer "not authorized". */
  notVisible?: boolean;
}

export interface XFakeUser {
  id: string;
  name: string;
  username: string;
  profile_image_url?: string;
}

export interface AddTweetInput {
  text: string;
  author?: { id?: string; username?: string; name?: string };
  mentionsAccount?: boolean;
  createdAt?: string;
  replyTo?: string;
  lang?: string;
}

export interface XFakeOptions {
  accountUserId?: string;
  accountUsername?: string;
  bearerTokens?: string[];
  userTokens?: string[];
  /** OAuth 2.0 refresh tokens accepted by POST /2/oauth2/token (each is spent when used). */
  refreshTokens?: string[];
  clientId?: string;
  /** Set for a confidential client: the token endpoint then demands HTTP Basic client credentials. */
  clientSecret?: string;
  /** Largest page the fake serves, whatever max_results asks (to force paging in tests). */
  maxPageSize?: number;
  /** Repeat the last item of each page at the top of the next one (duplicate across pages). */
  duplicateAcrossPages?: boolean;
  /** Requests per 15-minute window per token and endpoint. */
  rateLimit?: number;
}

const WINDOW_MS = 15 * 60_000;
const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const unb64 = <T>(s: string): T => JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as T;

export class XFake extends FakeServer {
  readonly accountUserId: string;
  readonly accountUsername: string;
  private opts: Required<XFakeOptions>;
  private tweets: XFakeTweet[] = [];
  private users = new Map<string, XFakeUser>();
  private nextId = 1893000000000000001n;
  private nextUser = 1200000000000000001n;
  private windows = new Map<string, { start: number; count: number }>();
  readonly expiredTokens = new Set<string>();
  /** Replies posted through POST /2/tweets. */
  readonly posted: XFakeTweet[] = [];
  refreshCount = 0;
  /** The account lost the right to post (client-forbidden 403 on POST /2/tweets). */
  postingForbidden = false;
  private tokenSeq = 0;

  constructor(opts: XFakeOptions = {}) {
    super();
    this.accountUserId = opts.accountUserId ?? '1100000000000000001';
    this.accountUsername = opts.accountUsername ?? 'pemkabsinjai';
    this.opts = {
      accountUserId: this.accountUserId,
      accountUsername: this.accountUsername,
      bearerTokens: opts.bearerTokens ?? ['x-app-token'],
      userTokens: opts.userTokens ?? ['x-user-token'],
      refreshTokens: opts.refreshTokens ?? ['x-refresh-token'],
      clientId: opts.clientId ?? 'x-client-id',
      clientSecret: opts.clientSecret ?? '',
      maxPageSize: opts.maxPageSize ?? 100,
      duplicateAcrossPages: opts.duplicateAcrossPages ?? false,
      rateLimit: opts.rateLimit ?? 450,
    };
    this.users.set(this.accountUserId, { id: this.accountUserId, name: 'Pemkab Sinjai', username: this.accountUsername });
  }

  /**
   * Demo restarts (issue 12 §4): ids continue from the clock, so a restarted fake never hands out
   * an id it gave before (X: always higher, as since_id needs).
   */
  continueIdsFrom(nowMs = Date.now()): void {
    // Snowflake-like: milliseconds shifted by 22 bits, like X's own ids (§3.3).
    const seed = BigInt(Math.floor(nowMs)) << 22n;
    if (seed > this.nextId) this.nextId = seed;
  }

  configure(o: Partial<XFakeOptions>): void {
    this.opts = { ...this.opts, ...o };
  }

  protected resetState(): void {
    this.tweets = [];
    this.posted.length = 0;
    this.windows.clear();
    this.expiredTokens.clear();
    this.refreshCount = 0;
    this.postingForbidden = false;
  }

  private newId(): string {
    this.nextId += 1000n + BigInt(Math.floor(Math.random() * 1000));
    return this.nextId.toString();
  }

  private userFor(a: AddTweetInput['author']): XFakeUser {
    if (a?.id && this.users.has(a.id)) return this.users.get(a.id)!;
    const existing = a?.username ? [...this.users.values()].find((u) => u.username === a.username) : undefined;
    if (existing) return existing;
    const id = a?.id ?? (this.nextUser++).toString();
    const username = a?.username ?? `warga${id.slice(-4)}`;
    const user = { id, username, name: a?.name ?? username, profile_image_url: `https://pbs.twimg.com/profile_images/${id}/a_normal.jpg` };
    this.users.set(id, user);
    return user;
  }

  addTweet(input: AddTweetInput): XFakeTweet {
    const user = this.userFor(input.author);
    const id = this.newId();
    const parent = input.replyTo ? this.tweets.find((t) => t.id === input.replyTo) : undefined;
    const t: XFakeTweet = {
      id,
      text: input.text,
      author_id: user.id,
      created_at: input.createdAt ?? new Date().toISOString(),
      conversation_id: parent?.conversation_id ?? id,
      referenced_tweets: input.replyTo ? [{ type: 'replied_to', id: input.replyTo }] : undefined,
      edit_history_tweet_ids: [id],
      lang: input.lang ?? 'in',
      mentions: input.mentionsAccount === false ? [] : [this.accountUserId],
    };
    this.tweets.push(t);
    return t;
  }

  /** An edit makes a new id; timelines then show only the latest version (§3.3). */
  editTweet(id: string, text: string): XFakeTweet {
    const old = this.tweets.find((t) => t.id === id && !t.hidden) ?? this.tweets.find((t) => !t.hidden && t.edit_history_tweet_ids.includes(id));
    if (!old) throw new Error(`no tweet ${id}`);
    old.hidden = true;
    const newId = this.newId();
    const chain = [...old.edit_history_tweet_ids, newId];
    // Every version of a post shares one edit history, oldest first (§3.3).
    for (const v of this.tweets) if (chain.includes(v.id)) v.edit_history_tweet_ids = chain;
    const t: XFakeTweet = { ...old, id: newId, text, hidden: false, edit_history_tweet_ids: chain };
    this.tweets.push(t);
    return t;
  }

  /** Deleting a post deletes every version of it. */
  deleteTweet(id: string): void {
    for (const t of this.tweets)
      if (t.id === id || t.edit_history_tweet_ids.includes(id)) {
        t.hidden = true;
        t.deleted = true;
      }
  }

  /** Flags a post (any version): its author restricts replies, or it is no longer visible to us. */
  flagTweet(id: string, flags: { repliesRestricted?: boolean; notVisible?: boolean }): void {
    for (const t of this.tweets) if (t.id === id || t.edit_history_tweet_ids.includes(id)) Object.assign(t, flags);
  }

  allTweets(): XFakeTweet[] {
    return this.tweets.filter((t) => !t.hidden);
  }

  private problem(status: number, title: string, detail: string, type = 'about:blank', extra: Record<string, unknown> = {}): FakeResponse {
    return { status, body: { title, type, status, detail, ...extra }, headers: { 'content-type': 'application/problem+json' } };
  }

  protected faultResponse(fault: Fault): FakeResponse {
    switch (fault.kind) {
      case 'rate_limit': {
        const reset = Math.floor(Date.now() / 1000) + (fault.resetInSec ?? 900);
        const r = this.problem(429, 'Too Many Requests', 'Too Many Requests');
        r.headers = { ...r.headers, 'x-rate-limit-limit': String(this.opts.rateLimit), 'x-rate-limit-remaining': '0', 'x-rate-limit-reset': String(reset) };
        return r;
      }
      case 'quota':
        return this.problem(429, 'UsageCapExceeded', 'Usage cap exceeded: Monthly product cap', 'https://api.twitter.com/2/problems/usage-capped', {
          period: 'Monthly',
          scope: 'Product',
        });
      case 'expired_token':
        return this.problem(401, 'Unauthorized', 'Unauthorized');
      case 'permission':
        return this.problem(403, 'Forbidden', 'You are not permitted to perform this request.', 'https://api.twitter.com/2/problems/client-forbidden', {
          reason: 'client-not-enrolled',
        });
      default:
        return this.problem(fault.status ?? 503, 'Service Unavailable', 'Service Unavailable');
    }
  }

  private auth(req: FakeRequest, user = false): FakeResponse | string {
    const m = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''));
    const token = m?.[1];
    const valid = user ? this.opts.userTokens : [...this.opts.bearerTokens, ...this.opts.userTokens];
    if (!token || !valid.includes(token) || this.expiredTokens.has(token)) return this.problem(401, 'Unauthorized', 'Unauthorized');
    return token;
  }

  private limitHeaders(token: string, endpoint: string): { headers: Record<string, string>; exceeded: boolean } {
    const key = `${token}:${endpoint}`;
    const now = Date.now();
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) {
      w = { start: now, count: 0 };
      this.windows.set(key, w);
    }
    w.count++;
    const remaining = Math.max(0, this.opts.rateLimit - w.count);
    return {
      exceeded: w.count > this.opts.rateLimit,
      headers: {
        'x-rate-limit-limit': String(this.opts.rateLimit),
        'x-rate-limit-remaining': String(remaining),
        'x-rate-limit-reset': String(Math.floor((w.start + WINDOW_MS) / 1000)),
      },
    };
  }

  private matchesQuery(t: XFakeTweet, query: string): boolean {
    // Operators the connector uses: from:<username>, in_reply_to_tweet_id:<id>, conversation_id:<id>.
    const ops = [...query.matchAll(/(\w+):(\S+)/g)].filter(([, k]) => k !== 'is');
    for (const [, key, value] of ops) {
      if (key === 'from' && this.users.get(t.author_id)?.username !== value) return false;
      if (key === 'in_reply_to_tweet_id' && !t.referenced_tweets?.some((r) => r.type === 'replied_to' && r.id === value)) return false;
      if (key === 'conversation_id' && t.conversation_id !== value) return false;
    }
    const terms = query
      .replace(/[()]/g, ' ')
      .split(/\s+/)
      .filter((w) => w && w !== 'OR' && !w.startsWith('-') && !w.includes(':'))
      .map((w) => w.replace(/^@/, '').toLowerCase());
    const text = t.text.toLowerCase();
    return terms.length === 0 ? ops.length > 0 : terms.some((w) => text.includes(w));
  }

  private list(req: FakeRequest, stream: 'mentions' | 'search', token: string): FakeResponse {
    const q = req.query;
    const max = Number(q.max_results ?? 10);
    const [lo, hi] = stream === 'mentions' ? [5, 100] : [10, 100];
    if (!Number.isInteger(max) || max < lo || max > hi)
      return this.problem(400, 'Invalid Request', `The \`max_results\` query parameter value [${q.max_results}] is not between ${lo} and ${hi}`, 'https://api.twitter.com/2/problems/invalid-request');
    const lim = this.limitHeaders(token, stream);
    if (lim.exceeded) return { ...this.faultResponse({ kind: 'rate_limit' }), headers: { 'content-type': 'application/problem+json', ...lim.headers, 'x-rate-limit-remaining': '0' } };

    const pageToken = stream === 'mentions' ? q.pagination_token : (q.next_token ?? q.pagination_token);
    const before = pageToken ? BigInt(unb64<{ before: string }>(pageToken).before) : undefined;
    const since = q.since_id ? BigInt(q.since_id) : undefined;
    const until = q.until_id ? BigInt(q.until_id) : undefined;
    const start = q.start_time ? Date.parse(q.start_time) : undefined;
    const matching = this.allTweets()
      .filter((t) => (stream === 'mentions' ? t.mentions.includes(req.path.split('/')[3]) : this.matchesQuery(t, q.query ?? '')))
      .filter((t) => (since === undefined || BigInt(t.id) > since) && (until === undefined || BigInt(t.id) < until))
      .filter((t) => start === undefined || Date.parse(t.created_at) >= start)
      .sort((a, b) => (BigInt(b.id) > BigInt(a.id) ? 1 : -1));
    const rest = before === undefined ? matching : matching.filter((t) => BigInt(t.id) < before);
    const size = Math.min(max, this.opts.maxPageSize);
    const page = rest.slice(0, size);
    const more = rest.length > size;
    const meta: Record<string, unknown> = { result_count: page.length };
    if (page.length) {
      meta.newest_id = page[0].id;
      meta.oldest_id = page[page.length - 1].id;
    }
    if (more) {
      const oldest = BigInt(page[page.length - 1].id);
      meta.next_token = b64({ before: (this.opts.duplicateAcrossPages ? oldest + 1n : oldest).toString() });
    }
    const body: Record<string, unknown> = { meta };
    if (page.length) {
      body.data = page.map((t) => this.render(t));
      if ((q.expansions ?? '').includes('author_id'))
        body.includes = { users: [...new Set(page.map((t) => t.author_id))].map((id) => this.users.get(id)).filter(Boolean) };
    }
    return { status: 200, body, headers: lim.headers };
  }

  private render(t: XFakeTweet): Record<string, unknown> {
    const { mentions: _m, hidden: _h, deleted: _d, repliesRestricted: _r, notVisible: _v, ...rest } = t;
    return rest;
  }

  /**
   * Post lookup, `GET /2/tweets?ids=` (≤ 100) and `GET /2/tweets/:id`: a deleted post comes back
   * in `errors` as a resource-not-found next to the others' `data`, HTTP 200 (§3.3); a post we may
   * not see as not-authorized-for-resource. A superseded version still answers, with the history.
   */
  private lookup(req: FakeRequest, token: string, single?: string): FakeResponse {
    const ids = single ? [single] : (req.query.ids ?? '').split(',').filter(Boolean);
    if (!ids.length || ids.length > 100 || ids.some((i) => !/^\d{1,19}$/.test(i)))
      return this.problem(400, 'Invalid Request', 'One or more parameters to your request was invalid.', 'https://api.twitter.com/2/problems/invalid-request', {
        errors: [{ parameters: { ids: [req.query.ids ?? ''] }, message: 'The `ids` query parameter value must be 1 to 100 comma-separated post ids' }],
      });
    const lim = this.limitHeaders(token, 'lookup');
    if (lim.exceeded) return { ...this.faultResponse({ kind: 'rate_limit' }), headers: { 'content-type': 'application/problem+json', ...lim.headers, 'x-rate-limit-remaining': '0' } };
    const data: Array<Record<string, unknown>> = [];
    const errors: Array<Record<string, unknown>> = [];
    for (const id of ids) {
      const t = this.tweets.find((x) => x.id === id && !x.deleted);
      if (!t)
        errors.push({ value: id, detail: `Could not find tweet with ids: [${id}].`, title: 'Not Found Error', resource_type: 'tweet', parameter: 'ids', resource_id: id, type: 'https://api.twitter.com/2/problems/resource-not-found' });
      else if (t.notVisible)
        errors.push({ value: id, detail: `Sorry, you are not authorized to see the Tweet with ids: [${id}].`, title: 'Authorization Error', resource_type: 'tweet', parameter: 'ids', resource_id: id, type: 'https://api.twitter.com/2/problems/not-authorized-for-resource' });
      else data.push(this.render(t));
    }
    if (single && !data.length) return { status: 200, body: { errors }, headers: lim.headers };
    const body: Record<string, unknown> = {};
    if (data.length) body.data = single ? data[0] : data;
    if (errors.length) body.errors = errors;
    if (data.length && (req.query.expansions ?? '').includes('author_id'))
      body.includes = { users: [...new Set(data.map((t) => String(t.author_id)))].map((a) => this.users.get(a)).filter(Boolean) };
    return { status: 200, body, headers: lim.headers };
  }

  /** Why X would refuse this reply with a 403 (§3.2c), in its own words; undefined = allowed. */
  private replyRefusal(targetId: string | undefined): FakeResponse | undefined {
    if (!targetId) return undefined;
    const target = this.tweets.find((x) => x.id === targetId);
    if (!target || target.deleted || target.notVisible)
      return this.problem(403, 'Forbidden', 'You attempted to reply to a Tweet that is deleted or not visible to you.');
    if (target.repliesRestricted)
      return this.problem(
        403,
        'Forbidden',
        'Reply to this conversation is not allowed because you have not been mentioned or otherwise engaged by the author of the post you are replying to.',
      );
    return undefined;
  }

  /** OAuth 2.0 refresh (§3.1): form body; errors are OAuth error objects, not problem JSON. */
  private refresh(req: FakeRequest): FakeResponse {
    const oauthError = (status: number, error: string, error_description: string): FakeResponse => ({ status, body: { error, error_description } });
    if (!/application\/x-www-form-urlencoded/.test(String(req.headers['content-type'] ?? '')))
      return oauthError(400, 'invalid_request', 'Missing required parameter [grant_type].');
    const f = new URLSearchParams(req.body);
    if (this.opts.clientSecret) {
      const basic = /^Basic (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
      if (!basic || Buffer.from(basic, 'base64').toString('utf8') !== `${this.opts.clientId}:${this.opts.clientSecret}`)
        return oauthError(401, 'unauthorized_client', 'Missing valid authorization header');
    }
    if (f.get('client_id') !== this.opts.clientId) return oauthError(400, 'invalid_request', 'Missing required parameter [client_id].');
    const spent = f.get('refresh_token') ?? '';
    if (f.get('grant_type') !== 'refresh_token' || !this.opts.refreshTokens.includes(spent))
      return oauthError(400, 'invalid_request', 'Value passed for the token was invalid.');
    this.refreshCount++;
    const n = ++this.tokenSeq;
    const access = `x-user-token-r${n}`;
    const refresh = `x-refresh-token-r${n}`;
    // X rotates refresh tokens: the one used is spent.
    this.configure({ userTokens: [...this.opts.userTokens, access], refreshTokens: [...this.opts.refreshTokens.filter((t) => t !== spent), refresh] });
    return { status: 200, body: { token_type: 'bearer', expires_in: 7200, access_token: access, scope: 'tweet.read users.read tweet.write offline.access', refresh_token: refresh } };
  }

  protected route(req: FakeRequest): FakeResponse | undefined {
    const p = req.path;
    if (req.method === 'POST' && p === '/2/oauth2/token') return this.refresh(req);
    if (req.method === 'GET' && /^\/2\/users\/\d+\/mentions$/.test(p)) {
      const t = this.auth(req);
      return typeof t === 'string' ? this.list(req, 'mentions', t) : t;
    }
    if (req.method === 'GET' && p === '/2/tweets/search/recent') {
      const t = this.auth(req);
      return typeof t === 'string' ? this.list(req, 'search', t) : t;
    }
    if (req.method === 'GET' && (p === '/2/tweets' || /^\/2\/tweets\/\d+$/.test(p))) {
      const t = this.auth(req);
      return typeof t === 'string' ? this.lookup(req, t, p === '/2/tweets' ? undefined : p.split('/')[3]) : t;
    }
    if (req.method === 'GET' && /^\/2\/users\/\d+$/.test(p)) {
      const t = this.auth(req);
      if (typeof t !== 'string') return t;
      const u = this.users.get(p.split('/')[3]);
      return u ? { status: 200, body: { data: u } } : this.problem(404, 'Not Found Error', 'Could not find user', 'https://api.twitter.com/2/problems/resource-not-found');
    }
    if (req.method === 'POST' && p === '/2/tweets') {
      const t = this.auth(req, true);
      if (typeof t !== 'string') return t;
      const body = req.json<{ text?: string; reply?: { in_reply_to_tweet_id?: string } }>();
      if (!body.text) return this.problem(400, 'Invalid Request', 'text is required', 'https://api.twitter.com/2/problems/invalid-request');
      if (this.postingForbidden)
        return this.problem(403, 'Forbidden', 'You are not permitted to perform this action.', 'https://api.twitter.com/2/problems/client-forbidden', { reason: 'client-not-enrolled' });
      const refused = this.replyRefusal(body.reply?.in_reply_to_tweet_id);
      if (refused) return refused;
      if (this.posted.some((x) => x.text === body.text))
        return this.problem(403, 'Forbidden', 'You are not allowed to create a Tweet with duplicate content.');
      const id = this.newId();
      const parent = this.tweets.find((x) => x.id === body.reply?.in_reply_to_tweet_id);
      const tweet: XFakeTweet = {
        id,
        text: body.text,
        author_id: this.accountUserId,
        created_at: new Date().toISOString(),
        conversation_id: parent?.conversation_id ?? id,
        referenced_tweets: body.reply?.in_reply_to_tweet_id ? [{ type: 'replied_to', id: body.reply.in_reply_to_tweet_id }] : undefined,
        edit_history_tweet_ids: [id],
        lang: 'in',
        mentions: parent ? [parent.author_id] : [],
      };
      this.tweets.push(tweet);
      this.posted.push(tweet);
      return { status: 201, body: { data: { id, text: body.text, edit_history_tweet_ids: [id] } } };
    }
    return undefined;
  }

  protected override control(req: FakeRequest): FakeResponse | undefined {
    if (req.method === 'POST' && req.path === '/__fake/tweets') {
      const input = req.json<AddTweetInput | AddTweetInput[]>();
      const added = (Array.isArray(input) ? input : [input]).map((i) => this.addTweet(i));
      return { status: 201, body: { data: added } };
    }
    if (req.method === 'POST' && req.path === '/__fake/config') {
      this.configure(req.json<Partial<XFakeOptions>>());
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'POST' && req.path === '/__fake/expire-token') {
      this.expiredTokens.add(req.json<{ token: string }>().token);
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'GET' && req.path === '/__fake/posted') return { status: 200, body: this.posted };
    // Deletions, edits and reply restrictions by citizens (§6.6), and a lost posting right.
    if (req.method === 'POST' && req.path === '/__fake/delete') {
      this.deleteTweet(req.json<{ id: string }>().id);
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'POST' && req.path === '/__fake/edit') {
      const b = req.json<{ id: string; text: string }>();
      return { status: 200, body: { data: this.render(this.editTweet(b.id, b.text)) } };
    }
    if (req.method === 'POST' && req.path === '/__fake/flag') {
      const b = req.json<{ id: string; repliesRestricted?: boolean; notVisible?: boolean }>();
      this.flagTweet(b.id, { repliesRestricted: b.repliesRestricted, notVisible: b.notVisible });
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'POST' && req.path === '/__fake/forbid-posting') {
      this.postingForbidden = req.json<{ forbidden?: boolean }>().forbidden !== false;
      return { status: 200, body: { ok: true } };
    }
    return undefined;
  }
}
