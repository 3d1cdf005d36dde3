import type { ItemKind, NormalizedItem } from '../connector.interface.js';
import { cleanDeep, idStr, obj, str, unixToIso } from '../kit/clean.js';
import type { TgChat, TgMessage, TgThreadRef, TgUpdate, TgUser } from './telegram.types.js';

// Pure functions: one Telegram Update → at most one NormalizedItem, plus what the connector must
// remember (a channel post's thread in the discussion group) or report (bot removed from a chat).

/** Telegram's service account, the fake sender of channel posts auto-forwarded to a discussion group (§7.8). */
export const TELEGRAM_SERVICE_USER = 777000;

export interface TgMapped {
  item: NormalizedItem | null;
  /** An auto-forwarded channel post seen in its discussion group: key `<chat>:<message>`. */
  thread?: { key: string; ref: TgThreadRef };
  warning?: string;
}

export const tgExternalId = (chatId: string, messageId: number | string): string => `${chatId}:${messageId}`;

function messageText(m: TgMessage): string | null {
  const t = str(m.text) ?? str(m.caption);
  if (t !== undefined && t.trim()) return t;
  if (m.photo) return '[foto]';
  if (m.video) return '[video]';
  if (m.voice || m.audio) return '[pesan suara]';
  if (m.sticker) return '[stiker]';
  if (m.document) return `[dokumen${str(m.document.file_name) ? `: ${str(m.document.file_name)}` : ''}]`;
  if (m.location && typeof m.location.latitude === 'number') return `[lokasi: ${m.location.latitude},${m.location.longitude}]`;
  return null; // service message (members joined, group migrated, ...) or empty
}

function displayName(u: TgUser | undefined, c: TgChat | undefined): string | undefined {
  const name = [str(u?.first_name), str(u?.last_name)].filter(Boolean).join(' ');
  return name || str(c?.title) || undefined;
}

/** A t.me link: public groups by username, private supergroups by /c/ id; private chats have none. */
function permalink(chat: TgChat, chatId: string, messageId: number, thread?: TgThreadRef): string | undefined {
  if (thread?.channel) return `https://t.me/${thread.channel}/${thread.post}?comment=${messageId}`;
  const username = str(chat.username);
  if (username && /^[A-Za-z0-9_]{4,32}$/.test(username)) return `https://t.me/${username}/${messageId}`;
  if (chat.type === 'supergroup' && chatId.startsWith('-100')) return `https://t.me/c/${chatId.slice(4)}/${messageId}`;
  return undefined;
}

