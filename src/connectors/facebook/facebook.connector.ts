import { randomUUID } from 'node:crypto';
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
import { mapEachSafely } from '../kit/item-guard.js';
import { isGraphCursorError } from './facebook.errors.js';
import {
  FB_COMMENT_FIELDS,
  FB_POST_FIELDS,
  isFromPage,
  mapComment,
  mapPost,
  postText,
  textHash,
} from './facebook.mapper.js';
import { FacebookReplies } from './facebook.replies.js';
import type { FacebookSettings, FbComment, FbCursor, FbPost, FbRun, GraphList } from './facebook.types.js';
import {
  GraphClient,
  graphHealth,
  mergeWatermark,
  metaSec,
  newScan,
  noteSeen,
  Pager,
  SingleSlotMemo,
  toSec,
  type GraphConnectorOptions,
} from './graph.js';

const DEFAULTS: Required<FacebookSettings> = {
  watchDays: 30,
  fullScanEvery: 12,
  overlapSec: 120,
  pageSize: 100,
};
const MAX_RESTARTS = 3;

export function parseFacebookCursor(raw: string | null): FbCursor {
  if (!raw) return { v: 1, runs: 0, posts: {} };
  let c: unknown;
  try {
    c = JSON.parse(raw);
  } catch {
    throw new ConnectorError('invalid_request', 'stored Facebook cursor is not JSON');
  }
  if (typeof c !== 'object' || c === null || (c as FbCursor).v !== 1)
    throw new ConnectorError('invalid_request', 'stored Facebook cursor has an unknown version');
  const f = c as FbCursor;
  return { v: 1, runs: Number(f.runs) || 0, posts: f.posts ?? {}, ...(f.run ? { run: f.run } : {}) };
}

/**
 * Facebook Page (platform-apis.md §1): citizen posts on the Page feed, comments and replies on
 * every post. One Graph page per fetchSince call. A run lists the feed of the watch window, then
 * scans the comments of posts whose updated_time moved (§1.6). The stored cursor holds time
 * watermarks and seen ids, never Graph cursors (the `next` URL between calls lives in memory).
 */
/** A post or comment kept in quarantine with what mapping it again needs. */
interface FbEnvelope {
  kind: 'post' | 'comment';
  data: FbPost | FbComment;
  postId?: string;
}

export class FacebookConnector implements Connector {
  readonly platform = 'facebook' as const;
  private readonly graph: GraphClient;
  private readonly s: Required<FacebookSettings>;
  private readonly pager: Pager;
  private readonly replies: FacebookReplies;
  private readonly now: () => Date;
  /** Items of the current fetch that could not be mapped (quarantined by the ingestion stage). */
  private rejected: RejectedItem[] = [];

  constructor(
    http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    opts: GraphConnectorOptions & { defaultOverlapSec?: number } = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    const c = account.credentials;
    this.graph = new GraphClient(
      http,
      { token: c.pageAccessToken ?? c.accessToken, appSecret: c.appSecret },
      'Facebook',
      this.now,
    );
    this.pager = new Pager(this.graph, opts.memo ?? new SingleSlotMemo());
    this.replies = new FacebookReplies(this.graph, account.externalAccountId, this.now);
    const s = { ...(account.settings as FacebookSettings) };
    this.s = {
      watchDays: Math.min(180, Math.max(1, Number(s.watchDays) || DEFAULTS.watchDays)),
      fullScanEvery: Math.max(1, Math.floor(Number(s.fullScanEvery) || DEFAULTS.fullScanEvery)),
      // The account's setting, else the deployment's default (FACEBOOK_COMMENT_OVERLAP_SEC): a
      // longer overlap re-reads more comments per scan but catches comments Graph indexes late.
      overlapSec: Math.min(
        86_400,
        Math.max(120, Number(s.overlapSec) || opts.defaultOverlapSec || DEFAULTS.overlapSec),
      ),
      pageSize: Math.min(100, Math.max(1, Math.floor(Number(s.pageSize) || DEFAULTS.pageSize))),
    };
  }

  private get pageId(): string {
    return this.account.externalAccountId;
  }

