// Wire types of the TikTok API for Business, Accounts API (platform-apis.md §4.1), and the
// connector's own cursor. IDs are strings; `create_time` arrives as a string or a number.

/** Every response: HTTP 200 even on errors, `code` is the error channel (0 ok, 20001 partial). */
export interface TikTokEnvelope<T = unknown> {
  code: number;
  message?: string;
  request_id?: string;
  data?: T;
}

export interface TikTokVideo {
  item_id: string;
  create_time?: string | number;
  caption?: string;
  share_url?: string;
  /** Comment count shown on the video (top-level comments and replies). */
  comments?: number;
  likes?: number;
  video_views?: number;
}

export interface TikTokVideoList {
  videos?: TikTokVideo[];
  /** Opaque integer; sometimes a millisecond timestamp (§4.1). */
  cursor?: number;
  has_more?: boolean;
}

export interface TikTokComment {
  comment_id: string;
  video_id?: string;
  /** Opaque hash; TikTok announced `unique_identifier` as its successor. */
  user_id?: string;
  unique_identifier?: string;
  username?: string;
  display_name?: string;
  profile_image?: string;
  text?: string;
  create_time?: string | number;
  likes?: number;
  replies?: number;
  /** True for comments written by the business account itself. */
  owner?: boolean;
  liked?: boolean;
  pinned?: boolean;
  status?: string;
  parent_comment_id?: string;
}

export interface TikTokCommentList {
  comments?: TikTokComment[];
  cursor?: number;
  has_more?: boolean;
}

export interface TikTokReplyCreated {
  comment_id: string;
  video_id?: string;
  create_time?: string | number;
  text?: string;
}

export interface TikTokTokenData {
  access_token: string;
  refresh_token?: string;
  expires_in?: number;
  refresh_token_expires_in?: number;
  open_id?: string;
  scope?: string;
  token_type?: string;
}

export interface TikTokSettings {
  /** How many of the newest videos are watched (default 40). */
  maxVideos?: number;
  /** Videos younger than this are scanned every run even when their comment count is unchanged. */
  recentVideoHours?: number;
  /** First sight of a video: how far back its comments are read (hours). */
  backfillHours?: number;
  /** Overlap below the watermark, in seconds (§6.2 asks for ≥ 120). */
  overlapSec?: number;
}

/** What the connector remembers per video between runs (§4.1 polling strategy, step 3). */
export interface TikTokVideoState {
  /** Newest `create_time` (Unix seconds) of a top-level comment returned in a completed scan. */
  wm?: number;
  /** The video's comment count when it was last scanned completely. */
  c: number;
  /** Reply counts of comments whose replies were read completely. */
  r?: Record<string, number>;
}

export interface TikTokScan {
  video: string;
  /** The count from the video list of this run; stored as `c` when the scan completes. */
  c?: number;
  url?: string;
  /** Newest top-level create_time seen in this scan: the next watermark. */
  top?: number;
  /** Comment-count growth accounted for by the pages read so far. */
  explained: number;
  /** Growth not explained above the watermark: read every page (a reply to an old comment). */
  deep?: boolean;
  commentsDone?: boolean;
  /** The video was deleted while queued. */
  gone?: boolean;
  pages: number;
  /** Comment ids of the previous page, so a repeated item is not counted twice. */
  prev?: string[];
  replyQueue: Array<{ comment: string; replies: number }>;
  replying?: { comment: string; replies: number; pages: number };
  /** Reply counts read completely in this scan; merged into the video state at the end. */
  r: Record<string, number>;
}

/** A run in progress. TikTok page cursors are never stored here, only in process memory. */
export interface TikTokRun {
  id: string;
  step: number;
  listed?: boolean;
  listedIds: string[];
  listPages: number;
  /** The listing was partial (code 20001): keep the state of videos it did not name. */
  keepUnlisted?: boolean;
  queue: Array<{ id: string; c?: number; url?: string }>;
  scan?: TikTokScan;
  /** Key of the in-memory page cursor that continues the current paging, if any. */
  pk?: string;
}

export interface TikTokCursor {
  v: 1;
  videos: Record<string, TikTokVideoState>;
  run?: TikTokRun;
}
