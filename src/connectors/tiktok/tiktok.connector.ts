import type { AxiosInstance } from 'axios';
import type {
  Connector,
  ConnectorAccountContext,
  FetchResult,
  HealthStatus,
  ItemState,
  NormalizedItem,
  RefreshRef,
  RejectedItem,
  ReplyResult,
  ReplyTarget,
} from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { networkError } from '../http-client.factory.js';
import { mapEachSafely } from '../kit/item-guard.js';
import { SHARED_TIKTOK_MEMORY, TikTokClient, type TikTokMemory } from './tiktok.client.js';
import { newRun, newScan, parseTikTokCursor, queueReplies, settle } from './tiktok.cursor.js';
import { type CommentContext, createTimeSec, mapComment, pageCursor, readCommentList, readVideoList, secToIso, stringId } from './tiktok.mapper.js';
import type { TikTokComment, TikTokCursor, TikTokReplyCreated, TikTokRun, TikTokScan, TikTokSettings } from './tiktok.types.js';

const VIDEO_FIELDS = JSON.stringify(['item_id', 'create_time', 'caption', 'share_url', 'comments']);
const PROFILE_FIELDS = JSON.stringify(['display_name', 'profile_image', 'username']);
const VIDEO_PAGE = 20; // max_count 1–20 (§4.1)
const COMMENT_PAGE = 30; // max_count ≤ 30, comment_ids ≤ 30 (§4.1)
const MAX_LIST_PAGES = 10;
const MAX_SCAN_PAGES = 200;
const MAX_REPLY_PAGES = 50;
// TikTok's limit (§4.1); counted in characters (code points), as a person would.
export const TIKTOK_REPLY_MAX_CHARS = 150;

interface Step {
  items: NormalizedItem[];
  /** TikTok page cursor that continues this paging in the next call. */
  next?: number;
}

type Page = { comments: TikTokComment[]; next?: number; warnings: string[] };

// TikTok's wording for a deleted video or comment is unconfirmed (§4.1 ⚠️): not_found, or a
// parameter error naming the object, both mean it is gone.
const isGone = (e: unknown, what: 'video' | 'comment'): boolean =>
  e instanceof ConnectorError && (e.kind === 'not_found' || (e.kind === 'invalid_request' && new RegExp(what, 'i').test(e.message)));

/**
 * TikTok API for Business, Accounts API (platform-apis.md §4.1): comments and replies on the
 * account's videos. One fetchSince call is one HTTP page: list the newest videos, then, per
 * changed or recent video, comments newest first down to the watermark minus the overlap, then the
 * replies of comments whose reply count grew. The stored cursor advances a video only when its
 * scan is complete, so a crash between calls replays pages (absorbed by the upsert) and never skips.
 */
export class TikTokConnector implements Connector {
  readonly platform = 'tiktok' as const;
  private readonly client: TikTokClient;
  private readonly memory: TikTokMemory;
  private readonly now: () => Date;
  /** Comments of the current fetch that could not be mapped (quarantined by the ingestion stage). */
  private rejected: RejectedItem[] = [];
  private readonly s: Required<TikTokSettings>;

  constructor(
    http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    opts: { now?: () => Date; memory?: TikTokMemory } = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    this.memory = opts.memory ?? SHARED_TIKTOK_MEMORY;
    this.client = new TikTokClient(http, account, this.memory, this.now);
    const st = account.settings as TikTokSettings;
    const num = (v: unknown, d: number, min: number): number => (typeof v === 'number' && Number.isFinite(v) ? Math.max(min, v) : d);
    this.s = {
      maxVideos: num(st.maxVideos, 40, 1),
      recentVideoHours: num(st.recentVideoHours, 72, 0),
      backfillHours: num(st.backfillHours, 72, 1),
      overlapSec: num(st.overlapSec, 300, 120),
    };
  }

  /** `business_id` in every call is the account's open_id (§4.1). */
  private get businessId(): string {
    return this.account.externalAccountId;
  }

  async fetchSince(raw: string | null, opts: { maxItems?: number; signal?: AbortSignal } = {}): Promise<FetchResult> {
    const parsed = parseTikTokCursor(raw);
    const cursor = parsed.cursor;
    const warnings = parsed.warning ? [parsed.warning] : [];
    this.rejected = [];
    const run = (cursor.run ??= newRun());
    // Continue a paging only with the page cursor this process handed out for it; otherwise the
    // paging restarts from its first page (a replay, never a skip).
    const resume = run.pk ? this.memory.getPage(this.account.id, run.pk, this.now()) : undefined;
    delete run.pk;
    run.step++;
    let step: Step;
    if (run.listed && !run.scan && !run.queue.length) step = { items: [] }; // nothing left: settle ends the run
    else if (!run.listed) step = await this.listStep(cursor, run, resume, warnings, opts.signal);
    else {
      const scan = (run.scan ??= newScan(run.queue.shift()!));
      step = scan.commentsDone ? await this.replyStep(scan, resume, warnings, opts.signal) : await this.commentStep(cursor, scan, resume, warnings, opts.signal);
    }
    if (step.next !== undefined) {
      run.pk = `${run.id}:${run.step}`;
      this.memory.setPage(this.account.id, run.pk, step.next, this.now());
    }
    settle(cursor);
    return { items: step.items, nextCursor: JSON.stringify(cursor), hasMore: cursor.run !== undefined, warnings: warnings.length ? warnings : undefined, rejected: this.rejected };
  }

