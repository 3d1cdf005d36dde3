import { createHash } from 'node:crypto';
import { FakeServer, type Fault, type FakeRequest, type FakeResponse } from './fake-server.js';

// Fake TikTok API for Business, Accounts API (platform-apis.md §4.1, §4.3): trailing-slash routes
// under /open_api/v1.3/, the `Access-Token` header, HTTP 200 with a `code` envelope for API
// errors, string/number `create_time`, `has_more` + integer `cursor`, 150-character replies.

export const TIKTOK_API_PREFIX = '/open_api/v1.3';

export interface TikTokFakeVideo {
  item_id: string;
  create_time: number;
  caption: string;
  share_url: string;
  likes: number;
  video_views: number;
}

export interface TikTokFakeComment {
  comment_id: string;
  video_id: string;
  user_id: string;
  username: string;
  display_name: string;
  profile_image: string;
  text: string;
  create_time: number;
  likes: number;
  owner: boolean;
  liked: boolean;
  pinned: boolean;
  status: 'PUBLIC' | 'HIDDEN';
  parent_comment_id?: string;
  deleted?: boolean;
}

export interface AddCommentInput {
  text: string;
  /** Default: the newest video (one is created if there is none). */
  videoId?: string;
  /** Makes this a reply to that top-level comment. */
  parentCommentId?: string;
  username?: string;
  displayName?: string;
  /** Unix seconds or a Date; default now. */
  createTime?: number | Date;
  owner?: boolean;
}

export interface TikTokFakeOptions {
  businessId?: string;
  username?: string;
  accessTokens?: string[];
  refreshTokens?: string[];
  clientId?: string;
  clientSecret?: string;
  /** Largest comment page served, whatever max_count asks (to force paging in tests). */
  maxPageSize?: number;
  /** Largest video page served. */
  videoPageSize?: number;
  /** Repeat the last comment of each page at the top of the next one. */
  duplicateAcrossPages?: boolean;
  /** Serve `create_time` as a number for every other comment (lists normally use strings). */
  mixedCreateTime?: boolean;
}

/** A TikTok-specific injection: answer with this code (keepData: the normal data with it, e.g. 20001). */
export interface CodeFault {
  code: number;
  message?: string;
  path?: string;
  times?: number;
  keepData?: boolean;
}

const SCOPES: Record<string, string> = {
  'business/video/list/': 'video.list',
  'business/comment/list/': 'comment.list',
  'business/comment/reply/list/': 'comment.list',
  'business/comment/reply/create/': 'comment.list.manage',
  'business/get/': 'user.info.basic',
};
const nowSec = (): number => Math.floor(Date.now() / 1000);
const toSec = (t: number | Date | undefined): number => (t instanceof Date ? Math.floor(t.getTime() / 1000) : (t ?? nowSec()));

export class TikTokFake extends FakeServer {
  readonly businessId: string;
  readonly username: string;
  private opts: Required<TikTokFakeOptions>;
  private readonly initial: Required<TikTokFakeOptions>;
  private videos: TikTokFakeVideo[] = [];
  private comments: TikTokFakeComment[] = [];
  private nextVideo = 7330000000000000001n;
  private nextComment = 7340000000000000001n;
  private requestSeq = 0;
  private tokenSeq = 0;
  private codeFaults: Array<CodeFault & { used: number }> = [];
  private lost: Array<{ path: string; times: number }> = [];
  readonly expiredTokens = new Set<string>();
  readonly revokedScopes = new Set<string>();
  /** Replies created through business/comment/reply/create/. */
  readonly posted: TikTokFakeComment[] = [];
  refreshCount = 0;

  constructor(opts: TikTokFakeOptions = {}) {
    super();
    this.businessId = opts.businessId ?? '-000sinjaiPemkabBusinessOpenId';
    this.username = opts.username ?? 'pemkabsinjai';
    this.opts = {
      businessId: this.businessId,
      username: this.username,
      accessTokens: opts.accessTokens ?? ['tt-access-token'],
      refreshTokens: opts.refreshTokens ?? ['tt-refresh-token'],
      clientId: opts.clientId ?? 'tt-client-id',
      clientSecret: opts.clientSecret ?? 'tt-client-secret',
      maxPageSize: opts.maxPageSize ?? 30,
      videoPageSize: opts.videoPageSize ?? 20,
      duplicateAcrossPages: opts.duplicateAcrossPages ?? false,
      mixedCreateTime: opts.mixedCreateTime ?? false,
    };
    this.initial = { ...this.opts };
  }

