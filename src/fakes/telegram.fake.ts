import { FakeServer, type Fault, type FakeRequest, type FakeResponse } from './fake-server.js';

// Fake Telegram Bot API (platform-apis.md §7): /bot<token>/<method> with the {ok, result} envelope,
// HTTP status = error_code, getUpdates long polling with offset confirmation, the limit/timeout
// clamps and 409 conflicts of the server source, 429 retry_after, a channel with its linked
// discussion group (auto-forwards from 777000, comments in message_thread_id), group migration.

interface User { id: number; is_bot: boolean; first_name: string; last_name?: string; username?: string; language_code?: string }
interface Chat { id: number; type: 'private' | 'group' | 'supergroup' | 'channel'; title?: string; username?: string; first_name?: string }
type Message = Record<string, unknown> & { message_id: number; chat: Chat; date: number; text?: string };
type Update = Record<string, unknown> & { update_id: number };

export interface TgSent { chatId: number; messageId: number; text: string; replyTo?: number }

const now = (): number => Math.floor(Date.now() / 1000);
const CONFLICT_WEBHOOK = "Conflict: can't use getUpdates method while webhook is active; use deleteWebhook to delete the webhook first";
const CONFLICT_POLLER = 'Conflict: terminated by other getUpdates request; make sure that only one bot instance is running';

export class TelegramFake extends FakeServer {
  readonly botId = 7000000001;
  readonly token = `${this.botId}:AAH-fake-telegram-bot-token`;
  readonly bot: User = { id: this.botId, is_bot: true, first_name: 'Lapor Sinjai', username: 'LaporSinjaiBot' };
  readonly channel: Chat = { id: -1001234567890, type: 'channel', title: 'Info Pemkab Sinjai', username: 'infopemkabsinjai' };
  readonly discussion: Chat = { id: -1009876543210, type: 'supergroup', title: 'Diskusi Info Pemkab Sinjai' };
  readonly group: Chat = { id: -4001112223, type: 'group', title: 'Forum Warga Sinjai Utara' };
  tokens: string[] = [this.token];
  /** Re-polling one offset within 3 s with timeout < 3 is served with timeout 3 (§7.3). */
  repollQuirk = true;
  webhookUrl = '';
  readonly sent: TgSent[] = [];
  private updates: Update[] = [];
  /** Telegram picks the next id at random after a quiet week (§7.3): tests may set it. */
  nextUpdateId = 100000001;
  private nextMessageId = new Map<number, number>();
  private messageIdBase = 5000;
  private messages = new Map<string, Message>();
  private users = new Map<number, User>();
  private blockedBy = new Set<number>();
  private migrated = new Map<number, number>();
  private waiters: Array<() => void> = [];
  private pending?: { abort: (r: FakeResponse) => void };
  private lastPoll?: { offset: number; at: number };

  protected resetState(): void {
    this.sent.length = 0;
    this.updates = [];
    this.messages.clear();
    this.blockedBy.clear();
    this.migrated.clear();
    this.nextMessageId.clear();
    this.webhookUrl = '';
    this.tokens = [this.token];
    this.lastPoll = undefined;
    this.pending?.abort(this.fail(409, CONFLICT_POLLER));
  }

  private fail(code: number, description: string, parameters?: Record<string, number>, headers?: Record<string, string>): FakeResponse {
    // JsonQueryError: ok, error_code, description, then parameters only when non-empty (§7.1).
    return { status: code, body: parameters ? { ok: false, error_code: code, description, parameters } : { ok: false, error_code: code, description }, headers };
  }

  private ok(result: unknown): FakeResponse {
    return { status: 200, body: { ok: true, result } };
  }

  protected faultResponse(fault: Fault): FakeResponse {
    switch (fault.kind) {
      case 'rate_limit':
      case 'quota': {
        const n = fault.resetInSec ?? 7;
        return this.fail(429, `Too Many Requests: retry after ${n}`, { retry_after: n }, { 'retry-after': String(n) });
      }
      case 'expired_token':
        return this.fail(401, 'Unauthorized');
      case 'permission':
        return this.fail(403, 'Forbidden: bot was kicked from the supergroup chat');
      case 'conflict':
        return this.fail(409, CONFLICT_POLLER);
      default:
        return this.fail(fault.status ?? 500, 'Internal Server Error');
    }
  }