  async fetchSince(
    raw: string | null,
    opts: { maxItems?: number; signal?: AbortSignal } = {},
  ): Promise<FetchResult> {
    const cursor = parseFacebookCursor(raw);
    const warnings: string[] = [];
    this.rejected = [];
    const limit = Math.min(this.s.pageSize, Math.max(1, opts.maxItems ?? this.s.pageSize));
    if (!cursor.run) {
      const full = (cursor.runs + 1) % this.s.fullScanEvery === 0;
      const since = toSec(this.now().getTime()) - this.s.watchDays * 86_400;
      cursor.run = { id: randomUUID().slice(0, 8), since, full, phase: 'feed', scan: newScan(), found: {} };
    }
    const run = cursor.run;
    const items =
      run.phase === 'feed'
        ? await this.feedStep(cursor, run, limit, warnings, opts.signal)
        : await this.commentStep(cursor, run, limit, warnings, opts.signal);
    return {
      items,
      nextCursor: JSON.stringify(cursor),
      hasMore: cursor.run !== undefined,
      rateLimit: this.graph.lastUsage,
      warnings: warnings.length ? warnings : undefined,
      rejected: this.rejected,
    };
  }

  remap(raw: unknown): NormalizedItem | null {
    const e = raw as Partial<FbEnvelope> | null;
    if (!e?.data || typeof e.data !== 'object') throw new Error('not a kept Facebook item');
    return e.kind === 'comment'
      ? mapComment(e.data, this.pageId, { id: String(e.postId) }, this.now())
      : mapPost(e.data, this.pageId, this.now());
  }

