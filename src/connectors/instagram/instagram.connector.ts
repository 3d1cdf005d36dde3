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
import type { GraphList } from '../facebook/facebook.types.js';
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
} from '../facebook/graph.js';
import { isGraphCursorError } from './instagram.errors.js';
import {
  IG_COMMENT_FIELDS,
  IG_MEDIA_FIELDS,
  IG_REPLY_FIELDS,
  IG_TAG_FIELDS,
  isOwn,
  mapIgComment,
  mapIgTaggedMedia,
} from './instagram.mapper.js';
import { InstagramReplies } from './instagram.replies.js';
import type {
  IgComment,
  IgCursor,
  IgMedia,
  IgMediaState,
  IgRun,
  InstagramSettings,
} from './instagram.types.js';

const DEFAULTS: Required<InstagramSettings> = {
  watchDays: 30,
  fullScanEvery: 12,
  overlapSec: 120,
  mediaPages: 4,
  scanTags: true,
};
const MAX_RESTARTS = 3;
// The comments edge serves at most 50 per page (§2.2).
const PAGE = 50;

export function parseInstagramCursor(raw: string | null): IgCursor {
  if (!raw) return { v: 1, runs: 0, media: {} };
  let c: unknown;
  try {
    c = JSON.parse(raw);
  } catch {
    throw new ConnectorError('invalid_request', 'stored Instagram cursor is not JSON');
  }
  if (typeof c !== 'object' || c === null || (c as IgCursor).v !== 1)
    throw new ConnectorError('invalid_request', 'stored Instagram cursor has an unknown version');
  const f = c as IgCursor;
  return {
    v: 1,
    runs: Number(f.runs) || 0,
    media: f.media ?? {},
    ...(f.tags ? { tags: f.tags } : {}),
    ...(f.run ? { run: f.run } : {}),
  };
}

const gone = (e: unknown): boolean => e instanceof ConnectorError && e.kind === 'not_found';

/**
 * Instagram business account (platform-apis.md §2): comments and replies on the account's media,
 * photo tags, and mentions read on demand (they only arrive by webhook, §2.7). Comments cannot be
 * filtered by time, so a run lists recent media, then scans newest-first the media whose
 * comments_count moved, stopping at a page of known comments (§2.4). One Graph page per call.
 */
export class InstagramConnector implements Connector {
  readonly platform = 'instagram' as const;
  private readonly graph: GraphClient;
  private readonly pager: Pager;
  private readonly replies: InstagramReplies;
  private readonly s: Required<InstagramSettings>;
  private readonly now: () => Date;
  /** Items of the current fetch that could not be mapped (quarantined by the ingestion stage). */
  private rejected: RejectedItem[] = [];

  constructor(
    http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    opts: GraphConnectorOptions = {},
  ) {
    this.now = opts.now ?? (() => new Date());
    const c = account.credentials;
    this.graph = new GraphClient(
      http,
      { token: c.accessToken, appSecret: c.appSecret },
      'Instagram',
      this.now,
    );
    this.pager = new Pager(this.graph, opts.memo ?? new SingleSlotMemo());
    this.replies = new InstagramReplies(this.graph, account.externalAccountId, account.handle, this.now);
    const s = { ...DEFAULTS, ...(account.settings as InstagramSettings) };
    this.s = {
      watchDays: Math.min(180, Math.max(1, Number(s.watchDays) || DEFAULTS.watchDays)),
      fullScanEvery: Math.max(1, Math.floor(Number(s.fullScanEvery) || DEFAULTS.fullScanEvery)),
      overlapSec: Math.max(120, Number(s.overlapSec) || DEFAULTS.overlapSec),
      mediaPages: Math.min(20, Math.max(1, Math.floor(Number(s.mediaPages) || DEFAULTS.mediaPages))),
      scanTags: s.scanTags !== false,
    };
  }

  private get ig(): string {
    return this.account.externalAccountId;
  }

