import type { NormalizedItem, RejectedItem } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { arr, obj, rfc3339ToIso, str } from '../kit/clean.js';
import { mapEachSafely } from '../kit/item-guard.js';
import type { YouTubeClient } from './youtube.client.js';
import { isOwnComment, mapYouTubeComment, threadActivity, threadComments } from './youtube.mapper.js';
import type { YtComment, YtCommentThread, YtCursor, YtListResponse, YtSettings } from './youtube.types.js';

// The incremental walk over a channel's comments, one page per step, all state in the cursor:
// - a scan pages commentThreads.list (newest first) back to a boundary: the watermark minus an
//   overlap for `new` scans, the reply-watch window for the hourly `sweep` (a reply does not
//   always bump its thread, so late replies are found by re-reading recent threads);
// - a thread carrying fewer replies than its totalReplyCount (and more than already read) is
//   queued, and its replies are read in full with comments.list?parentId;
// - the watermark moves only when a scan completes, and the whole cursor is stored with the
//   items it covers, so a crash or a pause repeats a page (duplicates) and never skips one.

const DAY = 86_400_000;
const OVERLAP_MS = 10 * 60_000;
const MAX_COUNTS = 2000;

/** Account settings are admin-edited data: anything but a sane number falls back to the default. */
const setting = (v: unknown, fallback: number, min: number, max: number): number => (typeof v === 'number' && Number.isFinite(v) && v >= min && v <= max ? v : fallback);

export function parseYouTubeCursor(raw: string | null, now: Date, settings: YtSettings): YtCursor {
  if (!raw) return { v: 1, since: new Date(now.getTime() - setting(settings.backfillDays, 3, 0, 365) * DAY).toISOString() };
  let c: unknown;
  try {
    c = JSON.parse(raw);
  } catch {
    throw new ConnectorError('invalid_request', 'stored YouTube cursor is not JSON');
  }
  const o = obj(c) as YtCursor | undefined;
  if (o?.v !== 1 || typeof o.since !== 'string') throw new ConnectorError('invalid_request', 'stored YouTube cursor has an unknown shape');
  return o;
}

export interface ScanStep {
  items: NormalizedItem[];
  cursor: YtCursor;
  hasMore: boolean;
  warnings: string[];
  /** Threads or comments that could not be mapped: quarantined by the ingestion stage. */
  rejected?: RejectedItem[];
}

const later = (a: string | undefined, b: string | undefined): string | undefined => (!a ? b : !b ? a : a > b ? a : b);

function setCount(c: YtCursor, thread: string, n: number): void {
  const counts = (c.counts ??= {});
  delete counts[thread]; // re-inserted last: the most recently seen threads are kept
  counts[thread] = n;
  const keys = Object.keys(counts);
  for (const k of keys.slice(0, Math.max(0, keys.length - MAX_COUNTS))) delete counts[k];
}

const publishedAt = (x: YtComment | undefined): string | undefined => rfc3339ToIso(obj(x?.snippet)?.publishedAt);

export async function scanStep(client: YouTubeClient, channelId: string, cursor: YtCursor, settings: YtSettings, now: Date, signal?: AbortSignal): Promise<ScanStep> {
  const c: YtCursor = structuredClone(cursor);
  return c.queue?.length ? repliesStep(client, channelId, cursor, c, signal) : threadsStep(client, channelId, cursor, c, settings, now, signal);
}

