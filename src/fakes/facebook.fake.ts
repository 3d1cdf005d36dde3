import { FakeServer, type Fault, type FakeRequest, type FakeResponse } from './fake-server.js';

// Fake Graph API for Facebook Pages (platform-apis.md §1.10), on the shared FakeServer. The
// GraphFake base carries what Facebook and Instagram share (§2.1): version prefixes, token checks,
// the `{error:{…}}` envelope, usage headers and cursor paging with absolute `next` URLs.

export interface GraphFakeOptions {
  tokens?: string[];
  /** Largest page served whatever `limit` asks (forces paging in tests). */
  maxPageSize?: number;
  /** Every Nth list page is served empty, with a `next` to the same place (§1.5). 0 = never. */
  emptyPageEvery?: number;
  /** Repeat the last item of each page at the top of the next one. */
  duplicateAcrossPages?: boolean;
  /** Following `next` deeper than this many pages fails with "(#100) … exceeds the max limit". */
  maxPagingDepth?: number;
  /** Calls per hour that make 100 % in the usage headers. */
  callBudget?: number;
  /**
   * How a multi-id read (`GET /?ids=`) with a gone id fails: `named` — "(#803) Some of the aliases
   * you requested do not exist: a,b"; `generic` — a code 100/33 error that names none.
   */
  missingIdsError?: 'named' | 'generic';
}

type Json = Record<string, unknown>;
interface PageCursor {
  k: string;
  d: number;
  e?: 1;
}

const b64 = (o: PageCursor): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const unb64 = (s: string): PageCursor | undefined => {
  try {
    return JSON.parse(Buffer.from(s, 'base64url').toString('utf8')) as PageCursor;
  } catch {
    return undefined;
  }
};

/** Meta REST time: 2026-03-01T10:15:30+0000 (§1.4). */
export const metaTime = (sec: number): string =>
  new Date(sec * 1000).toISOString().replace(/\.\d{3}Z$/, '+0000');
export const nowSec = (): number => Math.floor(Date.now() / 1000);
/** `since`/`until`: Unix seconds or a strtotime-like string. */
const timeParam = (v: string | undefined): number | undefined =>
  v === undefined
    ? undefined
    : /^\d+$/.test(v)
      ? Number(v)
      : Number.isFinite(Date.parse(v))
        ? Math.floor(Date.parse(v) / 1000)
        : undefined;

