import type { FakeRequest, FakeResponse } from './fake-server.js';
import {
  fakeTime,
  fieldNames,
  GraphFake,
  metaTime,
  nowSec,
  type FakeTime,
  type GraphFakeOptions,
} from './facebook.fake.js';

// Fake Instagram Graph API (platform-apis.md §2.8): media, comments (newest first, ≤ 50 a page,
// no time filter), replies, tags, mentioned_media/mentioned_comment reads, replying, and webhook
// payloads in both envelopes. Errors, tokens, paging and usage headers come from GraphFake.

type Json = Record<string, unknown>;

export interface IgFakeUser {
  id: string;
  username: string;
}

export interface IgFakeMedia {
  id: string;
  caption: string;
  timestamp: number;
  owner: IgFakeUser;
  mediaType: string;
  productType: string;
  /** Someone else's media that photo-tags the account. */
  tagsAccount?: boolean;
  deleted?: boolean;
}

export interface IgFakeComment {
  id: string;
  mediaId: string;
  parentId?: string;
  text: string;
  timestamp: number;
  from: IgFakeUser;
  likeCount: number;
  hidden?: boolean;
  deleted?: boolean;
}

export interface AddIgMediaInput {
  caption?: string;
  createdAt?: FakeTime;
  mediaType?: 'IMAGE' | 'VIDEO' | 'CAROUSEL_ALBUM';
  productType?: 'FEED' | 'REELS';
}

export interface AddIgCommentInput {
  mediaId: string;
  text: string;
  author?: { id?: string; username?: string };
  /** A reply under this top-level comment. */
  parentId?: string;
  createdAt?: FakeTime;
  byAccount?: boolean;
}

export interface AddIgMentionInput {
  text: string;
  author?: { id?: string; username?: string };
  /** Mentioned in the caption of the author's media (else in a comment on it). */
  inCaption?: boolean;
  createdAt?: FakeTime;
}

export type WebhookEnvelope = 'changes' | 'flat';

export interface InstagramFakeOptions extends GraphFakeOptions {
  igUserId?: string;
  username?: string;
}

const IG_DEFAULTS: Required<GraphFakeOptions> = {
  tokens: ['ig-token'],
  maxPageSize: 100,
  emptyPageEvery: 0,
  duplicateAcrossPages: false,
  maxPagingDepth: 1000,
  callBudget: 5000,
  missingIdsError: 'named',
};
const b64 = (o: Json): string => Buffer.from(JSON.stringify(o)).toString('base64url');
const big = (id: string): bigint => BigInt(id);

export class InstagramFake extends GraphFake {
  readonly igUserId: string;
  readonly username: string;
  private media: IgFakeMedia[] = [];
  private comments: IgFakeComment[] = [];
  private users = new Map<string, IgFakeUser>();
  private nextId = 17900000000000001n;
  private nextUser = 17841400000000001n;
  /** Comments and replies posted by the account through the API. */
  readonly posted: IgFakeComment[] = [];

  constructor(opts: InstagramFakeOptions = {}) {
    const { igUserId, username, ...graph } = opts;
    super(graph, IG_DEFAULTS, { type: 'instagram', throttleCode: 80002, label: 'Instagram' });
    this.igUserId = igUserId ?? '17841400000009999';
    this.username = username ?? 'pemkabsinjai';
  }

  protected get businessId(): string {
    return this.igUserId;
  }

  protected resetState(): void {
    this.resetGraph();
    this.media = [];
    this.comments = [];
    this.posted.length = 0;
  }

  private self(): IgFakeUser {
    return { id: this.igUserId, username: this.username };
  }

  private user(a?: { id?: string; username?: string }): IgFakeUser {
    if (a?.id && this.users.has(a.id)) return this.users.get(a.id)!;
    const id = a?.id ?? (this.nextUser += 7919n).toString();
    const u = { id, username: a?.username ?? `warga.${id.slice(-4)}` };
    this.users.set(id, u);
    return u;
  }

  private newId(): string {
    this.nextId += 1000n + BigInt(Math.floor(Math.random() * 1000));
    return this.nextId.toString();
  }