  async fetchSince(
    raw: string | null,
    opts: { maxItems?: number; signal?: AbortSignal } = {},
  ): Promise<FetchResult> {
    const cursor = parseInstagramCursor(raw);
    const warnings: string[] = [];
    this.rejected = [];
    if (!cursor.run) {
      const horizon = toSec(this.now().getTime()) - this.s.watchDays * 86_400;
      const full = (cursor.runs + 1) % this.s.fullScanEvery === 0;
      cursor.run = {
        id: randomUUID().slice(0, 8),
        horizon,
        full,
        phase: 'media',
        scan: newScan(),
        acc: newScan(),
        fresh: [],
        found: {},
      };
    }
    const run = cursor.run;
    let items: NormalizedItem[] = [];
    try {
      if (run.phase === 'media') await this.mediaStep(cursor, run, warnings, opts.signal);
      else if (run.phase === 'tags') items = await this.tagsStep(cursor, run, warnings, opts.signal);
      else items = await this.commentStep(cursor, run, warnings, opts.signal);
    } catch (e) {
      if (!isGraphCursorError(e)) throw e;
      // A dead cursor: read the listing again from its first page (no time filter exists, §2.2).
      if (run.scan.restarts < MAX_RESTARTS) {
        warnings.push(`Instagram ${run.phase}: paging cursor rejected; listing again`);
        run.scan = { ...newScan(), restarts: run.scan.restarts + 1 };
      } else {
        warnings.push(`possible gap: Instagram ${run.phase} could not be listed past a cursor limit`);
        this.endListing(cursor, run);
      }
    }
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
    const e = raw as {
      comment?: IgComment;
      media?: { id: string; permalink?: string };
      parentId?: string;
      tagged?: IgMedia;
    } | null;
    if (e?.tagged) return mapIgTaggedMedia(e.tagged, this.ig, this.now());
    if (!e?.comment || !e.media) throw new Error('not a kept Instagram item');
    return mapIgComment(e.comment, this.ig, e.media, this.now(), e.parentId);
  }