/** Top-level names of a `fields` list: `from{id,name},comments.summary(true)` → from, comments. */
export function fieldNames(fields: string | undefined): Set<string> {
  const out = new Set<string>();
  let depth = 0;
  let cur = '';
  for (const ch of fields ?? '') {
    if (ch === '{' || ch === '(') depth++;
    if (ch === '}' || ch === ')') depth--;
    if (ch === ',' && depth === 0) {
      out.add(cur.split(/[.{(]/)[0].trim());
      cur = '';
    } else cur += ch;
  }
  if (cur.trim()) out.add(cur.split(/[.{(]/)[0].trim());
  return out;
}

export abstract class GraphFake extends FakeServer {
  protected opts: Required<GraphFakeOptions>;
  private readonly initial: Required<GraphFakeOptions>;
  readonly expiredTokens = new Set<string>();
  private listCount = 0;
  private calls: number[] = [];
  private lose: Array<{ mode: 'hang' | 'reset' | 'server_error' }> = [];

  protected constructor(
    opts: GraphFakeOptions,
    defaults: Required<GraphFakeOptions>,
    private readonly buc: { type: 'pages' | 'instagram'; throttleCode: number; label: string },
  ) {
    super();
    this.initial = { ...defaults, ...opts };
    this.opts = { ...this.initial };
  }

  /** The business object the usage header is keyed by (Page id, IG user id). */
  protected abstract get businessId(): string;
  protected abstract graphRoute(req: FakeRequest, parts: string[], body: Json): FakeResponse | undefined;

  configure(o: Partial<GraphFakeOptions>): void {
    this.opts = { ...this.opts, ...o };
  }

  protected resetGraph(): void {
    this.opts = { ...this.initial };
    this.expiredTokens.clear();
    this.listCount = 0;
    this.calls = [];
    this.lose = [];
  }

  /** The next N reply POSTs are applied, but their response is lost (§6.5 unknown outcome). */
  loseReplyResponses(mode: 'hang' | 'reset' | 'server_error' = 'hang', times = 1): void {
    for (let i = 0; i < times; i++) this.lose.push({ mode });
  }

  protected afterReply(ok: FakeResponse): FakeResponse {
    const l = this.lose.shift();
    if (!l) return ok;
    if (l.mode === 'hang') return { status: 0, hang: true };
    if (l.mode === 'reset') return { status: 0, destroy: true };
    return this.graphError(
      500,
      2,
      'An unexpected error has occurred. Please retry your request later.',
      undefined,
      { is_transient: true },
    );
  }

  graphError(
    status: number,
    code: number,
    message: string,
    subcode?: number,
    extra: Json = {},
    headers: Record<string, string> = {},
  ): FakeResponse {
    const error: Json = {
      message,
      type: code === 190 || code === 200 || code === 10 ? 'OAuthException' : 'GraphMethodException',
      code,
      ...extra,
    };
    if (subcode) error.error_subcode = subcode;
    error.fbtrace_id = `A${Math.random().toString(36).slice(2, 12)}`;
    return {
      status,
      body: { error },
      headers: { 'www-authenticate': 'OAuth "Facebook Platform"', ...headers },
    };
  }

  private usage(regainMin = 0, pct?: number): Record<string, string> {
    const hourAgo = Date.now() - 3_600_000;
    this.calls = this.calls.filter((t) => t > hourAgo);
    const used = pct ?? Math.min(100, Math.round((this.calls.length / this.opts.callBudget) * 100));
    const rec = {
      type: this.buc.type,
      call_count: used,
      total_cputime: Math.round(used / 2),
      total_time: Math.round(used / 2),
      estimated_time_to_regain_access: regainMin,
    };
    return {
      'x-app-usage': JSON.stringify({
        call_count: used,
        total_cputime: rec.total_cputime,
        total_time: rec.total_time,
      }),
      'x-business-use-case-usage': JSON.stringify({ [this.businessId]: [rec] }),
    };
  }

  protected faultResponse(fault: Fault): FakeResponse {
    const throttle = (min: number, pct: number): FakeResponse =>
      this.graphError(
        fault.status ?? 400,
        this.buc.throttleCode,
        `(#${this.buc.throttleCode}) There have been too many calls to this ${this.buc.label} account. Wait a bit and try again.`,
        undefined,
        { is_transient: true },
        this.usage(min, pct),
      );
    switch (fault.kind) {
      case 'rate_limit':
        return throttle(Math.max(1, Math.ceil((fault.resetInSec ?? 300) / 60)), 100);
      case 'quota':
        // The daily BUC allowance is spent: access returns in about a day.
        return throttle(1440, 100);
      case 'expired_token':
        return this.graphError(
          400,
          190,
          'Error validating access token: Session has expired on Sunday, 01-Mar-26 10:00:00 PST.',
          463,
        );
      case 'permission':
        return this.graphError(
          fault.status ?? 403,
          200,
          '(#200) Requires pages_read_user_content permission to manage the object',
        );
      default:
        return this.graphError(fault.status ?? 500, 2, 'Service temporarily unavailable', undefined, {
          is_transient: true,
        });
    }
  }

  private token(req: FakeRequest, body: Json): string | undefined {
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    return (
      req.query.access_token ??
      (typeof body.access_token === 'string' ? body.access_token : undefined) ??
      bearer
    );
  }

  protected route(req: FakeRequest): FakeResponse | undefined {
    // Any /vNN.N/ prefix, and unversioned paths too (§1.1).
    const m = /^\/(v\d+\.\d+)(\/.*)?$/.exec(req.path);
    const parts = (m ? (m[2] ?? '/') : req.path).split('/').filter(Boolean);
    let body: Json = {};
    if (req.body) {
      const type = String(req.headers['content-type'] ?? '');
      body = type.includes('json') ? req.json<Json>() : Object.fromEntries(new URLSearchParams(req.body));
    }
    const token = this.token(req, body);
    if (!token || !this.opts.tokens.includes(token))
      return this.graphError(400, 190, 'Invalid OAuth access token - Cannot parse access token', 467);
    if (this.expiredTokens.has(token)) return this.faultResponse({ kind: 'expired_token' });
    this.calls.push(Date.now());
    const limit = Number(req.query.limit ?? 25);
    if (req.query.limit !== undefined && (!Number.isInteger(limit) || limit < 1 || limit > 100))
      return this.graphError(400, 100, '(#100) The parameter limit must be an integer between 1 and 100');
    if (!parts.length && req.method === 'GET' && req.query.ids !== undefined) return this.withUsage(this.multi(req), m?.[1]);
    const out = this.graphRoute(req, parts, { ...req.query, ...body });
    if (!out)
      return this.graphError(
        400,
        100,
        `Unsupported ${req.method.toLowerCase()} request. Object with ID '${parts[0] ?? ''}' does not exist, cannot be loaded due to missing permissions, or does not support this operation.`,
        33,
      );
    return this.withUsage(out, m?.[1]);
  }

  private withUsage(out: FakeResponse, version?: string): FakeResponse {
    if (out.hang || out.destroy) return out;
    return {
      ...out,
      headers: { ...this.usage(), 'facebook-api-version': version ?? 'v25.0', ...out.headers },
    };
  }

  /**
   * `GET /?ids=a,b&fields=…` (§1.3a): an object keyed by id, at most 50 ids, each counted as one
   * call. One gone id fails the whole call, as Graph does.
   */
  private multi(req: FakeRequest): FakeResponse {
    const ids = (req.query.ids ?? '').split(',').filter(Boolean);
    if (!ids.length) return this.graphError(400, 100, '(#100) The parameter ids is required');
    if (ids.length > 50) return this.graphError(400, 100, `(#100) Too many IDs. Maximum: 50. Provided: ${ids.length}.`);
    for (let i = 1; i < ids.length; i++) this.calls.push(Date.now());
    const body: Json = {};
    const missing: string[] = [];
    for (const id of ids) {
      const one = this.graphRoute({ ...req, path: `/${id}` }, [id], { ...req.query });
      if (one?.status === 200 && typeof one.body === 'object' && one.body !== null) body[id] = one.body;
      else missing.push(id);
    }
    if (!missing.length) return { status: 200, body };
    if (this.opts.missingIdsError === 'generic')
      return this.graphError(400, 100, 'Unsupported get request. Object does not exist, cannot be loaded due to missing permissions, or does not support this operation.', 33);
    return this.graphError(404, 803, `(#803) Some of the aliases you requested do not exist: ${missing.join(',')}`);
  }

  /** One page of `items` (already filtered and ordered) with Graph cursors and an absolute `next`. */
  protected page<T extends { id: string }>(
    req: FakeRequest,
    items: T[],
    render: (i: T) => Json,
    maxLimit = 100,
    extra: Json = {},
  ): FakeResponse {
    const size = Math.min(Number(req.query.limit ?? 25), maxLimit, this.opts.maxPageSize);
    let start = 0;
    let depth = 0;
    let wasEmpty = false;
    if (req.query.after) {
      const c = unb64(req.query.after);
      if (!c) return this.graphError(400, 100, '(#100) The After Cursor specified is invalid');
      depth = c.d;
      wasEmpty = c.e === 1;
      if (depth >= this.opts.maxPagingDepth)
        return this.graphError(
          400,
          100,
          '(#100) The After Cursor specified exceeds the max limit supported by this endpoint',
        );
      const at = c.k === '' ? -1 : items.findIndex((i) => i.id === c.k);
      // A cursor dies with the item it points at (§1.5).
      if (c.k !== '' && at < 0)
        return this.graphError(
          400,
          100,
          '(#100) The After Cursor specified is invalid: the object was deleted',
        );
      start = wasEmpty ? at + 1 : at + 1 - (this.opts.duplicateAcrossPages && at >= 0 ? 1 : 0);
    }
    this.listCount++;
    const url = (after: string): string => {
      const q = new URLSearchParams(req.query);
      q.delete('before');
      q.set('after', after);
      q.set('limit', String(size));
      return `${this.baseUrl}${req.path}?${q.toString()}`;
    };
    const prevKey = start > 0 ? items[start - 1].id : '';
    if (
      this.opts.emptyPageEvery > 0 &&
      !wasEmpty &&
      this.listCount % this.opts.emptyPageEvery === 0 &&
      start < items.length
    ) {
      const after = b64({ k: prevKey, d: depth + 1, e: 1 });
      return {
        status: 200,
        body: { data: [], paging: { cursors: { before: after, after }, next: url(after) }, ...extra },
      };
    }
    const slice = items.slice(Math.max(0, start), Math.max(0, start) + size);
    const body: Json = { data: slice.map(render), ...extra };
    if (slice.length) {
      const after = b64({ k: slice[slice.length - 1].id, d: depth + 1 });
      const paging: Json = { cursors: { before: b64({ k: slice[0].id, d: depth }), after } };
      if (start + size < items.length) paging.next = url(after);
      body.paging = paging;
    }
    return { status: 200, body };
  }

  /** The requested top-level fields of an object, plus its id (§1.10: honour `fields` loosely). */
  protected pick(obj: Json, fields: string | undefined, defaults: string[]): Json {
    const want = fields ? fieldNames(fields) : new Set(defaults);
    const out: Json = { id: obj.id };
    for (const k of want) if (obj[k] !== undefined) out[k] = obj[k];
    return out;
  }

  protected since(req: FakeRequest): { since?: number; until?: number } {
    return { since: timeParam(req.query.since), until: timeParam(req.query.until) };
  }

  protected graphControl(req: FakeRequest): FakeResponse | undefined {
    if (req.method === 'POST' && req.path === '/__fake/config') {
      this.configure(req.json<Partial<GraphFakeOptions>>());
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'POST' && req.path === '/__fake/expire-token') {
      this.expiredTokens.add(req.json<{ token: string }>().token);
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'POST' && req.path === '/__fake/lose-reply-response') {
      const b = req.json<{ mode?: 'hang' | 'reset' | 'server_error'; times?: number }>();
      this.loseReplyResponses(b.mode, b.times);
      return { status: 200, body: { ok: true } };
    }
    return undefined;
  }
}

/** POSTs a webhook delivery signed like Meta (X-Hub-Signature-256, §1.9); `tamper` breaks the signature. */
export async function deliverMetaWebhook(
  url: string,
  payload: unknown,
  appSecret: string,
  tamper = false,
): Promise<number> {
  const { createHmac } = await import('node:crypto');
  const raw = JSON.stringify(payload);
  const sig = createHmac('sha256', appSecret)
    .update(tamper ? `${raw} ` : raw)
    .digest('hex');
  const res = await fetch(url, {
    method: 'POST',
    headers: { 'content-type': 'application/json', 'x-hub-signature-256': `sha256=${sig}` },
    body: raw,
  });
  return res.status;
}

export interface FbFakeUser {
  id: string;
  name: string;
}

export interface FbFakePost {
  id: string;
  message: string;
  created: number;
  edited?: number;
  from: FbFakeUser;
  isPublished: boolean;
  deleted?: boolean;
}

export interface FbFakeComment {
  id: string;
  postId: string;
  parentId?: string;
  message: string;
  created: number;
  edited?: number;
  from: FbFakeUser;
  likeCount: number;
  deleted?: boolean;
}

/** createdAt: Unix seconds, or anything Date.parse reads; default now. */
export type FakeTime = number | string;

export interface AddFbPostInput {
  text: string;
  author?: { id?: string; name?: string };
  createdAt?: FakeTime;
  /** A post by the Page itself rather than a visitor. */
  byPage?: boolean;
  published?: boolean;
}

export interface AddFbCommentInput {
  postId: string;
  text: string;
  author?: { id?: string; name?: string };
  /** Reply to this comment (a thread under a top-level comment). */
  parentId?: string;
  createdAt?: FakeTime;
  byPage?: boolean;
}

export interface FacebookFakeOptions extends GraphFakeOptions {
  pageId?: string;
  pageName?: string;
  /** Serve comments in a "ranked" order whatever `order` asks (§1.3, §6.4 #12). */
  rankedComments?: boolean;
}

const FB_DEFAULTS: Required<GraphFakeOptions> = {
  tokens: ['fb-page-token'],
  maxPageSize: 100,
  emptyPageEvery: 0,
  duplicateAcrossPages: false,
  maxPagingDepth: 1000,
  callBudget: 5000,
  missingIdsError: 'named',
};

export const fakeTime = (t: FakeTime | undefined): number =>
  t === undefined ? nowSec() : typeof t === 'number' ? t : Math.floor(Date.parse(t) / 1000);

/** A stable pseudo-rank: the same order on every call, unrelated to time. */
const rank = (id: string): number => [...id].reduce((h, c) => (h * 31 + c.charCodeAt(0)) % 1_000_003, 7);

export class FacebookFake extends GraphFake {
  readonly pageId: string;
  readonly pageName: string;
  rankedComments: boolean;
  private posts: FbFakePost[] = [];
  private comments: FbFakeComment[] = [];
  private users = new Map<string, FbFakeUser>();
  private nextPost = 1880000000000000001n;
  private nextComment = 9900000000000000001n;
  private nextUser = 27300000000000001n;
  /** Comments posted through POST /{id}/comments (the Page's replies). */
  readonly posted: FbFakeComment[] = [];
  readonly privateReplies: Json[] = [];
  /** Graph refuses the same text twice in a row in one thread (#506); off to see what we would post. */
  duplicateCheck = true;

  constructor(opts: FacebookFakeOptions = {}) {
    const { pageId, pageName, rankedComments, ...graph } = opts;
    super(graph, FB_DEFAULTS, { type: 'pages', throttleCode: 80001, label: 'Page' });
    this.pageId = pageId ?? '104000000000001';
    this.pageName = pageName ?? 'Pemerintah Kabupaten Sinjai';
    this.rankedComments = rankedComments ?? false;
  }

  protected get businessId(): string {
    return this.pageId;
  }

  protected resetState(): void {
    this.resetGraph();
    this.posts = [];
    this.comments = [];
    this.posted.length = 0;
    this.privateReplies.length = 0;
    this.duplicateCheck = true;
  }

  private pageUser(): FbFakeUser {
    return { id: this.pageId, name: this.pageName };
  }

  private user(a: AddFbPostInput['author'], byPage?: boolean): FbFakeUser {
    if (byPage) return this.pageUser();
    if (a?.id && this.users.has(a.id)) return this.users.get(a.id)!;
    const id = a?.id ?? (this.nextUser += 7919n).toString();
    const u = { id, name: a?.name ?? `Warga ${id.slice(-4)}` };
    this.users.set(id, u);
    return u;
  }

  /**
   * Demo restarts (issue 12 §4): ids continue from the clock, so a restarted fake never hands out
   * an id it gave before (X: always higher, as since_id needs).
   */
  continueIdsFrom(nowMs = Date.now()): void {
    const t = BigInt(Math.floor(nowMs)) * 1_000_000n;
    if (1880000000000000001n + t > this.nextPost) this.nextPost = 1880000000000000001n + t;
    if (9900000000000000001n + t > this.nextComment) this.nextComment = 9900000000000000001n + t;
  }

  addPost(input: AddFbPostInput): FbFakePost {
    this.nextPost += 1000n + BigInt(Math.floor(Math.random() * 1000));
    const p: FbFakePost = {
      id: `${this.pageId}_${this.nextPost}`,
      message: input.text,
      created: fakeTime(input.createdAt),
      from: this.user(input.author, input.byPage),
      isPublished: input.published ?? true,
    };
    this.posts.push(p);
    return p;
  }

  addVisitorPost(input: Omit<AddFbPostInput, 'byPage'>): FbFakePost {
    return this.addPost({ ...input, byPage: false });
  }

  addPagePost(input: Omit<AddFbPostInput, 'byPage' | 'author'>): FbFakePost {
    return this.addPost({ ...input, byPage: true });
  }

  addComment(input: AddFbCommentInput): FbFakeComment {
    const post = this.posts.find((p) => p.id === input.postId && !p.deleted);
    if (!post) throw new Error(`no post ${input.postId}`);
    this.nextComment += 1000n + BigInt(Math.floor(Math.random() * 1000));
    const c: FbFakeComment = {
      id: `${post.id.split('_')[1]}_${this.nextComment}`,
      postId: post.id,
      parentId: input.parentId,
      message: input.text,
      created: fakeTime(input.createdAt),
      from: this.user(input.author, input.byPage),
      likeCount: 0,
    };
    this.comments.push(c);
    return c;
  }

  /** Edits a post or comment: new text, and the post's updated_time moves. */
  editItem(id: string, text: string, at?: FakeTime): void {
    const item = this.posts.find((p) => p.id === id) ?? this.comments.find((c) => c.id === id);
    if (!item) throw new Error(`no item ${id}`);
    item.message = text;
    item.edited = fakeTime(at);
  }

  deleteItem(id: string): void {
    for (const p of this.posts) if (p.id === id) p.deleted = true;
    for (const c of this.comments) if (c.id === id || c.parentId === id || c.postId === id) c.deleted = true;
  }

  allPosts(): FbFakePost[] {
    return this.posts.filter((p) => !p.deleted);
  }

  allComments(): FbFakeComment[] {
    return this.comments.filter((c) => !c.deleted);
  }

  /** A Page `feed` webhook for a comment or post (§1.9): Unix `created_time`, `parent_id`. */
  feedWebhook(item: FbFakePost | FbFakeComment, verb: 'add' | 'edited' | 'remove' = 'add'): Json {
    const isComment = 'postId' in item;
    const value: Json = {
      item: isComment ? 'comment' : 'status',
      verb,
      post_id: isComment ? item.postId : item.id,
      from: item.from,
      message: item.message,
      created_time: item.created,
      ...(isComment ? { comment_id: item.id, parent_id: item.parentId ?? item.postId } : {}),
    };
    return {
      object: 'page',
      entry: [{ id: this.pageId, time: nowSec(), changes: [{ field: 'feed', value }] }],
    };
  }

  private updated(p: FbFakePost): number {
    const times = this.comments.filter((c) => c.postId === p.id && !c.deleted).map((c) => c.created);
    return Math.max(p.created, p.edited ?? 0, ...times);
  }

  private renderPost(p: FbFakePost, fields?: string): Json {
    const topLevel = this.comments.filter((c) => c.postId === p.id && !c.parentId && !c.deleted).length;
    const obj: Json = {
      id: p.id,
      message: p.message,
      created_time: metaTime(p.created),
      updated_time: metaTime(this.updated(p)),
      from: p.from,
      permalink_url: `https://www.facebook.com/${this.pageId}/posts/${p.id.split('_')[1]}`,
      status_type: 'mobile_status_update',
      is_published: p.isPublished,
      comments: { data: [], summary: { order: 'ranked', total_count: topLevel, can_comment: true } },
    };
    return this.pick(obj, fields, ['created_time', 'message']);
  }

  private renderComment(c: FbFakeComment, fields?: string): Json {
    const obj: Json = {
      id: c.id,
      message: c.message,
      created_time: metaTime(c.created),
      from: c.from,
      parent: c.parentId ? { id: c.parentId } : undefined,
      like_count: c.likeCount,
      comment_count: this.comments.filter((r) => r.parentId === c.id && !r.deleted).length,
      is_hidden: false,
      can_reply_privately: true,
      permalink_url: `https://www.facebook.com/${c.postId}?comment_id=${c.id}`,
    };
    return this.pick(obj, fields, ['created_time', 'from', 'message']);
  }

  private listComments(req: FakeRequest, objectId: string): FakeResponse | undefined {
    const post = this.allPosts().find((p) => p.id === objectId);
    const parent = post ? undefined : this.allComments().find((c) => c.id === objectId);
    if (!post && !parent) return undefined;
    const { since, until } = this.since(req);
    const stream = req.query.filter === 'stream';
    let list = this.allComments()
      .filter((c) => (post ? c.postId === post.id && (stream || !c.parentId) : c.parentId === parent!.id))
      .filter(
        (c) => (since === undefined || c.created >= since) && (until === undefined || c.created <= until),
      )
      .sort(
        (a, b) => a.created - b.created || (BigInt(a.id.split('_')[1]) < BigInt(b.id.split('_')[1]) ? -1 : 1),
      );
    if (this.rankedComments) list = list.sort((a, b) => rank(a.id) - rank(b.id));
    else if (req.query.order === 'reverse_chronological') list.reverse();
    const summary = {
      order: this.rankedComments ? 'ranked' : (req.query.order ?? 'chronological'),
      total_count: list.length,
      can_comment: true,
    };
    return this.page(
      req,
      list,
      (c) => this.renderComment(c, req.query.fields),
      100,
      req.query.summary ? { summary } : {},
    );
  }

  private postComment(objectId: string, body: Json): FakeResponse | undefined {
    const post = this.allPosts().find((p) => p.id === objectId);
    const target = post ? undefined : this.allComments().find((c) => c.id === objectId);
    if (!post && !target) return undefined;
    // Threads are two levels deep: a reply to a reply is filed under the top-level comment (§1.3c).
    const parent = target?.parentId ? this.allComments().find((c) => c.id === target.parentId) : target;
    if (target && !parent) return undefined;
    const message = typeof body.message === 'string' ? body.message : '';
    if (!message.trim()) return this.graphError(400, 100, '(#100) Missing message or attachment');
    const last = [...this.posted]
      .reverse()
      .find((c) => (parent ? c.parentId === parent.id : c.postId === objectId && !c.parentId));
    if (this.duplicateCheck && last && last.message === message)
      return this.graphError(400, 506, '(#506) Duplicate status message');
    const c = this.addComment({
      postId: post?.id ?? parent!.postId,
      parentId: parent?.id,
      text: message,
      byPage: true,
    });
    this.posted.push(c);
    return this.afterReply({ status: 200, body: { id: c.id } });
  }

  protected graphRoute(req: FakeRequest, parts: string[], body: Json): FakeResponse | undefined {
    const [id, edge] = parts;
    const get = req.method === 'GET';
    if (get && id === 'me' && !edge)
      return {
        status: 200,
        body: this.pick({ id: this.pageId, name: this.pageName }, req.query.fields, ['name']),
      };
    if (id === this.pageId && edge) {
      if (get && (edge === 'feed' || edge === 'posts' || edge === 'visitor_posts')) {
        const { since, until } = this.since(req);
        const list = this.allPosts()
          .filter((p) =>
            edge === 'feed' ? true : edge === 'posts' ? p.from.id === this.pageId : p.from.id !== this.pageId,
          )
          .filter(
            (p) => (since === undefined || p.created >= since) && (until === undefined || p.created <= until),
          )
          .sort(
            (a, b) =>
              b.created - a.created || (BigInt(b.id.split('_')[1]) > BigInt(a.id.split('_')[1]) ? 1 : -1),
          );
        return this.page(req, list, (p) => this.renderPost(p, req.query.fields));
      }
      if (get && (edge === 'tagged' || edge === 'conversations')) return { status: 200, body: { data: [] } };
      if (!get && edge === 'messages') {
        this.privateReplies.push(body);
        return this.afterReply({
          status: 200,
          body: { recipient_id: '27300000000000999', message_id: `m_${Date.now()}` },
        });
      }
    }
    if (edge === 'comments') return get ? this.listComments(req, id) : this.postComment(id, body);
    if (get && id && !edge) {
      const p = this.allPosts().find((x) => x.id === id);
      if (p) return { status: 200, body: this.renderPost(p, req.query.fields) };
      const c = this.allComments().find((x) => x.id === id);
      if (c) return { status: 200, body: this.renderComment(c, req.query.fields) };
    }
    return undefined;
  }

  protected override control(req: FakeRequest): FakeResponse | undefined {
    const many = <T>(): T[] => {
      const b = req.json<T | T[]>();
      return Array.isArray(b) ? b : [b];
    };
    if (req.method === 'POST' && req.path === '/__fake/posts')
      return { status: 201, body: { data: many<AddFbPostInput>().map((i) => this.addPost(i)) } };
    if (req.method === 'POST' && req.path === '/__fake/comments')
      return { status: 201, body: { data: many<AddFbCommentInput>().map((i) => this.addComment(i)) } };
    if (req.method === 'POST' && req.path === '/__fake/edit') {
      const b = req.json<{ id: string; text: string }>();
      this.editItem(b.id, b.text);
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'POST' && req.path === '/__fake/delete') {
      this.deleteItem(req.json<{ id: string }>().id);
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'GET' && req.path === '/__fake/posted') return { status: 200, body: this.posted };
    if (req.method === 'POST' && req.path === '/__fake/duplicate-check') {
      this.duplicateCheck = req.json<{ on?: boolean }>().on !== false;
      return { status: 200, body: { ok: true } };
    }
    return this.graphControl(req);
  }
}