  // ---- what citizens do -------------------------------------------------------------------

  user(u: { id?: number; firstName?: string; lastName?: string; username?: string } = {}): User {
    const id = u.id ?? 100000000 + this.users.size + 1;
    const user: User = { id, is_bot: false, first_name: u.firstName ?? `Warga${id % 1000}`, last_name: u.lastName, username: u.username, language_code: 'id' };
    this.users.set(id, user);
    return user;
  }

  private message(chat: Chat, fields: Record<string, unknown>): Message {
    const id = (this.nextMessageId.get(chat.id) ?? this.messageIdBase) + 1;
    this.nextMessageId.set(chat.id, id);
    const m: Message = { message_id: id, date: now(), chat, ...fields };
    this.messages.set(`${chat.id}:${id}`, m);
    return m;
  }

  /**
   * Demo restarts (issue 12 §4): ids continue from the clock, so a restarted fake never hands out
   * an id it gave before (X: always higher, as since_id needs).
   */
  continueIdsFrom(nowMs = Date.now()): void {
    // Tenths of a second: safe integers, higher after any restart that made fewer than 10 updates a second.
    const seed = Math.floor(nowMs / 100);
    if (seed > this.nextUpdateId) this.nextUpdateId = seed;
    if (seed > this.messageIdBase) this.messageIdBase = seed;
  }

  /** Any update, as is (hostile shapes included); returns its update_id. */
  pushUpdate(body: Record<string, unknown>): number {
    const update_id = this.nextUpdateId++;
    this.updates.push({ update_id, ...body });
    for (const w of this.waiters.splice(0)) w();
    return update_id;
  }

  /** A message to the bot in a private chat. */
  privateMessage(input: { from?: User; text: string }): Message {
    const from = input.from ?? this.user();
    const m = this.message({ id: from.id, type: 'private', first_name: from.first_name }, { from, text: input.text });
    this.pushUpdate({ message: m });
    return m;
  }

  /** A message in an ordinary group the bot is in (optionally a reply). */
  groupMessage(input: { from?: User; text: string; replyTo?: Message; chat?: Chat }): Message {
    const from = input.from ?? this.user();
    const chat = input.chat ?? this.group;
    const m = this.message(chat, { from, text: input.text, ...(input.replyTo ? { reply_to_message: this.shallow(input.replyTo) } : {}) });
    this.pushUpdate({ message: m });
    return m;
  }

  /** A channel post: a channel_post update, and its automatic forward into the discussion group (§7.8). */
  channelPost(text: string): { post: Message; forward: Message } {
    const post = this.message(this.channel, { sender_chat: this.channel, text });
    this.pushUpdate({ channel_post: post });
    const forward = this.message(this.discussion, {
      from: { id: 777000, is_bot: false, first_name: 'Telegram' },
      sender_chat: this.channel,
      is_automatic_forward: true,
      forward_origin: { type: 'channel', date: post.date, chat: this.channel, message_id: post.message_id },
      text,
    });
    this.pushUpdate({ message: forward });
    return { post, forward };
  }

  /** A comment under a channel post (or under another comment in its thread). */
  comment(input: { forward: Message; from?: User; text: string; replyTo?: Message }): Message {
    const from = input.from ?? this.user();
    const parent = input.replyTo ?? input.forward;
    const m = this.message(this.discussion, { from, text: input.text, message_thread_id: input.forward.message_id, reply_to_message: this.shallow(parent) });
    this.pushUpdate({ message: m });
    return m;
  }

  editMessage(m: Message, text: string): void {
    const edited = { ...m, text, edit_date: now() };
    this.messages.set(`${m.chat.id}:${m.message_id}`, edited);
    this.pushUpdate({ edited_message: edited });
  }

  /** reply_to_message does not nest (§7.7). */
  private shallow(m: Message): Message {
    const { reply_to_message: _r, ...rest } = m;
    return rest;
  }

