import { quotaDay } from '../connectors/kit/quota-budget.js';
import { DEFAULT_YT_COSTS, type YtCostTable } from '../connectors/youtube/youtube.types.js';
import { FakeServer, type Fault, type FakeRequest, type FakeResponse } from './fake-server.js';

// Fake YouTube Data API v3 (platform-apis.md §8): commentThreads.list (allThreadsRelatedToChannelId
// or videoId), comments.list (parentId or id), comments.insert, channels.list, Google's error
// envelope keyed on errors[0].reason, a daily quota counted per Pacific-time day with a
// configurable cost table (quotaExceeded is 403), commentsDisabled per video, OAuth refresh.

interface FakeComment {
  id: string;
  videoId: string;
  parentId?: string;
  text: string;
  authorId: string;
  authorName: string;
  publishedAt: string;
  updatedAt: string;
  /** textOriginal is only guaranteed to the comment's author (§8.1): the fake withholds it on request. */
  withholdOriginal?: boolean;
  deleted?: boolean;
}

export interface YouTubeFakeOptions {
  dailyLimit?: number;
  costs?: Partial<YtCostTable>;
  /** Largest page served, whatever maxResults asks (to force paging in tests). */
  maxPageSize?: number;
  /** How many replies a thread carries in part=replies. */
  repliesInThread?: number;
}

const b64 = (o: unknown): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const escapeHtml = (s: string): string => s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;').replace(/'/g, '&#39;').replace(/\n/g, '<br>');

export class YouTubeFake extends FakeServer {
  readonly channelId = 'UCsinjaiPemkabDemo000001';
  readonly channelTitle = 'Pemkab Sinjai Official';
  accessTokens = ['yt-access-token'];
  apiKeys = ['yt-api-key'];
  refreshTokens = ['yt-refresh-token'];
  readonly clientId = 'yt-client-id.apps.googleusercontent.com';
  readonly clientSecret = 'yt-client-secret';
  opts: Required<Omit<YouTubeFakeOptions, 'costs'>> & { costs: YtCostTable };
  readonly videos = new Map<string, { title: string; commentsDisabled: boolean }>();
  private comments: FakeComment[] = [];
  private seq = 0;
  private unitsByDay = new Map<string, number>();
  refreshCount = 0;

  constructor(o: YouTubeFakeOptions = {}) {
    super();
    this.opts = { dailyLimit: o.dailyLimit ?? 10_000, costs: { ...DEFAULT_YT_COSTS, ...o.costs }, maxPageSize: o.maxPageSize ?? 100, repliesInThread: o.repliesInThread ?? 5 };
  }

  configure(o: YouTubeFakeOptions): void {
    this.opts = { ...this.opts, ...o, costs: { ...this.opts.costs, ...o.costs } };
  }

  protected resetState(): void {
    this.comments = [];
    this.videos.clear();
    this.unitsByDay.clear();
    this.accessTokens = ['yt-access-token'];
    this.refreshTokens = ['yt-refresh-token'];
    this.refreshCount = 0;
  }

  /** Units charged today (Pacific time), as Google counts them. */
  unitsToday(): number {
    return this.unitsByDay.get(quotaDay(new Date(), 'America/Los_Angeles').day) ?? 0;
  }

  // ---- content ----------------------------------------------------------------------------

  addVideo(title = 'Video Pemkab Sinjai'): string {
    const id = `vid${String(++this.seq).padStart(8, '0')}`;
    this.videos.set(id, { title, commentsDisabled: false });
    return id;
  }

  disableComments(videoId: string, disabled = true): void {
    const v = this.videos.get(videoId);
    if (v) v.commentsDisabled = disabled;
  }

  /**
   * Demo restarts (issue 12 §4): ids continue from the clock, so a restarted fake never hands out
   * an id it gave before (X: always higher, as since_id needs).
   */
  continueIdsFrom(nowMs = Date.now()): void {
    if (nowMs > this.seq) this.seq = Math.floor(nowMs);
  }

  private newId(parentId?: string): string {
    const id = `Ugx${(++this.seq).toString(36).padStart(10, '0')}AaABAg`;
    return parentId ? `${parentId}.${(++this.seq).toString(36)}9Kz` : id;
  }

  /** A top-level comment (a new thread); `videoId` defaults to the newest video. */
  addComment(input: { videoId?: string; text: string; author?: string; publishedAt?: string; withholdOriginal?: boolean }): FakeComment {
    const videoId = input.videoId ?? [...this.videos.keys()].at(-1) ?? this.addVideo();
    const at = input.publishedAt ?? new Date().toISOString();
    const name = input.author ?? `@warga${this.seq}`;
    const c: FakeComment = { id: this.newId(), videoId, text: input.text, authorId: `UC${Buffer.from(name).toString('hex').slice(0, 20).padEnd(22, 'x')}`, authorName: name, publishedAt: at, updatedAt: at, withholdOriginal: input.withholdOriginal };
    this.comments.push(c);
    return c;
  }

