import { randomUUID } from 'node:crypto';
import type { TikTokCursor, TikTokRun, TikTokScan, TikTokVideoState } from './tiktok.types.js';

// The stored cursor (platform-apis.md §6.2): per-video watermark, comment count and reply counts,
// plus the run in progress. Everything in `videos` covers only items already returned.

const isObject = (v: unknown): v is Record<string, unknown> => typeof v === 'object' && v !== null && !Array.isArray(v);

/**
 * Parses a stored cursor. An unreadable one is replaced by a fresh start (a bounded backfill whose
 * duplicates the upsert absorbs) with a warning, rather than blocking the account for good.
 */
export function parseTikTokCursor(raw: string | null): { cursor: TikTokCursor; warning?: string } {
  if (!raw) return { cursor: { v: 1, videos: {} } };
  let c: unknown;
  try {
    c = JSON.parse(raw);
  } catch {
    return { cursor: { v: 1, videos: {} }, warning: 'stored TikTok cursor is not JSON: starting over' };
  }
  if (!isObject(c) || c.v !== 1 || !isObject(c.videos))
    return { cursor: { v: 1, videos: {} }, warning: 'stored TikTok cursor has an unknown version: starting over' };
  const run = isObject(c.run) && typeof c.run.id === 'string' && Array.isArray(c.run.queue) ? (c.run as unknown as TikTokRun) : undefined;
  return { cursor: { v: 1, videos: c.videos as Record<string, TikTokVideoState>, ...(run ? { run } : {}) } };
}

export function newRun(): TikTokRun {
  return { id: randomUUID().slice(0, 12), step: 0, listedIds: [], listPages: 0, queue: [] };
}

export function newScan(v: { id: string; c?: number; url?: string }): TikTokScan {
  return { video: v.id, c: v.c, url: v.url, explained: 0, pages: 0, replyQueue: [], r: {} };
}

/** Queues the replies of a comment whose reply count grew (keeps the larger count if queued twice). */
export function queueReplies(scan: TikTokScan, comment: string, replies: number): void {
  const q = scan.replyQueue.find((x) => x.comment === comment);
  if (q) q.replies = Math.max(q.replies, replies);
  else if (scan.replying?.comment !== comment) scan.replyQueue.push({ comment, replies });
}

/** A finished scan moves the video's watermark, count and reply counts into the cursor. */
function finalize(cursor: TikTokCursor, scan: TikTokScan): void {
  const old = cursor.videos[scan.video];
  const wm = old?.wm === undefined ? scan.top : scan.top === undefined ? old.wm : Math.max(old.wm, scan.top);
  const r = { ...(old?.r ?? {}), ...scan.r };
  const next: TikTokVideoState = { c: scan.c ?? old?.c ?? 0 };
  if (wm !== undefined) next.wm = wm;
  if (Object.keys(r).length) next.r = r;
  cursor.videos[scan.video] = next;
}

const scanFinished = (s: TikTokScan): boolean => Boolean(s.commentsDone) && !s.replying && s.replyQueue.length === 0;

/**
 * After a step: completes a finished scan, and ends the run (forgetting videos that are no longer
 * among the newest listed) once the listing and every queued video are done.
 */
export function settle(cursor: TikTokCursor): void {
  const run = cursor.run;
  if (!run) return;
  if (run.scan && scanFinished(run.scan)) {
    if (run.scan.gone) delete cursor.videos[run.scan.video];
    else finalize(cursor, run.scan);
    delete run.scan;
  }
  if (run.listed && !run.scan && run.queue.length === 0) {
    // A partial or empty listing proves nothing about the videos it did not name.
    if (!run.keepUnlisted && run.listedIds.length) {
      const keep = new Set(run.listedIds);
      for (const id of Object.keys(cursor.videos)) if (!keep.has(id)) delete cursor.videos[id];
    }
    delete cursor.run;
  }
}