async function threadsStep(client: YouTubeClient, channelId: string, original: YtCursor, c: YtCursor, settings: YtSettings, now: Date, signal?: AbortSignal): Promise<ScanStep> {
  const warnings: string[] = [];
  if (!c.scan) {
    // The first scan reads the whole backfill window, so it counts as the first sweep.
    const sweepDue = c.wm !== undefined && now.getTime() - Date.parse(c.sweptAt ?? c.since) >= setting(settings.sweepIntervalMin, 60, 0, 7 * 24 * 60) * 60_000;
    const from = sweepDue ? now.getTime() - setting(settings.replyWatchDays, 7, 0, 365) * DAY : c.wm ? Date.parse(c.wm) - OVERLAP_MS : 0;
    c.scan = { mode: sweepDue ? 'sweep' : 'new', boundary: later(c.since, new Date(from).toISOString())! };
  }
  const params: Record<string, string> = { part: 'snippet,replies', allThreadsRelatedToChannelId: channelId, order: 'time', maxResults: '100', textFormat: 'plainText' };
  if (c.scan.pageToken) params.pageToken = c.scan.pageToken;
  let res;
  try {
    res = await client.call('commentThreads.list', 'read', { verb: 'GET', path: '/youtube/v3/commentThreads', params }, signal);
  } catch (e) {
    // A stale page token (§6.4 #13): start the scan again from the top; the watermark still holds.
    if (e instanceof ConnectorError && e.platformCode === 'invalidPageToken') {
      delete c.scan;
      return { items: [], cursor: c, hasMore: true, warnings: [`${e.message}: scan restarted`] };
    }
    throw e;
  }
  if (res.paced) return { items: [], cursor: original, hasMore: false, warnings: [`quota budget: ${res.reason}; next read after ${res.retryAt.toISOString()}`] };
  const body = obj(res.body) as YtListResponse<YtCommentThread> | undefined;
  const threads = arr(body?.items);
  const scan = c.scan;
  const queue = (c.queue ??= []);
  let last: string | undefined;
  const rejected: RejectedItem[] = [];
  const perThread = mapEachSafely(
    threads,
    (raw) => {
      const t = obj(raw) as YtCommentThread | undefined;
      if (!t) throw new Error('thread is not an object');
      const activity = threadActivity(t);
      last = activity;
      if (!activity) throw new Error('thread without any valid time');
      scan.newest = later(scan.newest, activity);
      // Older than the boundary: read by an earlier scan (the page only carries it along).
      if (activity < scan.boundary) return [];
      const { top, replies, total, videoId } = threadComments(t);
      const threadId = str(top?.id) ?? str(t.id);
      if (!top || !threadId) throw new Error('thread without its top-level comment');
      const topAt = publishedAt(top);
      const out: NormalizedItem[] = [];
      for (const x of [top, ...replies])
        if (!isOwnComment(x, channelId) && (publishedAt(x) ?? '') >= c.since) out.push(mapYouTubeComment(x, channelId, videoId));
      const known = Math.max(replies.length, c.counts?.[threadId] ?? 0);
      if (total > known && (topAt ?? '') >= c.since) {
        if (!queue.some((q) => q.thread === threadId)) queue.push({ thread: threadId, total, videoId });
      } else setCount(c, threadId, Math.max(total, c.counts?.[threadId] ?? 0));
      return out;
    },
    (raw) => String(str(obj(obj(obj(raw)?.snippet)?.topLevelComment)?.id) ?? str(obj(raw)?.id) ?? '?'),
    warnings,
    rejected,
  );
  const next = str(body?.nextPageToken);
  const done = !next || threads.length === 0 || (last !== undefined && last < scan.boundary);
  if (done) {
    c.wm = later(c.wm, scan.newest);
    if (scan.mode === 'sweep' || !c.sweptAt) c.sweptAt = now.toISOString();
    delete c.scan;
  } else scan.pageToken = next;
  return { items: perThread.flat(), cursor: c, hasMore: !done || queue.length > 0, warnings, rejected };
}

/** One page of a queued thread's replies; a thread that is gone or closed is dropped, never the channel. */
async function repliesStep(client: YouTubeClient, channelId: string, original: YtCursor, c: YtCursor, signal?: AbortSignal): Promise<ScanStep> {
  const queue = c.queue!;
  const head = queue[0];
  const params: Record<string, string> = { part: 'snippet', parentId: head.thread, maxResults: '100', textFormat: 'plainText' };
  if (head.pageToken) params.pageToken = head.pageToken;
  let res;
  try {
    res = await client.call('comments.list', 'read', { verb: 'GET', path: '/youtube/v3/comments', params }, signal);
  } catch (e) {
    if (!(e instanceof ConnectorError)) throw e;
    // commentsDisabled on one video, a deleted thread: skip this thread, keep the channel going.
    if (e.platformCode === 'commentsDisabled' || e.kind === 'not_found') {
      queue.shift();
      return { items: [], cursor: c, hasMore: queue.length > 0 || c.scan !== undefined, warnings: [`thread ${head.thread} skipped: ${e.message}`] };
    }
    if (e.platformCode === 'invalidPageToken') {
      delete head.pageToken;
      return { items: [], cursor: c, hasMore: true, warnings: [`${e.message}: thread ${head.thread} re-read`] };
    }
    throw e;
  }
  if (res.paced) return { items: [], cursor: original, hasMore: false, warnings: [`quota budget: ${res.reason}; next read after ${res.retryAt.toISOString()}`] };
  const body = obj(res.body) as YtListResponse<YtComment> | undefined;
  const warnings: string[] = [];
  const rejected: RejectedItem[] = [];
  const items = mapEachSafely(
    arr(body?.items) as YtComment[],
    (x) => (obj(x) && !isOwnComment(x, channelId) && (publishedAt(x) ?? '') >= c.since ? mapYouTubeComment(x, channelId, head.videoId) : null),
    (x) => String(str(obj(x)?.id) ?? '?'),
    warnings,
    rejected,
  );
  const next = str(body?.nextPageToken);
  if (next) head.pageToken = next;
  else {
    queue.shift();
    setCount(c, head.thread, head.total);
  }
  return { items, cursor: c, hasMore: queue.length > 0 || c.scan !== undefined, warnings, rejected };
}
