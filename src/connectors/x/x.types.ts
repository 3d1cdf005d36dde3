// Wire types of the X API v2 (platform-apis.md §3).

export interface XTweet {
  id: string;
  text: string;
  author_id?: string;
  created_at?: string;
  conversation_id?: string;
  in_reply_to_user_id?: string;
  referenced_tweets?: Array<{ type: 'retweeted' | 'quoted' | 'replied_to'; id: string }>;
  edit_history_tweet_ids?: string[];
  lang?: string;
  note_tweet?: { text: string };
  attachments?: { media_keys?: string[] };
}

export interface XUser {
  id: string;
  name: string;
  username: string;
  profile_image_url?: string;
  verified?: boolean;
  protected?: boolean;
}

export interface XProblem {
  title?: string;
  type?: string;
  detail?: string;
  status?: number;
  period?: 'Daily' | 'Monthly';
  scope?: string;
  /** client-forbidden problems name why, e.g. "client-not-enrolled" (§3.6). */
  reason?: string;
  errors?: Array<{ code?: number; message?: string }>;
}

export interface XListResponse {
  data?: XTweet[];
  includes?: { users?: XUser[]; tweets?: XTweet[] };
  meta: { newest_id?: string; oldest_id?: string; result_count: number; next_token?: string; previous_token?: string };
  errors?: Array<{ title?: string; detail?: string; type?: string; resource_id?: string }>;
}

/** `GET /2/tweets?ids=` (§3.3): the posts found, and a partial error per id that was not. */
export interface XLookupResponse {
  data?: XTweet[];
  errors?: Array<{ title?: string; detail?: string; type?: string; resource_id?: string; value?: string; parameter?: string }>;
}

export interface XCreateTweetResponse {
  data: { id: string; text: string; edit_history_tweet_ids?: string[] };
}

export type XStreamName = 'mentions' | 'search';

export interface XStreamState {
  /** Newest id of the first page of the last complete poll; the next poll asks for newer ones. */
  sinceId?: string;
  /** A drain in progress: `since_id` stays fixed while paging (§3.4). */
  drain?: { sinceId?: string; token: string; firstNewestId?: string; count: number };
  /** The query the state belongs to (search only); a changed query starts over. */
  query?: string;
}

export interface XCursor {
  v: 1;
  streams: Partial<Record<XStreamName, XStreamState>>;
  /** Streams still to poll in the current round. */
  remaining?: XStreamName[];
}

export interface XSettings {
  searchQuery?: string;
  /** On the very first poll, how far back to read (hours; search reaches 7 days at most). */
  backfillHours?: number;
}

/** `POST /2/oauth2/token` (§3.1): an OAuth 2.0 token response, or an OAuth error body. */
export interface XTokenResponse {
  token_type?: string;
  access_token?: string;
  refresh_token?: string;
  expires_in?: number;
  scope?: string;
  error?: string;
  error_description?: string;
}