  /** Comments mapped one by one: one that cannot be mapped is quarantined, the rest go on. */
  private mapSafely(comments: TikTokComment[], ctx: CommentContext, warnings: string[]): NormalizedItem[] {
    return mapEachSafely(comments, (c) => mapComment(c, ctx), (c) => String(c?.comment_id ?? '?'), warnings, this.rejected, (c) => ({ comment: c, ctx: { ...ctx, now: undefined } }));
  }

  remap(raw: unknown): NormalizedItem | null {
    const e = raw as { comment?: TikTokComment; ctx?: Omit<CommentContext, 'now'> } | null;
    if (!e?.comment || !e.ctx) throw new Error('not a kept TikTok comment');
    return mapComment(e.comment, { ...e.ctx, businessId: this.businessId, now: this.now() });
  }

  /** §4.1 step 1: the newest videos and their comment counts decide which get scanned. */
  private async listStep(cursor: TikTokCursor, run: TikTokRun, resume: number | undefined, warnings: string[], signal?: AbortSignal): Promise<Step> {
    const what = 'TikTok video list';
    const params: Record<string, string | number> = { business_id: this.businessId, fields: VIDEO_FIELDS, max_count: VIDEO_PAGE };
    if (resume !== undefined) params.cursor = resume;
    const res = await this.client.get<unknown>('/business/video/list/', params, what, signal);
    const list = readVideoList(res.data);
    if (!list) throw new ConnectorError('malformed_response', `${what}: unexpected body shape`);
    if (res.warning) {
      warnings.push(res.warning);
      run.keepUnlisted = true;
    }
    run.listPages = resume === undefined ? 1 : run.listPages + 1;
    const nowSec = Math.floor(this.now().getTime() / 1000);
    for (const v of list.videos) {
      if (run.listedIds.includes(v.item_id)) continue;
      if (run.listedIds.length >= this.s.maxVideos) break;
      run.listedIds.push(v.item_id);
      const st = cursor.videos[v.item_id];
      const created = createTimeSec(v.create_time);
      const recent = created !== undefined && created >= nowSec - this.s.recentVideoHours * 3600;
      const count = v.comments;
      if (!st && count === 0) cursor.videos[v.item_id] = { c: 0 };
      else if (!st || count === undefined || count !== st.c || (recent && count > 0))
        if (!run.queue.some((q) => q.id === v.item_id) && run.scan?.video !== v.item_id) run.queue.push({ id: v.item_id, c: count, url: v.share_url });
    }
    const next = list.has_more ? pageCursor(list.cursor) : undefined;
    if (list.has_more && next === undefined) warnings.push(`${what}: has_more without a usable cursor`);
    if (next !== undefined && run.listedIds.length < this.s.maxVideos && run.listPages < MAX_LIST_PAGES) return { items: [], next };
    run.listed = true;
    return { items: [] };
  }