  addReply(input: { threadId: string; text: string; author?: string; publishedAt?: string; byChannel?: boolean }): FakeComment {
    const top = this.comments.find((c) => c.id === input.threadId && !c.parentId);
    if (!top) throw new Error(`no thread ${input.threadId}`);
    const at = input.publishedAt ?? new Date().toISOString();
    const name = input.byChannel ? this.channelTitle : (input.author ?? `@warga${this.seq}`);
    const authorId = input.byChannel ? this.channelId : `UC${Buffer.from(name).toString('hex').slice(0, 20).padEnd(22, 'x')}`;
    const c: FakeComment = { id: this.newId(top.id), videoId: top.videoId, parentId: top.id, text: input.text, authorId, authorName: name, publishedAt: at, updatedAt: at };
    this.comments.push(c);
    return c;
  }

  editComment(id: string, text: string): void {
    const c = this.comments.find((x) => x.id === id);
    if (c) Object.assign(c, { text, updatedAt: new Date(Math.max(Date.now(), Date.parse(c.publishedAt) + 1000)).toISOString() });
  }

  deleteComment(id: string): void {
    for (const c of this.comments) if (c.id === id || c.parentId === id) c.deleted = true;
  }

  /** Replies the channel posted through comments.insert. */
  posted(): FakeComment[] {
    return this.comments.filter((c) => c.authorId === this.channelId);
  }

  // ---- wire -------------------------------------------------------------------------------

  private error(status: number, reason: string, message: string, domain = 'youtube.api'): FakeResponse {
    const statusText: Record<number, string> = { 400: 'INVALID_ARGUMENT', 401: 'UNAUTHENTICATED', 403: 'PERMISSION_DENIED', 404: 'NOT_FOUND', 429: 'RESOURCE_EXHAUSTED', 500: 'INTERNAL', 503: 'UNAVAILABLE' };
    return { status, body: { error: { code: status, message, errors: [{ message, domain, reason }], status: statusText[status] ?? 'UNKNOWN' } } };
  }

  protected faultResponse(fault: Fault): FakeResponse {
    switch (fault.kind) {
      case 'rate_limit':
        return this.error(403, 'rateLimitExceeded', 'The request cannot be completed because you have exceeded your rate limit.', 'youtube.quota');
      case 'quota':
        return this.quotaExceeded();
      case 'expired_token':
        return this.error(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'global');
      case 'permission':
        return this.error(403, 'insufficientPermissions', 'Request had insufficient authentication scopes.', 'global');
      default:
        return this.error(fault.status ?? 503, 'backendError', 'Backend Error', 'global');
    }
  }

  private quotaExceeded(): FakeResponse {
    return this.error(403, 'quotaExceeded', 'The request cannot be completed because you have exceeded your <a href="/youtube/v3/getting-started#quota">quota</a>.', 'youtube.quota');
  }

  /** "All API requests, including invalid requests, incur a quota cost of at least one point" (§8.5). */
  private charge(units: number): boolean {
    const day = quotaDay(new Date(), 'America/Los_Angeles').day;
    const used = this.unitsByDay.get(day) ?? 0;
    if (used + units > this.opts.dailyLimit) return false;
    this.unitsByDay.set(day, used + units);
    return true;
  }

  private resource(c: FakeComment, textFormat: string): Record<string, unknown> {
    const snippet: Record<string, unknown> = {
      channelId: this.channelId,
      videoId: c.videoId,
      textDisplay: textFormat === 'plainText' ? c.text : escapeHtml(c.text),
      ...(c.withholdOriginal ? {} : { textOriginal: c.text }),
      ...(c.parentId ? { parentId: c.parentId } : {}),
      authorDisplayName: c.authorName,
      authorProfileImageUrl: `https://yt3.ggpht.com/${c.authorId}=s48`,
      authorChannelUrl: `http://www.youtube.com/${c.authorName.startsWith('@') ? c.authorName : `channel/${c.authorId}`}`,
      authorChannelId: { value: c.authorId },
      canRate: true,
      viewerRating: 'none',
      likeCount: 0,
      moderationStatus: 'published',
      publishedAt: c.publishedAt,
      updatedAt: c.updatedAt,
    };
    return { kind: 'youtube#comment', etag: `e${c.id.length}`, id: c.id, snippet };
  }

