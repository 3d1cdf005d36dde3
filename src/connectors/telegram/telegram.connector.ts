import type { AxiosInstance } from 'axios';
import type { Connector, ConnectorAccountContext, FetchResult, HealthStatus, RejectedItem, ReplyResult, ReplyTarget } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import { idStr, obj } from '../kit/clean.js';
import { mapEachSafely } from '../kit/item-guard.js';
import { platformCall } from '../kit/platform-call.js';
import { classifyTelegram, MIGRATE_CODE } from './telegram.errors.js';
import { mapTelegramUpdate, tgExternalId, type TgMapped } from './telegram.mapper.js';
import type { TgCursor, TgEnvelope, TgMessage, TgSettings, TgThreadRef, TgUpdate } from './telegram.types.js';

const LIMIT = 100; // getUpdates serves at most 100 (§7.3)
const MAX_LONG_POLL_SEC = 50; // the server clamps timeout to 50 s (§7.3)
const MAX_THREADS = 500; // channel posts remembered for comment permalinks
const MAX_TEXT = 4096; // sendMessage text limit (§7.9)
const ALLOWED_UPDATES = ['message', 'edited_message', 'channel_post', 'edited_channel_post', 'my_chat_member'];

export function parseTelegramCursor(raw: string | null): TgCursor {
  if (!raw) return { v: 1, offset: 0 };
  let c: unknown;
  try {
    c = JSON.parse(raw);
  } catch {
    throw new ConnectorError('invalid_request', 'stored Telegram cursor is not JSON');
  }
  const o = obj(c);
  if (o?.v !== 1 || typeof o.offset !== 'number' || !Number.isSafeInteger(o.offset)) throw new ConnectorError('invalid_request', 'stored Telegram cursor has an unknown shape');
  return { v: 1, offset: o.offset, threads: (obj(o.threads) as Record<string, TgThreadRef> | undefined) ?? {} };
}

/**
 * Telegram Bot API (platform-apis.md §7) by getUpdates long polling, not a webhook: the offset is
 * the cursor, stored in the same transaction as the posts (§7.3), and Telegram keeps unconfirmed
 * updates for 24 hours, so a crash or an outage of up to a day loses nothing and a replay only
 * meets duplicates. A webhook would need a public HTTPS endpoint on port 443/80/88/8443, which a
 * regency server behind NAT often lacks, and Telegram gives up on a failing webhook after "a
 * reasonable amount of attempts".
 */
export class TelegramConnector implements Connector {
  readonly platform = 'telegram' as const;
  // Telegram cannot list what a bot sent (§7.9): an unknown outcome is never retried (see reply()).
  readonly canFindReply = false;
  private calls = 0;

  constructor(
    private readonly http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    private readonly opts: { longPollSec: number; timeoutMs: number },
    private readonly now: () => Date = () => new Date(),
  ) {}

  private get botId(): string {
    return this.account.externalAccountId;
  }

  /** `/bot<token>/<method>` (§7.1). The token sits in the path, so URLs are never logged. */
  private path(method: string): string {
    const token = this.account.credentials.botToken;
    if (!token) throw new ConnectorError('auth_expired', 'no Telegram bot token configured for this account');
    return `/bot${token}/${method}`;
  }

  private async call<T>(method: string, what: string, body: Record<string, unknown>, timeoutMs: number, signal?: AbortSignal): Promise<T> {
    const parsed = await platformCall(
      what,
      () => this.http.post<string>(this.path(method), body, { headers: { 'Content-Type': 'application/json' }, timeout: timeoutMs, signal }),
      (res, w) => classifyTelegram(res, w, this.now()),
    );
    return (parsed as TgEnvelope<T>).result as T;
  }