  /**
   * Demo restarts (issue 12 §4): ids continue from the clock, so a restarted fake never hands out
   * an id it gave before (X: always higher, as since_id needs).
   */
  continueIdsFrom(nowMs = Date.now()): void {
    const seed = 17900000000000001n + BigInt(Math.floor(nowMs)) * 1_000_000n;
    if (seed > this.nextId) this.nextId = seed;
  }

  addMedia(input: AddIgMediaInput = {}, owner: IgFakeUser = this.self()): IgFakeMedia {
    const m: IgFakeMedia = {
      id: this.newId(),
      caption: input.caption ?? '',
      timestamp: fakeTime(input.createdAt),
      owner,
      mediaType: input.mediaType ?? 'IMAGE',
      productType: input.productType ?? 'FEED',
    };
    this.media.push(m);
    return m;
  }

  addComment(input: AddIgCommentInput): IgFakeComment {
    const media = this.media.find((m) => m.id === input.mediaId && !m.deleted);
    if (!media) throw new Error(`no media ${input.mediaId}`);
    const c: IgFakeComment = {
      id: this.newId(),
      mediaId: media.id,
      parentId: input.parentId,
      text: input.text,
      timestamp: fakeTime(input.createdAt),
      from: input.byAccount ? this.self() : this.user(input.author),
      likeCount: 0,
    };
    this.comments.push(c);
    return c;
  }

  /** Someone @mentions the account; returns the ids a `mentions` webhook would carry. */
  addMention(input: AddIgMentionInput): { mediaId: string; commentId?: string } {
    const author = this.user(input.author);
    if (input.inCaption)
      return { mediaId: this.addMedia({ caption: input.text, createdAt: input.createdAt }, author).id };
    const m = this.addMedia({ caption: 'foto kegiatan', createdAt: input.createdAt }, this.user());
    const c = this.addComment({ mediaId: m.id, text: input.text, author, createdAt: input.createdAt });
    return { mediaId: m.id, commentId: c.id };
  }

  /** Someone else's media that photo-tags the account (`/tags`). */
  addTag(input: {
    caption: string;
    author?: { id?: string; username?: string };
    createdAt?: FakeTime;
  }): IgFakeMedia {
    const m = this.addMedia({ caption: input.caption, createdAt: input.createdAt }, this.user(input.author));
    m.tagsAccount = true;
    return m;
  }

  editItem(id: string, text: string): void {
    const m = this.media.find((x) => x.id === id);
    if (m) m.caption = text;
    const c = this.comments.find((x) => x.id === id);
    if (c) c.text = text;
    if (!m && !c) throw new Error(`no item ${id}`);
  }

  deleteItem(id: string): void {
    for (const m of this.media) if (m.id === id) m.deleted = true;
    for (const c of this.comments) if (c.id === id || c.parentId === id || c.mediaId === id) c.deleted = true;
  }

  allComments(): IgFakeComment[] {
    return this.comments.filter((c) => !c.deleted);
  }

  /** A `comments` webhook for a comment, in either envelope and with either id key (§2.7). */
  commentWebhook(
    c: IgFakeComment,
    envelope: WebhookEnvelope = 'changes',
    idKey: 'id' | 'comment_id' = 'id',
  ): Json {
    const value: Json = {
      [idKey]: c.id,
      from: c.from,
      text: c.text,
      media: { id: c.mediaId, media_product_type: 'FEED' },
    };
    if (c.parentId) value.parent_id = c.parentId;
    return this.envelope('comments', value, envelope);
  }

  mentionWebhook(ref: { mediaId: string; commentId?: string }, envelope: WebhookEnvelope = 'changes'): Json {
    return this.envelope(
      'mentions',
      { media_id: ref.mediaId, ...(ref.commentId ? { comment_id: ref.commentId } : {}) },
      envelope,
    );
  }

  private envelope(field: string, value: Json, envelope: WebhookEnvelope): Json {
    const entry: Json = { id: this.igUserId, time: nowSec() };
    if (envelope === 'flat') Object.assign(entry, { field, value });
    else entry.changes = [{ field, value }];
    return { object: 'instagram', entry: [entry] };
  }