  private page<T>(all: T[], req: FakeRequest): { items: T[]; next?: string } | FakeResponse {
    const max = Math.min(Number(req.query.maxResults ?? 20), this.opts.maxPageSize);
    if (!Number.isInteger(max) || max < 1 || max > 100) return this.error(400, 'invalidParameter', 'Invalid value for parameter maxResults', 'youtube.parameter');
    let start = 0;
    if (req.query.pageToken) {
      try {
        start = (JSON.parse(Buffer.from(req.query.pageToken, 'base64url').toString('utf8')) as { o: number }).o;
        if (!Number.isInteger(start) || start < 0) throw new Error('bad');
      } catch {
        return this.error(400, 'invalidPageToken', 'The request specifies an invalid page token.', 'youtube.parameter');
      }
    }
    // An offset token, as Google's behave: a comment added meanwhile shifts the pages (duplicates, not gaps).
    return { items: all.slice(start, start + max), next: start + max < all.length ? b64({ o: start + max }) : undefined };
  }

  private authed(req: FakeRequest, write: boolean): FakeResponse | undefined {
    const bearer = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''))?.[1];
    if (bearer && this.accessTokens.includes(bearer)) return undefined;
    if (!write && !bearer && req.query.key && this.apiKeys.includes(req.query.key)) return undefined;
    return this.error(401, 'authError', 'Request had invalid authentication credentials. Expected OAuth 2 access token.', 'global');
  }

  protected route(req: FakeRequest): FakeResponse | undefined {
    const p = req.path;
    if (req.method === 'POST' && p === '/token') return this.refresh(req);
    const method = p === '/youtube/v3/commentThreads' && req.method === 'GET' ? 'commentThreads.list' : p === '/youtube/v3/comments' ? (req.method === 'POST' ? 'comments.insert' : 'comments.list') : p === '/youtube/v3/channels' ? 'channels.list' : undefined;
    if (!method) return undefined;
    if (!this.charge(this.opts.costs[method] || 1)) return this.quotaExceeded();
    const denied = this.authed(req, method === 'comments.insert');
    if (denied) return denied;
    const tf = req.query.textFormat ?? 'html';
    const live = this.comments.filter((c) => !c.deleted);
    if (method === 'channels.list') return { status: 200, body: { kind: 'youtube#channelListResponse', items: req.query.id === this.channelId ? [{ kind: 'youtube#channel', id: this.channelId }] : [] } };
    if (method === 'commentThreads.list') {
      let tops = live.filter((c) => !c.parentId);
      if (req.query.videoId) {
        const v = this.videos.get(req.query.videoId);
        if (!v) return this.error(404, 'videoNotFound', 'The video identified by the videoId parameter could not be found.', 'youtube.commentThread');
        if (v.commentsDisabled) return this.error(403, 'commentsDisabled', 'The video identified by the <code>videoId</code> parameter has disabled comments.', 'youtube.commentThread');
        tops = tops.filter((c) => c.videoId === req.query.videoId);
      } else if (req.query.allThreadsRelatedToChannelId) {
        if (req.query.allThreadsRelatedToChannelId !== this.channelId) return this.error(404, 'channelNotFound', 'The channel identified by the allThreadsRelatedToChannelId parameter could not be found.', 'youtube.commentThread');
        tops = tops.filter((c) => !this.videos.get(c.videoId)?.commentsDisabled);
      } else return this.error(400, 'missingRequiredParameter', 'No filter selected.', 'youtube.parameter');
      tops.sort((a, b) => (a.publishedAt < b.publishedAt ? 1 : a.publishedAt > b.publishedAt ? -1 : b.id.localeCompare(a.id)));
      const pg = this.page(tops, req);
      if ('status' in pg) return pg;
      const withReplies = String(req.query.part ?? '').includes('replies');
      const items = pg.items.map((t) => {
        const replies = live.filter((r) => r.parentId === t.id).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt));
        return {
          kind: 'youtube#commentThread',
          id: t.id,
          snippet: { channelId: this.channelId, videoId: t.videoId, topLevelComment: this.resource(t, tf), canReply: true, totalReplyCount: replies.length, isPublic: true },
          ...(withReplies && replies.length ? { replies: { comments: replies.slice(0, this.opts.repliesInThread).map((r) => this.resource(r, tf)) } } : {}),
        };
      });
      return { status: 200, body: { kind: 'youtube#commentThreadListResponse', ...(pg.next ? { nextPageToken: pg.next } : {}), pageInfo: { totalResults: items.length, resultsPerPage: items.length }, items } };
    }
    if (method === 'comments.list') {
      if (req.query.id) {
        const ids = req.query.id.split(',');
        return { status: 200, body: { kind: 'youtube#commentListResponse', items: live.filter((c) => ids.includes(c.id)).map((c) => this.resource(c, tf)) } };
      }
      const parent = this.comments.find((c) => c.id === req.query.parentId && !c.parentId);
      if (!parent || parent.deleted) return this.error(404, 'commentNotFound', 'The comment identified by the parentId parameter could not be found.', 'youtube.comment');
      if (this.videos.get(parent.videoId)?.commentsDisabled) return this.error(403, 'commentsDisabled', 'The video has disabled comments.', 'youtube.comment');
      const pg = this.page(live.filter((c) => c.parentId === parent.id).sort((a, b) => a.publishedAt.localeCompare(b.publishedAt)), req);
      if ('status' in pg) return pg;
      return { status: 200, body: { kind: 'youtube#commentListResponse', ...(pg.next ? { nextPageToken: pg.next } : {}), items: pg.items.map((c) => this.resource(c, tf)) } };
    }
    // comments.insert (§8.3)
    const snippet = (req.json<{ snippet?: { parentId?: string; textOriginal?: string } }>().snippet ?? {});
    if (!snippet.parentId) return this.error(400, 'parentIdMissing', 'No parent ID was specified.', 'youtube.comment');
    if (!snippet.textOriginal?.trim()) return this.error(400, 'commentTextRequired', 'The comment resource must contain a snippet.textOriginal property.', 'youtube.comment');
    if (snippet.textOriginal.length > 10_000) return this.error(400, 'commentTextTooLong', 'The comment resource contains too many characters in the snippet.textOriginal property.', 'youtube.comment');
    const parent = live.find((c) => c.id === snippet.parentId);
    if (!parent) return this.error(404, 'parentCommentNotFound', 'The specified parent comment could not be found.', 'youtube.comment');
    if (parent.parentId) return this.error(400, 'operationNotSupported', 'The API user is not able to insert a comment in reply to the specified comment.', 'youtube.comment');
    if (this.videos.get(parent.videoId)?.commentsDisabled) return this.error(403, 'commentsDisabled', 'The video has disabled comments.', 'youtube.comment');
    const c = this.addReply({ threadId: parent.id, text: snippet.textOriginal, byChannel: true });
    return { status: 200, body: this.resource(c, 'html') };
  }

  /** Google's token endpoint: form body, OAuth errors, no refresh-token rotation. */
  private refresh(req: FakeRequest): FakeResponse {
    const f = new URLSearchParams(req.body);
    if (f.get('client_id') !== this.clientId || f.get('client_secret') !== this.clientSecret) return { status: 401, body: { error: 'invalid_client', error_description: 'Unauthorized' } };
    if (f.get('grant_type') !== 'refresh_token' || !this.refreshTokens.includes(f.get('refresh_token') ?? '')) return { status: 400, body: { error: 'invalid_grant', error_description: 'Token has been expired or revoked.' } };
    this.refreshCount++;
    const token = `yt-access-token-r${this.refreshCount}`;
    this.accessTokens.push(token);
    return { status: 200, body: { access_token: token, expires_in: 3599, scope: 'https://www.googleapis.com/auth/youtube.force-ssl', token_type: 'Bearer' } };
  }

  protected override control(req: FakeRequest): FakeResponse | undefined {
    const body = req.method === 'POST' ? req.json<Record<string, unknown>>() : {};
    switch (`${req.method} ${req.path}`) {
      case 'POST /__fake/video':
        return { status: 201, body: { id: this.addVideo(typeof body.title === 'string' ? body.title : undefined) } };
      case 'POST /__fake/comment':
        return { status: 201, body: this.addComment({ videoId: body.videoId as string | undefined, text: typeof body.text === 'string' ? body.text : '', author: body.author as string | undefined }) };
      case 'POST /__fake/reply':
        return { status: 201, body: this.addReply({ threadId: String(body.threadId), text: typeof body.text === 'string' ? body.text : '', author: body.author as string | undefined }) };
      case 'POST /__fake/disable-comments':
        this.disableComments(String(body.videoId), body.disabled !== false);
        return { status: 200, body: { ok: true } };
      case 'POST /__fake/config':
        this.configure(body);
        return { status: 200, body: { ok: true } };
      case 'GET /__fake/quota':
        return { status: 200, body: { unitsToday: this.unitsToday(), dailyLimit: this.opts.dailyLimit } };
      case 'GET /__fake/posted':
        return { status: 200, body: this.posted() };
      default:
        return undefined;
    }
  }
}
