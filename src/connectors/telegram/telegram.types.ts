// Wire types of the Telegram Bot API (platform-apis.md §7). Every field is optional here: the
// mapper reads them through the kit's shape guards, since a hostile or changed payload may omit any.

export interface TgUser {
  id?: number;
  is_bot?: boolean;
  first_name?: string;
  last_name?: string;
  username?: string;
  language_code?: string;
}

export interface TgChat {
  id?: number;
  type?: 'private' | 'group' | 'supergroup' | 'channel';
  title?: string;
  username?: string;
  first_name?: string;
  last_name?: string;
  is_forum?: boolean;
}

export interface TgMessageOrigin {
  type?: string;
  date?: number;
  chat?: TgChat;
  message_id?: number;
}

export interface TgMessage {
  message_id?: number;
  message_thread_id?: number;
  from?: TgUser;
  sender_chat?: TgChat;
  date?: number;
  edit_date?: number;
  chat?: TgChat;
  forward_origin?: TgMessageOrigin;
  is_topic_message?: boolean;
  is_automatic_forward?: boolean;
  reply_to_message?: TgMessage;
  text?: string;
  caption?: string;
  photo?: unknown[];
  video?: unknown;
  voice?: unknown;
  audio?: unknown;
  sticker?: unknown;
  document?: { file_name?: string };
  location?: { latitude?: number; longitude?: number };
  new_chat_members?: unknown[];
  left_chat_member?: unknown;
  migrate_to_chat_id?: number;
  migrate_from_chat_id?: number;
}

export interface TgChatMemberUpdated {
  chat?: TgChat;
  from?: TgUser;
  date?: number;
  new_chat_member?: { status?: string; user?: TgUser };
}

export interface TgUpdate {
  update_id?: number;
  message?: TgMessage;
  edited_message?: TgMessage;
  channel_post?: TgMessage;
  edited_channel_post?: TgMessage;
  my_chat_member?: TgChatMemberUpdated;
}

/** `{ok, result}` or `{ok:false, error_code, description, parameters}` (§7.1). */
export interface TgEnvelope<T> {
  ok?: boolean;
  result?: T;
  error_code?: number;
  description?: string;
  parameters?: { retry_after?: number; migrate_to_chat_id?: number };
}

/** A channel post as seen in its discussion group: the auto-forwarded copy a comment thread hangs on (§7.8). */
export interface TgThreadRef {
  /** The channel's @username, for t.me links (absent for private channels). */
  channel?: string;
  /** The post's message id in the channel. */
  post: number;
}

export interface TgCursor {
  v: 1;
  /** The next update_id to ask for: the highest stored + 1 (§7.3); 0 = whatever the server has. */
  offset: number;
  /** `<groupChatId>:<threadId>` → the channel post, for permalinks of comments (bounded). */
  threads?: Record<string, TgThreadRef>;
}

export interface TgSettings {
  /** getUpdates long-poll seconds (0–50; the server serves at most 50, §7.3). */
  longPollSec?: number;
}
