// Wire types of the Facebook Graph API for Pages (platform-apis.md §1) and the connector's cursor.

export interface GraphError {
  message?: string;
  type?: string;
  code?: number;
  error_subcode?: number;
  error_user_title?: string;
  error_user_msg?: string;
  is_transient?: boolean;
  fbtrace_id?: string;
}

export interface GraphPaging {
  cursors?: { before?: string; after?: string };
  next?: string;
  previous?: string;
}

export interface GraphList<T> {
  data: T[];
  paging?: GraphPaging;
  summary?: { order?: string; total_count?: number; can_comment?: boolean };
}

export interface FbFrom {
  id: string;
  name?: string;
}

export interface FbPost {
  id: string;
  message?: string;
  story?: string;
  created_time?: string;
  updated_time?: string;
  from?: FbFrom;
  permalink_url?: string;
  status_type?: string;
  is_published?: boolean;
  is_hidden?: boolean;
  attachments?: { data?: Array<{ type?: string; url?: string; media?: { image?: { src?: string } } }> };
  comments?: { summary?: { total_count?: number } };
}

export interface FbComment {
  id: string;
  message?: string;
  created_time?: string;
  from?: FbFrom;
  parent?: { id: string };
  permalink_url?: string;
  attachment?: { type?: string; url?: string; media?: { image?: { src?: string } } };
  comment_count?: number;
  like_count?: number;
  is_hidden?: boolean;
}

/** Per-account settings (connector_accounts.settings); every field has a default. */
export interface FacebookSettings {
  /** Posts created within this many days are listed each run and watched for comments (§1.6). */
  watchDays?: number;
  /** Every Kth run scans the comments of every watched post, changed or not (safety net). */
  fullScanEvery?: number;
  /** Seconds subtracted from watermarks (clock skew, indexing delay); at least 120 (§6.2). */
  overlapSec?: number;
  /** Items per Graph page (≤ 100, §1.3). */
  pageSize?: number;
}

/** What the cursor remembers of one post in the watch window. Times are Unix seconds. */
export interface FbPostState {
  /** created_time, to drop the post once it leaves the window. */
  t: number;
  /** updated_time at the last complete comment scan; absent = never scanned. */
  u?: number;
  /** Hash of a citizen post's text, to notice edits. */
  h?: string;
  /** Comment watermark: newest created_time among the post's comments. */
  cw?: number;
  /** Comment ids seen within the overlap window below cw. */
  cs?: string[];
}

/** Progress through one paged listing. Graph paging cursors never go in here (§1.5). */
export interface ScanState {
  /** Pages consumed so far; with the run id it keys the in-memory `next` URL. */
  step: number;
  /** Restarts after lost or invalid paging; caps the retries. */
  restarts: number;
  /** Consecutive empty pages that still carried `next`. */
  empty: number;
  /** Upper time bound (Unix s) after a "cursor exceeds max" restart narrowed the window. */
  until?: number;
  /** Oldest and newest item time seen in this scan. */
  min?: number;
  max?: number;
  /** [id, time] of items seen within the overlap window below `max`. */
  recent: Array<[string, number]>;
}

export interface FbRun {
  id: string;
  /** Lower bound of the feed listing (Unix s), fixed for the run. */
  since: number;
  full: boolean;
  phase: 'feed' | 'comments';
  scan: ScanState;
  /** Feed phase: state of each post listed so far in this run. */
  found?: Record<string, FbPostState & { scan: boolean }>;
  /** Comment phase: posts still to scan (head = current), with the updated_time to store after. */
  todo?: Array<{ id: string; u?: number }>;
}

export interface FbCursor {
  v: 1;
  /** Completed runs, for the every-Kth-run full scan. */
  runs: number;
  posts: Record<string, FbPostState>;
  run?: FbRun;
}