  /** What a connector's base URL points at (TIKTOK_BASE_URL). */
  get apiBaseUrl(): string {
    return `${this.baseUrl}${TIKTOK_API_PREFIX}`;
  }

  configure(o: Partial<TikTokFakeOptions>): void {
    this.opts = { ...this.opts, ...o };
  }

  protected resetState(): void {
    this.opts = { ...this.initial }; // tokens issued by refreshes are forgotten too
    this.videos = [];
    this.comments = [];
    this.posted.length = 0;
    this.codeFaults = [];
    this.lost = [];
    this.expiredTokens.clear();
    this.revokedScopes.clear();
    this.refreshCount = 0;
  }

  /**
   * Demo restarts (issue 12 §4): ids continue from the clock, so a restarted fake never hands out
   * an id it gave before (X: always higher, as since_id needs).
   */
  continueIdsFrom(nowMs = Date.now()): void {
    const t = BigInt(Math.floor(nowMs)) * 1_000_000n;
    if (7330000000000000001n + t > this.nextVideo) this.nextVideo = 7330000000000000001n + t;
    if (7340000000000000001n + t > this.nextComment) this.nextComment = 7340000000000000001n + t;
  }

  addVideo(input: { caption?: string; createTime?: number | Date } = {}): TikTokFakeVideo {
    let t = toSec(input.createTime);
    while (this.videos.some((v) => v.create_time === t)) t++; // the list cursor is a timestamp
    this.nextVideo += 1000n;
    const id = this.nextVideo.toString();
    const v = { item_id: id, create_time: t, caption: input.caption ?? 'Info Pemkab Sinjai', share_url: `https://www.tiktok.com/@${this.username}/video/${id}`, likes: 0, video_views: 0 };
    this.videos.push(v);
    return v;
  }

  addComment(input: AddCommentInput): TikTokFakeComment {
    const parent = input.parentCommentId ? this.findComment(input.parentCommentId) : undefined;
    if (input.parentCommentId && !parent) throw new Error(`no comment ${input.parentCommentId}`);
    const videoId = parent?.video_id ?? input.videoId ?? this.newestVideo().item_id;
    if (!this.videos.some((v) => v.item_id === videoId)) throw new Error(`no video ${videoId}`);
    const username = input.owner ? this.username : (input.username ?? `warga${(this.comments.length % 900) + 100}`);
    this.nextComment += 1000n;
    const c: TikTokFakeComment = {
      comment_id: this.nextComment.toString(),
      video_id: videoId,
      user_id: createHash('sha256').update(username).digest('hex'),
      username,
      display_name: input.displayName ?? username,
      profile_image: `https://p16-sign.tiktokcdn.com/${username}.jpeg`,
      text: input.text,
      create_time: toSec(input.createTime),
      likes: 0,
      owner: input.owner ?? false,
      liked: false,
      pinned: false,
      status: 'PUBLIC',
      parent_comment_id: parent ? (parent.parent_comment_id ?? parent.comment_id) : undefined,
    };
    this.comments.push(c);
    return c;
  }

  addReply(commentId: string, input: Omit<AddCommentInput, 'parentCommentId' | 'videoId'>): TikTokFakeComment {
    return this.addComment({ ...input, parentCommentId: commentId });
  }

  /** Deleting a comment takes its replies with it; deleted items vanish from every list. */
  deleteComment(id: string): void {
    for (const c of this.comments) if (c.comment_id === id || c.parent_comment_id === id) c.deleted = true;
  }

  /** A deleted video disappears from the list; its comment endpoints answer 40002 "video not found". */
  deleteVideo(id: string): void {
    this.videos = this.videos.filter((v) => v.item_id !== id);
    for (const c of this.comments) if (c.video_id === id) c.deleted = true;
  }