  private live(): { media: IgFakeMedia[]; comments: IgFakeComment[] } {
    const media = this.media.filter((m) => !m.deleted);
    return {
      media,
      comments: this.comments.filter((c) => !c.deleted && media.some((m) => m.id === c.mediaId)),
    };
  }

  private renderMedia(m: IgFakeMedia, fields?: string): Json {
    const obj: Json = {
      id: m.id,
      caption: m.caption,
      timestamp: metaTime(m.timestamp),
      permalink: `https://www.instagram.com/p/${big(m.id).toString(36)}/`,
      media_type: m.mediaType,
      media_product_type: m.productType,
      comments_count: this.live().comments.filter((c) => c.mediaId === m.id).length,
      username: m.owner.username,
    };
    return this.pick(obj, fields, []);
  }

  private renderComment(c: IgFakeComment, fields?: string): Json {
    const obj: Json = {
      id: c.id,
      text: c.text,
      timestamp: metaTime(c.timestamp),
      from: c.from,
      username: c.from.username,
      like_count: c.likeCount,
      hidden: Boolean(c.hidden),
      media: { id: c.mediaId, media_product_type: 'FEED' },
      parent_id: c.parentId,
    };
    const out = this.pick(obj, fields, ['text', 'timestamp']);
    // `replies.limit(n){…}` expansion: the first n replies inline, then a `next` to /replies (§2.2).
    const exp = /replies(?:\.limit\((\d+)\))?(?:\{([^}]*)\})?/.exec(fields ?? '');
    if (exp && !c.parentId) {
      const limit = Math.min(Number(exp[1] ?? 25), 50, this.opts.maxPageSize);
      const all = this.replies(c.id);
      const page = all.slice(0, limit);
      const inner: Json = { data: page.map((r) => this.renderComment(r, exp[2])) };
      if (page.length) {
        const after = b64({ k: page[page.length - 1].id, d: 1 });
        inner.paging = { cursors: { before: b64({ k: page[0].id, d: 0 }), after } };
        if (all.length > limit)
          (inner.paging as Json).next =
            `${this.baseUrl}/v25.0/${c.id}/replies?limit=${limit}&after=${after}${exp[2] ? `&fields=${encodeURIComponent(exp[2])}` : ''}`;
      }
      out.replies = inner;
    }
    return out;
  }

  private replies(commentId: string): IgFakeComment[] {
    return this.live()
      .comments.filter((c) => c.parentId === commentId)
      .sort((a, b) => a.timestamp - b.timestamp || (big(a.id) < big(b.id) ? -1 : 1));
  }

  private mentioned(req: FakeRequest): FakeResponse | undefined {
    const fields = req.query.fields ?? '';
    const mm = /mentioned_media\.media_id\((\d+)\)(?:\{([^}]*)\})?/.exec(fields);
    const mc = /mentioned_comment\.comment_id\((\d+)\)(?:\{(.*)\})?/.exec(fields);
    const { media, comments } = this.live();
    if (mm) {
      const m = media.find(
        (x) => x.id === mm[1] && x.owner.id !== this.igUserId && x.caption.includes(`@${this.username}`),
      );
      return m
        ? { status: 200, body: { id: this.igUserId, mentioned_media: this.renderMedia(m, mm[2]) } }
        : undefined;
    }
    if (mc) {
      const c = comments.find((x) => x.id === mc[1] && x.text.includes(`@${this.username}`));
      if (!c) return undefined;
      const m = media.find((x) => x.id === c.mediaId)!;
      const body = {
        ...this.renderComment(c, mc[2]),
        media: {
          id: m.id,
          permalink: this.renderMedia(m, 'permalink').permalink,
          username: m.owner.username,
        },
      };
      return { status: 200, body: { id: this.igUserId, mentioned_comment: body } };
    }
    return {
      status: 200,
      body: this.pick(
        { id: this.igUserId, username: this.username, name: 'Pemkab Sinjai' },
        req.query.fields,
        ['username'],
      ),
    };
  }

  private post(mediaId: string, parentId: string | undefined, message: unknown): FakeResponse | undefined {
    if (typeof message !== 'string' || !message.trim())
      return this.graphError(400, 100, '(#100) The parameter message is required');
    if (!this.live().media.some((m) => m.id === mediaId)) return undefined;
    const c = this.addComment({ mediaId, parentId, text: message, byAccount: true });
    this.posted.push(c);
    return this.afterReply({ status: 200, body: { id: c.id } });
  }

  protected graphRoute(req: FakeRequest, parts: string[], body: Json): FakeResponse | undefined {
    const [id, edge] = parts;
    const get = req.method === 'GET';
    const { media, comments } = this.live();
    const newest = <T extends { timestamp: number; id: string }>(list: T[]): T[] =>
      list.sort((a, b) => b.timestamp - a.timestamp || (big(b.id) > big(a.id) ? 1 : -1));
    if (get && id === 'me' && !edge)
      return {
        status: 200,
        body: this.pick(
          { id: this.igUserId, user_id: this.igUserId, username: this.username },
          req.query.fields,
          ['username'],
        ),
      };
    if (id === this.igUserId) {
      if (get && !edge) return this.mentioned(req);
      if (get && edge === 'media')
        return this.page(req, newest(media.filter((m) => m.owner.id === this.igUserId)), (m) =>
          this.renderMedia(m, req.query.fields),
        );
      if (get && edge === 'tags')
        return this.page(req, newest(media.filter((m) => m.tagsAccount)), (m) =>
          this.renderMedia(m, req.query.fields),
        );
      if (!get && edge === 'mentions') {
        const mediaId = typeof body.media_id === 'string' ? body.media_id : '';
        const commentId = typeof body.comment_id === 'string' ? body.comment_id : undefined;
        if (commentId && !comments.some((c) => c.id === commentId && c.mediaId === mediaId)) return undefined;
        return this.post(mediaId, commentId, body.message);
      }
    }
    const m = media.find((x) => x.id === id);
    const c = comments.find((x) => x.id === id);
    if (m && edge === 'comments') {
      if (!get) return this.post(m.id, undefined, body.message);
      // Newest first, at most 50 a page, `since` ignored (§2.2).
      const top = newest(comments.filter((x) => x.mediaId === m.id && !x.parentId));
      return this.page(req, top, (x) => this.renderComment(x, req.query.fields), 50);
    }
    if (c && edge === 'replies') {
      // Only top-level comments take replies; a reply to a reply joins its thread (§2.2c).
      if (!get)
        return c.hidden
          ? this.graphError(400, 100, '(#100) Cannot reply to a hidden comment')
          : this.post(c.mediaId, c.parentId ?? c.id, body.message);
      return this.page(req, this.replies(c.id), (x) => this.renderComment(x, req.query.fields), 50);
    }
    if (get && !edge && c) return { status: 200, body: this.renderComment(c, req.query.fields) };
    if (get && !edge && m && (m.owner.id === this.igUserId || fieldNames(req.query.fields).size))
      return { status: 200, body: this.renderMedia(m, req.query.fields) };
    return undefined;
  }

  protected override control(req: FakeRequest): FakeResponse | undefined {
    const many = <T>(): T[] => {
      const b = req.json<T | T[]>();
      return Array.isArray(b) ? b : [b];
    };
    if (req.method === 'POST' && req.path === '/__fake/media')
      return { status: 201, body: { data: many<AddIgMediaInput>().map((i) => this.addMedia(i)) } };
    if (req.method === 'POST' && req.path === '/__fake/comments')
      return { status: 201, body: { data: many<AddIgCommentInput>().map((i) => this.addComment(i)) } };
    if (req.method === 'POST' && req.path === '/__fake/mentions') {
      const refs = many<AddIgMentionInput>().map((i) => this.addMention(i));
      return { status: 201, body: { data: refs, webhooks: refs.map((r) => this.mentionWebhook(r)) } };
    }
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
    return this.graphControl(req);
  }
}