  /** The group becomes a supergroup with a new id (§7.11); later sends to the old id get 400 + migrate_to_chat_id. */
  migrateGroup(chat: Chat = this.group): Chat {
    const to: Chat = { ...chat, id: Number(`-100${Math.abs(chat.id)}`), type: 'supergroup' };
    this.migrated.set(chat.id, to.id);
    this.pushUpdate({ message: this.message(chat, { from: this.user(), migrate_to_chat_id: to.id }) });
    return to;
  }

  blockBot(userId: number): void {
    this.blockedBy.add(userId);
    this.pushUpdate({ my_chat_member: { chat: { id: userId, type: 'private' }, from: this.users.get(userId), date: now(), new_chat_member: { status: 'kicked', user: this.bot } } });
  }

  pendingUpdates(): number {
    return this.updates.length;
  }

  // ---- the Bot API ----------------------------------------------------------------------

  private params(req: FakeRequest): Record<string, unknown> {
    // GET query or POST JSON / form (§7.1).
    const type = String(req.headers['content-type'] ?? '');
    if (req.method === 'POST' && type.includes('application/json')) return req.json<Record<string, unknown>>();
    if (req.method === 'POST' && type.includes('x-www-form-urlencoded')) return Object.fromEntries(new URLSearchParams(req.body));
    return req.query;
  }

  protected async route(req: FakeRequest): Promise<FakeResponse | undefined> {
    const m = /^\/bot([^/]+)\/([A-Za-z]+)$/.exec(req.path);
    if (!m) return undefined;
    if (!this.tokens.includes(decodeURIComponent(m[1]))) return this.fail(401, 'Unauthorized: invalid token specified');
    const p = this.params(req);
    switch (m[2].toLowerCase()) {
      case 'getme':
        return this.ok(this.bot);
      case 'getwebhookinfo':
        return this.ok({ url: this.webhookUrl, has_custom_certificate: false, pending_update_count: this.updates.length });
      case 'setwebhook':
        this.webhookUrl = typeof p.url === 'string' ? p.url : '';
        this.pending?.abort(this.fail(409, 'Conflict: terminated by setWebhook request'));
        return this.ok(true);
      case 'deletewebhook':
        this.webhookUrl = '';
        return this.ok(true);
      case 'getupdates':
        return this.getUpdates(p);
      case 'sendmessage':
        return this.sendMessage(p);
      default:
        return this.fail(404, 'Not Found: method not found');
    }
  }

  private async getUpdates(p: Record<string, unknown>): Promise<FakeResponse> {
    if (this.webhookUrl) return this.fail(409, CONFLICT_WEBHOOK);
    const offset = Number(p.offset ?? 0);
    let limit = Math.max(1, Math.min(100, Number(p.limit ?? 100) || 100));
    let timeout = Math.max(0, Math.min(50, Number(p.timeout ?? 0) || 0)); // LONG_POLL_MAX_TIMEOUT = 50
    const t = Date.now();
    if (this.repollQuirk && this.lastPoll?.offset === offset) {
      if (t - this.lastPoll.at < 500) limit = 1;
      if (t - this.lastPoll.at < 3000 && timeout < 3) timeout = 3;
    }
    this.lastPoll = { offset, at: t };
    // An update is confirmed by any call with a higher offset (§7.3).
    if (offset > 0) this.updates = this.updates.filter((u) => u.update_id >= offset);
    // A second poller ends the first one's long poll with 409 (§7.4).
    this.pending?.abort(this.fail(409, CONFLICT_POLLER));
    const take = (): FakeResponse => this.ok(this.updates.filter((u) => offset <= 0 || u.update_id >= offset).slice(0, limit));
    if (this.updates.length || timeout === 0) return take();
    return new Promise<FakeResponse>((resolve) => {
      let done = false;
      const finish = (r: FakeResponse): void => {
        if (done) return;
        done = true;
        clearTimeout(timer);
        if (this.pending === me) this.pending = undefined;
        resolve(r);
      };
      const timer = setTimeout(() => finish(take()), timeout * 1000);
      const me = { abort: finish };
      this.pending = me;
      this.waiters.push(() => setTimeout(() => finish(take()), 5));
    });
  }