  hideComment(id: string, hidden = true): void {
    const c = this.findComment(id);
    if (c) c.status = hidden ? 'HIDDEN' : 'PUBLIC';
  }

  expireToken(token: string): void {
    this.expiredTokens.add(token);
  }

  revokeScope(scope: string): void {
    this.revokedScopes.add(scope);
  }

  injectCode(f: CodeFault): void {
    this.codeFaults.push({ times: 1, ...f, used: 0 });
  }

  /** The next matching request is carried out, but its response never arrives (unknown outcome). */
  loseResponse(path: string, times = 1): void {
    this.lost.push({ path, times });
  }

  allVideos(): TikTokFakeVideo[] {
    return [...this.videos];
  }

  liveComments(videoId?: string): TikTokFakeComment[] {
    return this.comments.filter((c) => !c.deleted && (!videoId || c.video_id === videoId));
  }

  private findComment(id: string): TikTokFakeComment | undefined {
    return this.comments.find((c) => c.comment_id === id && !c.deleted);
  }

  private newestVideo(): TikTokFakeVideo {
    return [...this.videos].sort((a, b) => b.create_time - a.create_time)[0] ?? this.addVideo();
  }

  private envelope(code: number, message: string, data: unknown = {}): FakeResponse {
    this.requestSeq++;
    return { status: 200, body: { code, message, request_id: `2026030110153001${String(this.requestSeq).padStart(18, '0')}`, data } };
  }

  protected faultResponse(fault: Fault): FakeResponse {
    switch (fault.kind) {
      case 'rate_limit':
        return this.envelope(40100, 'Too many requests. Please retry in some time.');
      case 'quota':
        return this.envelope(40100, 'The daily quota limit of the app has been reached.');
      case 'expired_token':
        return this.envelope(40105, 'Access token is incorrect or has been revoked.');
      case 'permission':
        return this.envelope(40002, 'scope_not_authorized: the authorized scopes do not cover this request.');
      default:
        if (fault.status && fault.status >= 500) return { status: fault.status, text: 'upstream connect error', headers: { 'content-type': 'text/plain' } };
        return this.envelope(50002, 'Internal service error. Please try again later.');
    }
  }

  private serialize(c: TikTokFakeComment): Record<string, unknown> {
    const { deleted: _d, parent_comment_id, ...rest } = c;
    const numeric = this.opts.mixedCreateTime && (BigInt(c.comment_id) / 1000n) % 2n === 0n;
    const replies = this.liveComments(c.video_id).filter((r) => r.parent_comment_id === c.comment_id).length;
    return { ...rest, create_time: numeric ? c.create_time : String(c.create_time), replies, ...(parent_comment_id ? { parent_comment_id } : {}) };
  }

  /** Offset paging with `has_more` + integer `cursor` (§4.1). */
  private page(all: TikTokFakeComment[], q: Record<string, string>): FakeResponse {
    const max = Number(q.max_count ?? 20);
    if (!Number.isInteger(max) || max < 1 || max > 30) return this.envelope(40002, 'max_count: must be between 1 and 30');
    const desc = (q.sort_order ?? 'desc') !== 'asc';
    const sorted = [...all].sort((a, b) => (a.create_time - b.create_time || (BigInt(a.comment_id) < BigInt(b.comment_id) ? -1 : 1)) * (desc ? -1 : 1));
    const offset = Number(q.cursor ?? 0);
    const size = Math.min(max, this.opts.maxPageSize);
    const slice = sorted.slice(offset, offset + size);
    const more = offset + size < sorted.length;
    const next = more && this.opts.duplicateAcrossPages ? offset + size - 1 : offset + size;
    return this.envelope(0, 'OK', { comments: slice.map((c) => this.serialize(c)), cursor: next, has_more: more });
  }

