// Wire types of the YouTube Data API v3 (platform-apis.md §8). Optional everywhere: the mapper
// reads them through the kit's shape guards.

export interface YtCommentSnippet {
  channelId?: string;
  videoId?: string;
  textDisplay?: string;
  textOriginal?: string;
  parentId?: string;
  authorDisplayName?: string;
  authorProfileImageUrl?: string;
  authorChannelUrl?: string;
  authorChannelId?: { value?: string };
  likeCount?: number;
  moderationStatus?: string;
  publishedAt?: string;
  updatedAt?: string;
}

export interface YtComment {
  kind?: string;
  id?: string;
  snippet?: YtCommentSnippet;
}

export interface YtCommentThread {
  kind?: string;
  id?: string;
  snippet?: {
    channelId?: string;
    videoId?: string;
    postId?: string;
    topLevelComment?: YtComment;
    canReply?: boolean;
    totalReplyCount?: number;
    isPublic?: boolean;
  };
  replies?: { comments?: YtComment[] };
}

export interface YtListResponse<T> {
  kind?: string;
  nextPageToken?: string;
  pageInfo?: { totalResults?: number; resultsPerPage?: number };
  items?: T[];
}

/** Google's error envelope; classify on error.errors[0].reason (§8.6). */
export interface YtErrorBody {
  error?: { code?: number; message?: string; status?: string; errors?: Array<{ reason?: string; domain?: string; message?: string; location?: string }> };
}

/** The quota cost of each method, in units (§8.5); configurable because Google's model is changing. */
export type YtCostTable = Record<'commentThreads.list' | 'comments.list' | 'comments.insert' | 'channels.list', number>;

export const DEFAULT_YT_COSTS: YtCostTable = { 'commentThreads.list': 1, 'comments.list': 1, 'comments.insert': 50, 'channels.list': 1 };

export interface YtScan {
  /** new: back to the watermark; sweep: back over the reply-watch window, for late replies. */
  mode: 'new' | 'sweep';
  pageToken?: string;
  /** Newest thread activity seen by this scan: the next watermark once it completes. */
  newest?: string;
  boundary: string;
}

export interface YtCursor {
  v: 1;
  /** Items older than this are history, never taken in (set at the first run). */
  since: string;
  /** Thread activity up to here has been scanned (minus an overlap window). */
  wm?: string;
  scan?: YtScan;
  /** Threads whose replies must be read in full with comments.list (more than the thread carried). */
  queue?: Array<{ thread: string; pageToken?: string; total: number; videoId?: string }>;
  /** threadId → replies already read, for threads in the reply-watch window (bounded). */
  counts?: Record<string, number>;
  sweptAt?: string;
}

export interface YtSettings {
  /** Which shared daily quota this channel draws on (one per Google Cloud project). */
  quotaPool?: string;
  backfillDays?: number;
  replyWatchDays?: number;
  sweepIntervalMin?: number;
}