  private async mediaStep(
    cursor: IgCursor,
    run: IgRun,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<void> {
    const page = await this.pager.page<IgMedia>(
      `${run.id}|media`,
      run.scan,
      `/${this.ig}/media`,
      { fields: IG_MEDIA_FIELDS, limit: PAGE },
      'Instagram media',
      signal,
    );
    const found = (run.found ??= {});
    let older = false;
    for (const m of page.data) {
      const t = metaSec(m.timestamp) ?? toSec(this.now().getTime());
      if (t < run.horizon) older = true;
      else
        found[m.id] = {
          t,
          n: typeof m.comments_count === 'number' ? m.comments_count : undefined,
          p: typeof m.permalink === 'string' ? m.permalink : undefined,
        };
    }
    // Newest first: a media older than the window ends the listing.
    if (
      older ||
      run.scan.step + 1 >= this.s.mediaPages ||
      !this.pager.advance(`${run.id}|media`, run.scan, page, warnings, 'media')
    )
      this.endListing(cursor, run);
  }

  /** Queue the media whose comments_count moved (or all, on a Kth run); keep the window's state. */
  private finishMedia(cursor: IgCursor, run: IgRun): void {
    const media: IgCursor['media'] = {};
    for (const [id, st] of Object.entries(cursor.media)) if (st.t >= run.horizon) media[id] = st;
    const todo: NonNullable<IgRun['todo']> = [];
    for (const [id, f] of Object.entries(run.found ?? {})) {
      media[id] = { ...media[id], t: f.t };
      // The count is stored only after a complete scan, so a crash scans the media again.
      if (f.n !== 0 && (f.n === undefined || media[id].n !== f.n || run.full))
        todo.push({ id, n: f.n, p: f.p });
      else media[id].n = f.n;
    }
    cursor.media = media;
    run.todo = todo.sort((a, b) => media[b.id].t - media[a.id].t);
    delete run.found;
    this.nextMedia(cursor, run);
  }

  private nextMedia(cursor: IgCursor, run: IgRun): void {
    Object.assign(run, { scan: newScan(), acc: newScan(), fresh: [], replyTodo: [] });
    if (run.todo?.length) run.phase = 'comments';
    else if (this.s.scanTags) run.phase = 'tags';
    else this.finishRun(cursor);
  }

  /** One page of a media's comments (phase comments) or of a thread's replies (phase replies). */
  private async commentStep(
    cursor: IgCursor,
    run: IgRun,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<NormalizedItem[]> {
    const head = run.todo![0];
    const st: IgMediaState = cursor.media[head.id] ?? { t: run.horizon };
    const replies = run.phase === 'replies';
    const parent = replies ? run.replyTodo![0] : undefined;
    const key = replies ? `${run.id}|r:${parent}` : `${run.id}|c:${head.id}`;
    let page: GraphList<IgComment>;
    try {
      page = replies
        ? await this.pager.page<IgComment>(
            key,
            run.scan,
            `/${parent}/replies`,
            { fields: IG_REPLY_FIELDS, limit: PAGE },
            'Instagram replies',
            signal,
          )
        : await this.pager.page<IgComment>(
            key,
            run.scan,
            `/${head.id}/comments`,
            { fields: IG_COMMENT_FIELDS, limit: PAGE },
            'Instagram comments',
            signal,
          );
    } catch (e) {
      if (!gone(e)) throw e;
      // The media or the comment is gone (§2.2: replies of a deleted comment are unavailable).
      warnings.push(`${replies ? 'comment' : 'media'} ${parent ?? head.id} is gone; skipped`);
      if (!replies) delete cursor.media[head.id];
      this.endListing(cursor, run, !replies);
      return [];
    }
    const now = this.now();
    const items: NormalizedItem[] = [];
    let allOld = page.data.length > 0;
    const see = (c: IgComment, parentId?: string): void => {
      const sec = metaSec(c.timestamp);
      noteSeen(run.acc, c.id, sec, this.s.overlapSec);
      if (st.s?.includes(c.id) || (st.w !== undefined && sec !== undefined && sec < st.w - this.s.overlapSec))
        return;
      allOld = false;
      if (st.w !== undefined && !run.fresh.includes(c.id)) run.fresh.push(c.id);
      if (!isOwn(c, this.ig, this.account.handle))
        items.push(mapIgComment(c, this.ig, { id: head.id, permalink: head.p }, now, parentId));
    };
    // One comment at a time: one of the wrong shape is quarantined, the rest go on.
    const media = { id: head.id, permalink: head.p };
    const safely = (list: IgComment[], parentId: string | undefined, body: (c: IgComment) => void): void => {
      mapEachSafely(
        list,
        (c) => (body(c), null),
        (c) => String(c?.id ?? '?'),
        warnings,
        this.rejected,
        (c) => ({ comment: c, media, parentId }),
      );
    };
    safely(page.data, parent, (c) => {
      see(c, parent);
      safely(Array.isArray(c.replies?.data) ? c.replies.data : [], c.id, (r) => see(r, c.id));
      if (c.replies?.paging?.next && !run.replyTodo!.includes(c.id)) run.replyTodo!.push(c.id);
    });
    // Newest first and no time filter (§2.4): a page of known comments ends the scan, unless the
    // comments_count delta says new replies still hide under older threads.
    const expected = st.n === undefined || head.n === undefined ? Infinity : head.n - st.n;
    const stop = !replies && !run.full && st.w !== undefined && allOld && run.fresh.length >= expected;
    if (
      stop ||
      !this.pager.advance(
        key,
        run.scan,
        page,
        warnings,
        replies ? `replies of ${parent}` : `comments of ${head.id}`,
      )
    )
      this.endListing(cursor, run);
    return items;
  }

  /** A listing reached its end: move to the next listing of the run. */
  private endListing(cursor: IgCursor, run: IgRun, mediaGone = false): void {
    if (run.phase === 'media') return this.finishMedia(cursor, run);
    if (run.phase === 'tags') return this.finishTags(cursor, run);
    if (run.phase === 'replies') run.replyTodo!.shift();
    run.scan = newScan();
    if (!mediaGone && run.replyTodo?.length) {
      run.phase = 'replies';
      return;
    }
    const head = run.todo!.shift()!;
    const st = cursor.media[head.id];
    if (st && !mediaGone) {
      const m = mergeWatermark(st.w, st.s, run.acc, this.s.overlapSec);
      cursor.media[head.id] = { ...st, n: head.n, ...(m.wm !== undefined ? { w: m.wm, s: m.seen } : {}) };
    }
    this.nextMedia(cursor, run);
  }

  /** Media the account is photo-tagged in, newest first, watermark + seen ids like comments. */
  private async tagsStep(
    cursor: IgCursor,
    run: IgRun,
    warnings: string[],
    signal?: AbortSignal,
  ): Promise<NormalizedItem[]> {
    const tags = cursor.tags ?? {};
    let page: GraphList<IgMedia>;
    try {
      page = await this.pager.page<IgMedia>(
        `${run.id}|tags`,
        run.scan,
        `/${this.ig}/tags`,
        { fields: IG_TAG_FIELDS, limit: PAGE },
        'Instagram tags',
        signal,
      );
    } catch (e) {
      // Tags are a side stream: a missing permission must not stop comment intake.
      if (!(e instanceof ConnectorError) || e.kind !== 'permission') throw e;
      warnings.push(`Instagram tags skipped: ${e.message}`);
      this.finishTags(cursor, run);
      return [];
    }
    const now = this.now();
    const items: NormalizedItem[] = [];
    let allOld = page.data.length > 0;
    let older = false;
    for (const m of page.data) {
      const sec = metaSec(m.timestamp);
      if (sec !== undefined && sec < run.horizon) {
        older = true;
        continue;
      }
      noteSeen(run.acc, m.id, sec, this.s.overlapSec);
      if (
        tags.s?.includes(m.id) ||
        (tags.w !== undefined && sec !== undefined && sec < tags.w - this.s.overlapSec)
      )
        continue;
      allOld = false;
      const [item] = mapEachSafely(
        [m],
        (x) => mapIgTaggedMedia(x, this.ig, now),
        (x) => String(x?.id ?? '?'),
        warnings,
        this.rejected,
        (x) => ({ tagged: x }),
      );
      if (item) items.push(item);
    }
    const stop = older || (tags.w !== undefined && allOld) || run.scan.step + 1 >= this.s.mediaPages;
    if (stop || !this.pager.advance(`${run.id}|tags`, run.scan, page, warnings, 'tags'))
      this.finishTags(cursor, run);
    return items;
  }

  private finishTags(cursor: IgCursor, run: IgRun): void {
    const tags = cursor.tags ?? {};
    const m = mergeWatermark(tags.w, tags.s, run.acc, this.s.overlapSec);
    if (m.wm !== undefined) cursor.tags = { w: m.wm, s: m.seen };
    this.finishRun(cursor);
  }

  private finishRun(cursor: IgCursor): void {
    cursor.runs++;
    delete cursor.run;
  }

  /** Reads a mention from the ids of a `mentions` webhook (§2.7); null if it cannot be read. */
  fetchMention(
    mediaId: string,
    commentId?: string,
    opts: { signal?: AbortSignal } = {},
  ): Promise<NormalizedItem | null> {
    return this.replies.fetchMention(mediaId, commentId, opts.signal);
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
    return graphHealth(this.graph, `/${this.ig}`, 'id,username', this.ig, 'Instagram health', this.now);
  }
}