  /** §4.1 step 2: one page of a video's comments, newest first. */
  private async commentStep(cursor: TikTokCursor, scan: TikTokScan, resume: number | undefined, warnings: string[], signal?: AbortSignal): Promise<Step> {
    const st = cursor.videos[scan.video];
    let page: Page;
    try {
      page = await this.commentPage('/business/comment/list/', { video_id: scan.video, status: 'ALL' }, resume, 'TikTok comment list', signal);
    } catch (e) {
      if (!isGone(e, 'video')) throw e;
      // A video deleted mid-run would otherwise fail every retry of this step.
      warnings.push(`video ${scan.video} is gone: ${(e as ConnectorError).message}`);
      Object.assign(scan, { gone: true, commentsDone: true, replyQueue: [] });
      return { items: [] };
    }
    warnings.push(...page.warnings);
    if (resume === undefined) Object.assign(scan, { explained: 0, pages: 0, prev: [] });
    scan.pages++;
    const prev = new Set(scan.prev ?? []);
    const items: NormalizedItem[] = [];
    let low: number | undefined;
    for (const c of page.comments) {
      const t = createTimeSec(c.create_time);
      if (t !== undefined) {
        scan.top = Math.max(scan.top ?? t, t);
        low = Math.min(low ?? t, t);
      }
      const ctx = { businessId: this.businessId, videoId: scan.video, videoUrl: scan.url, now: this.now() };
      items.push(...this.mapSafely([c], ctx, warnings));
      if (prev.has(c.comment_id)) continue; // repeated across pages: already counted
      if (st?.wm !== undefined && t !== undefined && t > st.wm) scan.explained++;
      const replies = typeof c.replies === 'number' ? c.replies : 0;
      const known = scan.r[c.comment_id] ?? st?.r?.[c.comment_id] ?? 0;
      if (replies > known) {
        scan.explained += replies - known;
        queueReplies(scan, c.comment_id, replies);
      }
    }
    scan.prev = page.comments.map((c) => c.comment_id);
    const nowSec = Math.floor(this.now().getTime() / 1000);
    const horizon = st?.wm !== undefined ? st.wm - this.s.overlapSec : nowSec - this.s.backfillHours * 3600;
    const reachedOld = low !== undefined && low < horizon;
    let more = page.next !== undefined && (!reachedOld || Boolean(scan.deep));
    // Growth the new comments do not account for is a reply to an older comment: read on.
    if (!more && page.next !== undefined && st && scan.c !== undefined && scan.explained < scan.c - st.c) {
      scan.deep = true;
      more = true;
    }
    if (more && scan.pages >= MAX_SCAN_PAGES) {
      warnings.push(`possible gap: stopped reading video ${scan.video} after ${scan.pages} pages of comments`);
      more = false;
    }
    if (more) return { items, next: page.next };
    scan.commentsDone = true;
    return { items };
  }

  /** §4.1 step 2, second half: one page of the replies of a comment whose reply count grew. */
  private async replyStep(scan: TikTokScan, resume: number | undefined, warnings: string[], signal?: AbortSignal): Promise<Step> {
    const rp = (scan.replying ??= { ...scan.replyQueue.shift()!, pages: 0 });
    if (resume === undefined) rp.pages = 0;
    let page: Page;
    try {
      page = await this.commentPage('/business/comment/reply/list/', { video_id: scan.video, comment_id: rp.comment }, resume, 'TikTok reply list', signal);
    } catch (e) {
      if (!isGone(e, 'comment')) throw e;
      delete scan.replying; // the comment was deleted, and its replies with it
      return { items: [] };
    }
    warnings.push(...page.warnings);
    rp.pages++;
    const ctx = { businessId: this.businessId, videoId: scan.video, videoUrl: scan.url, parentId: rp.comment, now: this.now() };
    const items = this.mapSafely(page.comments, ctx, warnings);
    if (page.next !== undefined && rp.pages < MAX_REPLY_PAGES) return { items, next: page.next };
    if (page.next !== undefined) warnings.push(`possible gap: stopped reading replies of ${rp.comment} after ${rp.pages} pages`);
    scan.r[rp.comment] = rp.replies;
    delete scan.replying;
    return { items };
  }

  private async commentPage(path: string, extra: Record<string, string>, resume: number | undefined, what: string, signal?: AbortSignal): Promise<Page> {
    const params: Record<string, string | number> = {
      business_id: this.businessId,
      ...extra,
      sort_field: 'create_time',
      sort_order: 'desc',
      max_count: COMMENT_PAGE,
    };
    if (resume !== undefined) params.cursor = resume;
    const res = await this.client.get<unknown>(path, params, what, signal);
    const read = readCommentList(res.data);
    if (!read) throw new ConnectorError('malformed_response', `${what}: unexpected body shape`);
    const warnings = res.warning ? [res.warning] : [];
    if (read.dropped) warnings.push(`${what}: ${read.dropped} comment(s) without a usable id skipped`);
    const next = read.list.has_more ? pageCursor(read.list.cursor) : undefined;
    if (read.list.has_more && next === undefined) warnings.push(`${what}: has_more without a usable cursor`);
    return { comments: read.list.comments, next, warnings };
  }