  private async feedStep(
    cursor: FbCursor,
    run: FbRun,
    limit: number,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<NormalizedItem[]> {
    const scan = run.scan;
    const key = `${run.id}|feed`;
    const params = {
      fields: FB_POST_FIELDS,
      since: run.since,
      limit,
      ...(scan.until ? { until: scan.until } : {}),
    };
    let page: GraphList<FbPost>;
    try {
      page = await this.pager.page<FbPost>(
        key,
        scan,
        `/${encodeURIComponent(this.pageId)}/feed`,
        params,
        'Facebook feed',
        signal,
      );
    } catch (e) {
      if (!isGraphCursorError(e)) throw e;
      if (!this.restart(run, 'feed', warnings)) this.finishFeed(cursor, run);
      return [];
    }
    const now = this.now();
    const found = (run.found ??= {});
    const items: NormalizedItem[] = [];
    // One item at a time: a post of the wrong shape is set aside (quarantined), the rest go on.
    mapEachSafely(
      page.data,
      (p) => {
        if (typeof p?.id !== 'string') throw new Error('post without a usable id');
        const t = metaSec(p.created_time) ?? toSec(now.getTime());
        const u = metaSec(p.updated_time) ?? t;
        noteSeen(scan, p.id, t, this.s.overlapSec);
        const prev = cursor.posts[p.id];
        const citizen = !isFromPage(p.from, this.pageId);
        const h = citizen ? textHash(postText(p)) : undefined;
        if (citizen && !prev && !found[p.id]) items.push(mapPost(p, this.pageId, now));
        // An edit moves updated_time and changes the text (§6.4 #10).
        else if (citizen && prev?.h !== undefined && prev.h !== h)
          items.push(mapPost(p, this.pageId, now, new Date(u * 1000).toISOString()));
        const count = p.comments?.summary?.total_count;
        const scanIt = count !== 0 && (prev?.u === undefined || run.full || u > prev.u);
        found[p.id] = { t, u, ...(h ? { h } : {}), scan: scanIt || Boolean(found[p.id]?.scan) };
        return null;
      },
      (p) => String((p as Partial<FbPost> | null)?.id ?? '?'),
      warnings,
      this.rejected,
      (p): FbEnvelope => ({ kind: 'post', data: p }),
    );
    if (!this.pager.advance(key, scan, page, warnings, 'feed')) this.finishFeed(cursor, run);
    return items;
  }

  /** The feed was listed to its end: keep the window's posts, queue the comment scans. */
  private finishFeed(cursor: FbCursor, run: FbRun): void {
    const posts: FbCursor['posts'] = {};
    const todo: NonNullable<FbRun['todo']> = [];
    for (const [id, f] of Object.entries(run.found ?? {})) {
      const prev = cursor.posts[id];
      posts[id] = { ...prev, t: f.t, ...(f.h ? { h: f.h } : {}) };
      // updated_time is stored only once the scan is complete, so a crash rescans the post.
      if (f.scan) todo.push({ id, u: f.u });
      else posts[id].u = Math.max(prev?.u ?? 0, f.u ?? 0);
    }
    // Posts not listed any more (out of the window, deleted) are forgotten.
    cursor.posts = posts;
    todo.sort((a, b) => (b.u ?? 0) - (a.u ?? 0));
    Object.assign(run, { phase: 'comments', scan: newScan(), todo });
    delete run.found;
    if (!todo.length) this.finishRun(cursor);
  }

  private async commentStep(
    cursor: FbCursor,
    run: FbRun,
    limit: number,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<NormalizedItem[]> {
    const head = run.todo![0];
    const st = cursor.posts[head.id] ?? { t: run.since };
    const scan = run.scan;
    const key = `${run.id}|c:${head.id}`;
    const floor = st.cw !== undefined ? st.cw - this.s.overlapSec : undefined;
    // `order` is a preference only: ranked comments keep their ranked order (§1.3), so every
    // page of the `since` window is read and filtered, never cut short on timestamps.
    const params = {
      filter: 'stream',
      order: 'reverse_chronological',
      fields: FB_COMMENT_FIELDS,
      limit,
      ...(floor !== undefined ? { since: floor } : {}),
      ...(scan.until ? { until: scan.until } : {}),
    };
    let page: GraphList<FbComment>;
    try {
      page = await this.pager.page<FbComment>(
        key,
        scan,
        `/${encodeURIComponent(head.id)}/comments`,
        params,
        'Facebook comments',
        signal,
      );
    } catch (e) {
      if (isGraphCursorError(e)) {
        if (!this.restart(run, `comments of ${head.id}`, warnings)) this.finishPost(cursor, run);
        return [];
      }
      if (e instanceof ConnectorError && e.kind === 'not_found') {
        warnings.push(`post ${head.id} is gone; skipped its comments`);
        delete cursor.posts[head.id];
        this.nextPost(cursor, run);
        return [];
      }
      throw e;
    }
    const now = this.now();
    const items: NormalizedItem[] = [];
    mapEachSafely(
      page.data,
      (c) => {
        if (typeof c?.id !== 'string') throw new Error('comment without a usable id');
        const sec = metaSec(c.created_time);
        noteSeen(scan, c.id, sec, this.s.overlapSec);
        if (isFromPage(c.from, this.pageId)) return null;
        if (floor !== undefined && sec !== undefined && sec < floor) return null;
        if (st.cs?.includes(c.id)) return null;
        items.push(mapComment(c, this.pageId, { id: head.id }, now));
        return null;
      },
      (c) => String((c as Partial<FbComment> | null)?.id ?? '?'),
      warnings,
      this.rejected,
      (c): FbEnvelope => ({ kind: 'comment', data: c, postId: head.id }),
    );
    if (!this.pager.advance(key, scan, page, warnings, `comments of ${head.id}`))
      this.finishPost(cursor, run);
    return items;
  }

  private finishPost(cursor: FbCursor, run: FbRun): void {
    const head = run.todo![0];
    const st = cursor.posts[head.id] ?? { t: run.since };
    const m = mergeWatermark(st.cw, st.cs, run.scan, this.s.overlapSec);
    cursor.posts[head.id] = {
      ...st,
      u: Math.max(st.u ?? 0, head.u ?? 0),
      ...(m.wm !== undefined ? { cw: m.wm, cs: m.seen } : {}),
    };
    this.nextPost(cursor, run);
  }

  private nextPost(cursor: FbCursor, run: FbRun): void {
    run.todo!.shift();
    run.scan = newScan();
    if (!run.todo!.length) this.finishRun(cursor);
  }

  private finishRun(cursor: FbCursor): void {
    cursor.runs++;
    delete cursor.run;
  }

  /**
   * "(#100) The After Cursor specified exceeds the max limit…" (§1.5, §6.4 #13): list again from
   * the watermark, bounded above by the oldest item already seen. False = give up (warned).
   */
  private restart(run: FbRun, what: string, warnings: string[]): boolean {
    const s = run.scan;
    if (
      s.restarts >= MAX_RESTARTS ||
      s.min === undefined ||
      (s.until !== undefined && s.min + 1 >= s.until)
    ) {
      warnings.push(`possible gap: ${what} could not be listed past a cursor limit`);
      return false;
    }
    warnings.push(`${what}: paging cursor rejected; listing again from the watermark`);
    run.scan = { ...s, step: 0, empty: 0, restarts: s.restarts + 1, until: s.min + 1 };
    return true;
  }

  reply(
    target: ReplyTarget,
    text: string,
    opts: { idempotencyKey: string; signal?: AbortSignal },
  ): Promise<ReplyResult> {
    return this.replies.reply(target, text, opts.signal);
  }

  findReply(
    target: ReplyTarget,
    text: string,
    opts: { signal?: AbortSignal; notBefore?: Date } = {},
  ): Promise<ReplyResult | null> {
    return this.replies.findReply(target, text, opts);
  }

  refreshItems(refs: RefreshRef[], opts: { signal?: AbortSignal } = {}): Promise<ItemState[]> {
    return this.replies.refreshItems(refs, opts);
  }

  health(): Promise<HealthStatus> {
    return graphHealth(this.graph, '/me', 'id,name', this.pageId, 'Facebook health', this.now);
  }
}