  private sendMessage(p: Record<string, unknown>): FakeResponse {
    const chatId = Number(p.chat_id);
    const text = typeof p.text === 'string' ? p.text : '';
    if (!text.trim()) return this.fail(400, 'Bad Request: message text is empty');
    if (text.length > 4096) return this.fail(400, 'Bad Request: message is too long');
    if (this.migrated.has(chatId)) return this.fail(400, 'Bad Request: group chat was upgraded to a supergroup chat', { migrate_to_chat_id: this.migrated.get(chatId)! });
    if (this.blockedBy.has(chatId)) return this.fail(403, 'Forbidden: bot was blocked by the user');
    let rp = p.reply_parameters;
    if (typeof rp === 'string') {
      try {
        rp = JSON.parse(rp);
      } catch {
        return this.fail(400, "Bad Request: can't parse reply parameters JSON object");
      }
    }
    const replyTo = rp === undefined ? undefined : Number((rp as { message_id?: unknown }).message_id);
    const migratedFrom = [...this.migrated].find(([, to]) => to === chatId)?.[0];
    const chat: Chat | undefined = [this.group, this.discussion, this.channel].find((c) => c.id === chatId) ?? (migratedFrom !== undefined ? { ...this.group, id: chatId, type: 'supergroup' } : undefined) ?? (this.users.has(chatId) ? { id: chatId, type: 'private' } : undefined);
    if (!chat) return this.fail(400, 'Bad Request: chat not found');
    const known = replyTo !== undefined && (this.messages.has(`${chatId}:${replyTo}`) || (migratedFrom !== undefined && this.messages.has(`${migratedFrom}:${replyTo}`)));
    const allowWithout = (rp as { allow_sending_without_reply?: boolean } | undefined)?.allow_sending_without_reply === true;
    if (replyTo !== undefined && !known && !allowWithout) return this.fail(400, 'Bad Request: message to be replied not found');
    const m = this.message(chat, { from: this.bot, text, ...(known ? { reply_to_message: this.shallow(this.messages.get(`${chatId}:${replyTo}`) ?? this.messages.get(`${migratedFrom}:${replyTo}`)!) } : {}) });
    this.sent.push({ chatId, messageId: m.message_id, text, replyTo: known ? replyTo : undefined });
    return this.ok(m);
  }

  protected override async control(req: FakeRequest): Promise<FakeResponse | undefined> {
    const body = req.method === 'POST' ? req.json<Record<string, unknown>>() : {};
    const text = typeof body.text === 'string' ? body.text : '';
    const from = typeof body.name === 'string' || typeof body.username === 'string' ? this.user({ firstName: body.name as string | undefined, username: body.username as string | undefined }) : undefined;
    switch (`${req.method} ${req.path}`) {
      case 'POST /__fake/private':
        return { status: 201, body: this.privateMessage({ from, text }) };
      case 'POST /__fake/group':
        return { status: 201, body: this.groupMessage({ from, text }) };
      case 'POST /__fake/channel-post':
        return { status: 201, body: this.channelPost(text) };
      case 'POST /__fake/comment': {
        const forward = this.messages.get(`${this.discussion.id}:${Number(body.threadId)}`);
        return forward ? { status: 201, body: this.comment({ forward, from, text }) } : { status: 404, body: { error: 'no such thread' } };
      }
      case 'POST /__fake/update':
        return { status: 201, body: { update_id: this.pushUpdate(body) } };
      case 'POST /__fake/webhook':
        this.webhookUrl = typeof body.url === 'string' ? body.url : '';
        return { status: 200, body: { ok: true } };
      case 'POST /__fake/migrate':
        return { status: 200, body: this.migrateGroup() };
      case 'POST /__fake/block':
        this.blockBot(Number(body.userId));
        return { status: 200, body: { ok: true } };
      case 'GET /__fake/sent':
        return { status: 200, body: this.sent };
      default:
        return undefined;
    }
  }
}
