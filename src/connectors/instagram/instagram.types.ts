// Wire types of the Instagram Graph API (platform-apis.md §2) and the connector's cursor. The
// Graph envelope, paging and error shapes are Facebook's (§2.1): see ../facebook/facebook.types.ts.
import type { GraphList, ScanState } from '../facebook/facebook.types.js';

export interface IgFrom {
  id: string;
  username?: string;
  self_ig_scoped_id?: string;
}

export interface IgComment {
  id: string;
  text?: string;
  timestamp?: string;
  from?: IgFrom;
  username?: string;
  like_count?: number;
  hidden?: boolean;
  media?: { id: string; media_product_type?: string; permalink?: string; username?: string };
  parent_id?: string;
  replies?: GraphList<IgComment>;
}

export interface IgMedia {
  id: string;
  caption?: string;
  timestamp?: string;
  permalink?: string;
  media_type?: string;
  media_product_type?: string;
  comments_count?: number;
  username?: string;
}

/** Per-account settings (connector_accounts.settings); every field has a default. */
export interface InstagramSettings {
  /** Media posted within this many days are watched for comments (§2.4). */
  watchDays?: number;
  /** Every Kth run scans every watched media, counts changed or not (safety net). */
  fullScanEvery?: number;
  /** Seconds of overlap below watermarks; at least 120 (§6.2). */
  overlapSec?: number;
  /** Pages of the media list read per run (50 media each). */
  mediaPages?: number;
  /** Read `/tags` (media the account is photo-tagged in) each run (§2.4 step 5). */
  scanTags?: boolean;
}

/** What the cursor remembers of one media. Times are Unix seconds. */
export interface IgMediaState {
  /** Media timestamp, to drop it once it leaves the window. */
  t: number;
  /** comments_count at the last complete scan (replies included). */
  n?: number;
  /** Comment watermark: newest comment/reply timestamp seen. */
  w?: number;
  /** Comment ids seen within the overlap window below w. */
  s?: string[];
}

export interface IgRun {
  id: string;
  /** Oldest media timestamp watched this run (Unix s). */
  horizon: number;
  full: boolean;
  phase: 'media' | 'comments' | 'replies' | 'tags';
  /** Paging of the current listing. */
  scan: ScanState;
  /** Times and ids seen for the current media (or tags), for its new watermark. */
  acc: ScanState;
  /** New comment ids found so far on the current media (incremental scans only), to compare with the comments_count delta. */
  fresh: string[];
  found?: Record<string, { t: number; n?: number; p?: string }>;
  todo?: Array<{ id: string; n?: number; p?: string }>;
  /** Top-level comments of the current media whose replies overflow the inline expansion. */
  replyTodo?: string[];
}

export interface IgCursor {
  v: 1;
  runs: number;
  media: Record<string, IgMediaState>;
  tags?: { w?: number; s?: string[] };
  run?: IgRun;
}

/** A mention webhook carries ids only (§2.7); the connector reads the content with fetchMention. */
export interface InstagramMentionRef {
  accountId: string;
  mediaId: string;
  /** Absent = the account was mentioned in the caption. */
  commentId?: string;
  receivedAt: string;
}