  private listVideos(q: Record<string, string>): FakeResponse {
    let fields: string[];
    try {
      fields = JSON.parse(q.fields ?? '["item_id"]') as string[];
      if (!Array.isArray(fields)) throw new Error();
    } catch {
      return this.envelope(40002, 'fields: must be a JSON array of strings');
    }
    const max = Number(q.max_count ?? 20);
    if (!Number.isInteger(max) || max < 1 || max > 20) return this.envelope(40002, 'max_count: must be between 1 and 20');
    const before = q.cursor ? Number(q.cursor) : Infinity; // a millisecond timestamp, as TikTok's can be
    const sorted = this.videos.filter((v) => v.create_time * 1000 < before).sort((a, b) => b.create_time - a.create_time);
    const slice = sorted.slice(0, Math.min(max, this.opts.videoPageSize));
    const videos = slice.map((v) => {
      const full: Record<string, unknown> = { ...v, create_time: String(v.create_time), comments: this.liveComments(v.item_id).length };
      return Object.fromEntries(Object.entries(full).filter(([k]) => k === 'item_id' || fields.includes(k)));
    });
    const more = sorted.length > slice.length;
    return this.envelope(0, 'OK', { videos, cursor: more ? slice[slice.length - 1].create_time * 1000 : 0, has_more: more });
  }

  private createReply(req: FakeRequest): FakeResponse {
    const b = req.json<{ business_id?: string; video_id?: string; comment_id?: string; text?: unknown }>();
    if (b.business_id !== this.businessId) return this.envelope(40002, 'business_id: invalid');
    if (typeof b.text !== 'string' || [...b.text].length < 1 || [...b.text].length > 150)
      return this.envelope(40002, 'text: length must be between 1 and 150 characters');
    const parent = b.comment_id ? this.findComment(b.comment_id) : undefined;
    if (!parent || parent.video_id !== b.video_id) return this.envelope(40002, 'comment not found');
    const c = this.addComment({ text: b.text, parentCommentId: parent.comment_id, owner: true });
    this.posted.push(c);
    // Create responses carry create_time as a number (§4.1).
    return this.envelope(0, 'OK', { comment_id: c.comment_id, video_id: c.video_id, create_time: c.create_time, text: c.text });
  }

  private refresh(req: FakeRequest): FakeResponse {
    const b = req.json<{ client_id?: string; client_secret?: string; grant_type?: string; refresh_token?: string }>();
    if (b.client_id !== this.opts.clientId || b.client_secret !== this.opts.clientSecret) return this.envelope(40001, 'client_id or client_secret is invalid');
    if (b.grant_type !== 'refresh_token' || !b.refresh_token || !this.opts.refreshTokens.includes(b.refresh_token))
      return this.envelope(40105, 'refresh_token is invalid or expired');
    this.refreshCount++;
    const n = ++this.tokenSeq;
    const access = `tt-access-token-r${n}`;
    const refresh = `tt-refresh-token-r${n}`;
    // The old refresh token is spent; the new pair replaces it.
    this.configure({ accessTokens: [...this.opts.accessTokens, access], refreshTokens: [...this.opts.refreshTokens.filter((t) => t !== b.refresh_token), refresh] });
    return this.envelope(0, 'OK', {
      access_token: access, expires_in: 86400, refresh_token: refresh, refresh_token_expires_in: 31536000,
      open_id: this.businessId, scope: 'user.info.basic,video.list,comment.list,comment.list.manage', token_type: 'Bearer',
    });
  }

  protected route(req: FakeRequest): FakeResponse | undefined {
    const notFound: FakeResponse = { status: 404, text: '404 page not found', headers: { 'content-type': 'text/plain' } };
    if (!req.path.startsWith(`${TIKTOK_API_PREFIX}/`) || !req.path.endsWith('/')) return notFound; // trailing slash is required (§4.1)
    const sub = req.path.slice(TIKTOK_API_PREFIX.length + 1);
    const res = this.handle(req, sub);
    if (!res) return notFound;
    const lost = this.lost.find((l) => l.times > 0 && req.path.includes(l.path));
    if (lost) {
      lost.times--;
      return { status: 0, hang: true };
    }
    return res;
  }