  async reply(target: ReplyTarget, text: string, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<ReplyResult> {
    if (!text.trim()) throw new ConnectorError('invalid_request', 'TikTok reply: empty text');
    if ([...text].length > TIKTOK_REPLY_MAX_CHARS)
      throw new ConnectorError('invalid_request', `TikTok reply: text is ${[...text].length} characters, the limit is ${TIKTOK_REPLY_MAX_CHARS}`);
    const body = { business_id: this.businessId, video_id: this.videoOf(target), comment_id: target.targetId, text };
    const res = await this.client.post<TikTokReplyCreated>('/business/comment/reply/create/', body, 'TikTok reply', opts.signal);
    const id = stringId(res.data?.comment_id);
    if (!id) throw new ConnectorError('malformed_response', 'TikTok reply: no comment_id in the response');
    const t = createTimeSec(res.data.create_time);
    return { externalId: id, postedAt: t !== undefined ? secToIso(t) : this.now().toISOString(), raw: res.data };
  }

  /** §6.5: the replies of the comment, looking for one by the account (`owner`) with this text. */
  async findReply(target: ReplyTarget, text: string, opts: { signal?: AbortSignal } = {}): Promise<ReplyResult | null> {
    const videoId = this.videoOf(target);
    let resume: number | undefined;
    for (let i = 0; i < MAX_REPLY_PAGES; i++) {
      const page = await this.commentPage('/business/comment/reply/list/', { video_id: videoId, comment_id: target.targetId }, resume, 'TikTok reply lookup', opts.signal);
      const hit = page.comments.find((c) => c.owner === true && typeof c.text === 'string' && c.text.trim() === text.trim());
      if (hit) {
        const t = createTimeSec(hit.create_time);
        return { externalId: hit.comment_id, postedAt: t !== undefined ? secToIso(t) : this.now().toISOString(), raw: hit };
      }
      if (page.next === undefined) return null;
      resume = page.next;
    }
    return null;
  }

  /**
   * Re-reads comments by id (§6.4 #9: deleted TikTok comments just vanish from lists). TikTok has
   * no lookup across videos: the cheapest batch is `comment/list/` with `comment_ids` (≤ 30, one
   * video a call, §4.1); replies have no id filter, so each parent's reply list is read once for
   * all its replies. A deleted video or parent answers "not found", which takes its comments along.
   */
  async refreshItems(refs: RefreshRef[], opts: { signal?: AbortSignal } = {}): Promise<ItemState[]> {
    const out: ItemState[] = [];
    const groups = new Map<string, { videoId: string; parent?: string; ids: string[] }>();
    for (const r of refs) {
      const videoId = r.replyTarget.extra?.videoId;
      if (!videoId) continue;
      const parent = r.externalId === r.replyTarget.targetId ? undefined : r.replyTarget.targetId;
      const key = `${videoId}:${parent ?? ''}`;
      if (!groups.has(key)) groups.set(key, { videoId, parent, ids: [] });
      groups.get(key)!.ids.push(r.externalId);
    }
    for (const g of groups.values()) {
      const found = new Map<string, TikTokComment>();
      try {
        if (g.parent) {
          let resume: number | undefined;
          for (let i = 0; i < MAX_REPLY_PAGES; i++) {
            const page = await this.commentPage('/business/comment/reply/list/', { video_id: g.videoId, comment_id: g.parent }, resume, 'TikTok reply refresh', opts.signal);
            for (const c of page.comments) found.set(c.comment_id, c);
            if (page.next === undefined) break;
            resume = page.next;
          }
        } else
          for (let i = 0; i < g.ids.length; i += COMMENT_PAGE) {
            const ids = JSON.stringify(g.ids.slice(i, i + COMMENT_PAGE));
            const page = await this.commentPage('/business/comment/list/', { video_id: g.videoId, comment_ids: ids, status: 'ALL' }, undefined, 'TikTok comment refresh', opts.signal);
            for (const c of page.comments) found.set(c.comment_id, c);
          }
      } catch (e) {
        // A deleted video or parent comment takes its comments with it; any other failure (a
        // permission, a rate limit, an unknown "not found") proves nothing and marks nothing.
        if (!(e instanceof ConnectorError && e.kind === 'not_found' && /video|comment/i.test(e.message))) throw e;
      }
      for (const id of g.ids) {
        const c = found.get(id);
        out.push(c ? { externalId: id, deleted: false, text: c.text } : { externalId: id, deleted: true });
      }
    }
    return out;
  }

  async health(): Promise<HealthStatus> {
    const checkedAt = this.now().toISOString();
    try {
      const res = await this.client.get<unknown>('/business/get/', { business_id: this.businessId, fields: PROFILE_FIELDS }, 'TikTok health');
      return res.warning ? { state: 'degraded', checkedAt, detail: res.warning } : { state: 'ok', checkedAt };
    } catch (e) {
      const err = networkError(e, 'TikTok health');
      const state =
        err.kind === 'auth_expired' ? 'auth_expired'
        : err.kind === 'permission' ? 'permission_missing'
        : err.kind === 'rate_limited' || err.kind === 'quota_exhausted' ? 'rate_limited'
        : 'down';
      return { state, checkedAt, detail: err.message, retryAt: err.retryAt?.toISOString() };
    }
  }

  private videoOf(target: ReplyTarget): string {
    const v = target.extra?.videoId;
    if (!v) throw new ConnectorError('invalid_request', 'TikTok reply target has no videoId');
    return v;
  }
}