  async fetchSince(raw: string | null, opts: { maxItems?: number; signal?: AbortSignal } = {}): Promise<FetchResult> {
    const cursor = parseTelegramCursor(raw);
    // The first call of a run waits for news (long polling); follow-up pages of a backlog do not.
    const settings = this.account.settings as TgSettings;
    const wanted = typeof settings.longPollSec === 'number' ? settings.longPollSec : this.opts.longPollSec;
    const wait = this.calls++ === 0 ? Math.max(0, Math.min(MAX_LONG_POLL_SEC, Math.floor(wanted))) : 0;
    const limit = Math.max(1, Math.min(LIMIT, opts.maxItems ?? LIMIT));
    const params: Record<string, unknown> = { limit, timeout: wait, allowed_updates: ALLOWED_UPDATES };
    // offset = highest stored update_id + 1 confirms everything before it on the server (§7.3).
    if (cursor.offset > 0) params.offset = cursor.offset;
    // The server may hold a quick re-poll of the same offset for 3 s whatever we ask (§7.3).
    const result = await this.call<unknown>('getUpdates', 'Telegram getUpdates', params, Math.max(wait, 3) * 1000 + this.opts.timeoutMs, opts.signal);
    if (!Array.isArray(result)) throw new ConnectorError('malformed_response', 'Telegram getUpdates: result is not an array');

    const warnings: string[] = [];
    const rejected: RejectedItem[] = [];
    const threads: Record<string, TgThreadRef> = { ...cursor.threads };
    let offset = cursor.offset;
    // The offset must pass every update, readable or not, or a bad one would come back forever.
    for (const u of result) {
      const id = obj(u)?.update_id;
      if (typeof id === 'number' && Number.isSafeInteger(id) && id + 1 > offset) offset = id + 1;
    }
    const mapped = mapEachSafely<unknown, TgMapped>(
      result,
      (u) => {
        const m = mapTelegramUpdate(u as TgUpdate, this.botId, threads);
        if (m.thread) threads[m.thread.key] = m.thread.ref; // later comments in this page need it
        if (m.warning) warnings.push(m.warning);
        return m;
      },
      (u) => idStr(obj(u)?.update_id) ?? '?',
      warnings,
      rejected,
    );
    const items = mapped.flatMap((m) => (m.item ? [m.item] : []));
    const keys = Object.keys(threads);
    for (const k of keys.slice(0, Math.max(0, keys.length - MAX_THREADS))) delete threads[k];
    // An empty answer to getUpdates(offset) has confirmed everything before it, so the next call
    // can leave the offset out. That matters after a quiet week, when Telegram picks the next
    // update_id at random (§7.3): a stale, higher offset would confirm (drop) it unseen.
    const next: TgCursor = { v: 1, offset: result.length ? offset : 0, threads };
    return { items, nextCursor: JSON.stringify(next), hasMore: result.length >= limit, warnings, rejected };
  }

  /**
   * sendMessage with reply_parameters to the citizen's message (§7.9), in the chat it came from.
   * Telegram has no idempotency key and no way to list what the bot sent, so findReply cannot
   * help: after a timeout or 5xx the reply may or may not be in the chat, and it is never sent
   * again automatically (canFindReply = false). The replies service marks it `uncertain` for a
   * person to check in the chat.
   */
  async reply(target: ReplyTarget, text: string, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<ReplyResult> {
    if (text.length > MAX_TEXT) throw new ConnectorError('invalid_request', `Telegram text is limited to ${MAX_TEXT} characters`);
    const chatId = target.extra?.chatId;
    const messageId = Number(target.targetId);
    if (!chatId || !Number.isSafeInteger(messageId)) throw new ConnectorError('invalid_request', 'no Telegram chat or message on this case');
    const send = (chat: string): Promise<TgMessage> =>
      this.call<TgMessage>('sendMessage', 'Telegram sendMessage', { chat_id: chat, text, reply_parameters: { message_id: messageId } }, this.opts.timeoutMs, opts.signal);
    let message: TgMessage;
    try {
      message = await send(chatId);
    } catch (e) {
      // The group became a supergroup (§7.11): the refused send is repeated once in the new chat.
      if (!(e instanceof ConnectorError) || e.platformCode !== MIGRATE_CODE) throw e;
      const to = (e.raw as { migrateToChatId?: string }).migrateToChatId!;
      message = await send(to);
    }
    const chat = idStr(obj(obj(message)?.chat)?.id);
    if (!chat || typeof message?.message_id !== 'number') throw new ConnectorError('malformed_response', 'Telegram sendMessage: no message in the result');
    return { externalId: tgExternalId(chat, message.message_id), postedAt: this.now().toISOString(), raw: { chatId: chat, messageId: message.message_id } };
  }

  /** Telegram offers no lookup of sent messages (§6.5); the replies service never asks (canFindReply). */
  async findReply(): Promise<ReplyResult | null> {
    throw new ConnectorError('invalid_request', 'Telegram cannot look up a sent message: check the chat by hand');
  }

  async health(): Promise<HealthStatus> {
    const checkedAt = this.now().toISOString();
    try {
      await this.call<unknown>('getMe', 'Telegram getMe', {}, this.opts.timeoutMs);
      // getUpdates is refused while a webhook is set (§7.4).
      const info = obj(await this.call<unknown>('getWebhookInfo', 'Telegram getWebhookInfo', {}, this.opts.timeoutMs));
      if (typeof info?.url === 'string' && info.url) return { state: 'conflict', checkedAt, detail: 'a webhook is set for this bot; getUpdates is refused until it is deleted' };
      return { state: 'ok', checkedAt };
    } catch (e) {
      const err = e instanceof ConnectorError ? e : new ConnectorError('transient', String(e));
      const state = err.kind === 'auth_expired' ? 'auth_expired' : err.kind === 'permission' ? 'permission_missing' : err.kind === 'rate_limited' ? 'rate_limited' : err.kind === 'conflict' ? 'conflict' : 'down';
      return { state, checkedAt, detail: err.message, retryAt: err.retryAt?.toISOString() };
    }
  }
}