  private handle(req: FakeRequest, sub: string): FakeResponse | undefined {
    const route = `${req.method} ${sub}`;
    if (route === 'POST tt_user/oauth2/refresh_token/') return this.refresh(req);
    if (!['GET business/video/list/', 'GET business/comment/list/', 'GET business/comment/reply/list/', 'POST business/comment/reply/create/', 'GET business/get/'].includes(route)) return undefined;
    const token = req.headers['access-token'];
    if (typeof token !== 'string' || !token) return this.envelope(40104, 'Access token is null, please check your access token.');
    if (!this.opts.accessTokens.includes(token) || this.expiredTokens.has(token)) return this.envelope(40105, 'Access token is incorrect or has been revoked.');
    if (this.revokedScopes.has(SCOPES[sub])) return this.envelope(40002, `scope_not_authorized: ${SCOPES[sub]} is not authorized`);
    const cf = this.codeFaults.find((f) => (!f.path || req.path.includes(f.path)) && (f.times === -1 || f.used < (f.times ?? 1)));
    if (cf) cf.used++;
    if (cf && !cf.keepData) return this.envelope(cf.code, cf.message ?? 'injected');
    const res = this.dispatchApi(req, sub);
    if (cf && res.body) Object.assign(res.body, { code: cf.code, message: cf.message ?? 'Partial success' });
    return res;
  }

  private dispatchApi(req: FakeRequest, sub: string): FakeResponse {
    const q = req.query;
    if (req.method === 'POST') return this.createReply(req);
    if (q.business_id !== this.businessId) return this.envelope(40002, 'business_id: invalid');
    if (sub === 'business/get/')
      return this.envelope(0, 'OK', { username: this.username, display_name: 'Pemkab Sinjai', profile_image: `https://p16-sign.tiktokcdn.com/${this.username}.jpeg` });
    if (sub === 'business/video/list/') return this.listVideos(q);
    if (!this.videos.some((v) => v.item_id === q.video_id)) return this.envelope(40002, 'video not found');
    if (sub === 'business/comment/reply/list/') {
      const parent = q.comment_id ? this.findComment(q.comment_id) : undefined;
      if (!parent || parent.video_id !== q.video_id) return this.envelope(40002, 'comment not found');
      return this.page(this.liveComments(q.video_id).filter((c) => c.parent_comment_id === parent.comment_id), q);
    }
    let top = this.liveComments(q.video_id).filter((c) => !c.parent_comment_id && (q.status === 'ALL' || c.status === 'PUBLIC'));
    if (q.comment_ids) {
      let ids: string[];
      try {
        ids = JSON.parse(q.comment_ids) as string[];
      } catch {
        return this.envelope(40002, 'comment_ids: must be a JSON array');
      }
      if (!Array.isArray(ids) || ids.length > 30) return this.envelope(40002, 'comment_ids: at most 30 ids');
      top = top.filter((c) => ids.includes(c.comment_id));
    }
    return this.page(top, q);
  }

  protected override control(req: FakeRequest): FakeResponse | undefined {
    const p = req.path;
    const body = <T>() => req.json<T>();
    const many = <T, R>(fn: (x: T) => R): FakeResponse => {
      const input = body<T | T[]>();
      return { status: 201, body: { data: (Array.isArray(input) ? input : [input]).map(fn) } };
    };
    if (req.method === 'GET' && p === '/__fake/posted') return { status: 200, body: this.posted };
    if (req.method !== 'POST') return undefined;
    if (p === '/__fake/videos') return many((v: { caption?: string; createTime?: number }) => this.addVideo(v));
    if (p === '/__fake/comments') return many((c: AddCommentInput) => this.addComment(c));
    if (p === '/__fake/comments/delete') return many((c: { commentId: string }) => this.deleteComment(c.commentId));
    if (p === '/__fake/videos/delete') return many((v: { videoId: string }) => this.deleteVideo(v.videoId));
    if (p === '/__fake/config') this.configure(body<Partial<TikTokFakeOptions>>());
    else if (p === '/__fake/expire-token') this.expireToken(body<{ token: string }>().token);
    else if (p === '/__fake/revoke-scope') this.revokeScope(body<{ scope: string }>().scope);
    else if (p === '/__fake/inject-code') this.injectCode(body<CodeFault>());
    else if (p === '/__fake/lose-response') this.loseResponse(body<{ path: string; times?: number }>().path, body<{ times?: number }>().times);
    else return undefined;
    return { status: 200, body: { ok: true } };
  }
}