function mapMessage(u: TgUpdate, m: TgMessage, botId: string, threads: Record<string, TgThreadRef>, edited: boolean): TgMapped {
  const chat = obj(m.chat) as TgChat | undefined;
  const chatId = idStr(chat?.id);
  const messageId = m.message_id;
  if (!chat || !chatId || typeof messageId !== 'number' || !Number.isSafeInteger(messageId) || messageId < 0) throw new Error('message without chat.id or message_id');
  const createdAt = unixToIso(m.date);
  if (!createdAt) throw new Error(`message ${chatId}:${messageId} without a valid date`);
  const from = obj(m.from) as TgUser | undefined;
  const senderChat = obj(m.sender_chat) as TgChat | undefined;
  // The channel's post copied into its discussion group: not a citizen's words, but the thread
  // its comments hang on (§7.8). Remember which channel post it is, for comment permalinks.
  if (m.is_automatic_forward === true) {
    const origin = obj(m.forward_origin);
    const post = typeof origin?.message_id === 'number' ? origin.message_id : undefined;
    const channel = str((obj(origin?.chat) as TgChat | undefined)?.username) ?? str(senderChat?.username);
    return { item: null, thread: post !== undefined ? { key: tgExternalId(chatId, messageId), ref: { channel, post } } : undefined };
  }
  // The group became a supergroup (§7.11): later messages come from the new chat id; replies to
  // the old one are redirected when Telegram answers with migrate_to_chat_id.
  const migratedTo = idStr(m.migrate_to_chat_id);
  if (migratedTo) return { item: null, warning: `group ${chatId} became supergroup ${migratedTo}` };
  if (from?.is_bot === true || from?.id === TELEGRAM_SERVICE_USER) return { item: null };
  // Posted as the group itself (anonymous admins): the regency's own staff, not a citizen.
  if (senderChat && idStr(senderChat.id) === chatId) return { item: null };
  const text = messageText(m);
  if (text === null) return { item: null };

  const reply = obj(m.reply_to_message) as TgMessage | undefined;
  const replyId = typeof reply?.message_id === 'number' ? reply.message_id : undefined;
  const threadId = typeof m.message_thread_id === 'number' ? m.message_thread_id : undefined;
  let kind: ItemKind;
  let rootExternalId: string;
  let thread: TgThreadRef | undefined;
  if (chat.type === 'private') {
    // A message to the bot: private and confidential, like WhatsApp; one conversation per chat.
    kind = 'direct_message';
    rootExternalId = `tg:chat:${chatId}`;
  } else {
    // A comment under a channel post replies to the auto-forwarded copy, or (comment on a comment)
    // carries its message_thread_id; reply_to_message never nests, so the thread id is the root (§7.8).
    const rootId = threadId ?? (reply?.is_automatic_forward === true ? replyId : undefined);
    thread = rootId !== undefined ? threads[tgExternalId(chatId, rootId)] : undefined;
    const onChannelPost = reply?.is_automatic_forward === true || thread !== undefined;
    if (onChannelPost && rootId !== undefined) {
      kind = 'comment';
      rootExternalId = tgExternalId(chatId, rootId);
      if (!thread && reply?.is_automatic_forward === true) {
        const origin = obj(reply.forward_origin);
        if (typeof origin?.message_id === 'number') thread = { channel: str((obj(origin.chat) as TgChat | undefined)?.username) ?? str((obj(reply.sender_chat) as TgChat | undefined)?.username), post: origin.message_id };
      }
    } else {
      kind = replyId !== undefined ? 'reply' : 'post';
      rootExternalId = tgExternalId(chatId, threadId ?? replyId ?? messageId);
    }
  }
  const authorId = idStr(from?.id) ?? idStr(senderChat?.id) ?? 'unknown';
  const externalId = tgExternalId(chatId, messageId);
  const item: NormalizedItem = {
    platform: 'telegram',
    kind,
    accountId: botId,
    externalId,
    dedupeKey: `telegram:${botId}:${externalId}`,
    text,
    createdAt,
    editedAt: edited ? (unixToIso(m.edit_date) ?? createdAt) : undefined,
    author: { platformUserId: authorId, displayName: displayName(from, senderChat), username: str(from?.username) ?? str(senderChat?.username) },
    parentExternalId: replyId !== undefined ? tgExternalId(chatId, replyId) : undefined,
    rootExternalId,
    permalink: kind === 'direct_message' ? undefined : permalink(chat, chatId, messageId, thread),
    lang: str(from?.language_code),
    attachments: Array.isArray(m.photo) ? [{ type: 'image' }] : m.video ? [{ type: 'video' }] : undefined,
    replyTarget: { platform: 'telegram', accountId: botId, targetId: String(messageId), extra: { chatId, chatType: str(chat.type) ?? 'unknown' } },
    raw: cleanDeep(u),
  };
  return { item };
}

/** One Update → an item (messages and their edits), or nothing (channel posts, service events). */
export function mapTelegramUpdate(u: TgUpdate, botId: string, threads: Record<string, TgThreadRef>): TgMapped {
  const update = obj(u);
  if (!update) throw new Error('update is not an object');
  const message = obj(update.message) as TgMessage | undefined;
  const edited = obj(update.edited_message) as TgMessage | undefined;
  if (message) return mapMessage(u, message, botId, threads, false);
  if (edited) return mapMessage(u, edited, botId, threads, true);
  const member = obj(update.my_chat_member);
  if (member) {
    // The bot was removed, blocked or re-added (§7.6): replies to that chat will fail until re-added.
    const status = str(obj(member.new_chat_member)?.status);
    const chat = obj(member.chat) as TgChat | undefined;
    if (status === 'kicked' || status === 'left')
      return { item: null, warning: `bot ${status === 'kicked' ? 'removed or blocked' : 'left'} in ${str(chat?.type) ?? 'chat'} ${idStr(chat?.id) ?? '?'} (${str(chat?.title) ?? ''})` };
  }
  // channel_post / edited_channel_post: the regency's own channel posts, not citizens' words.
  return { item: null };
}
