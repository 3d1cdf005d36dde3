import { ConnectorError } from '../connector-error.js';
import { obj, str } from '../kit/clean.js';
import { retryAtAfter, type PlatformResponse } from '../kit/platform-call.js';

// Telegram's error table (platform-apis.md §7.1, §7.11): HTTP status = error_code, the body is
// {ok:false, error_code, description, parameters}. Descriptions are not a stable contract, so
// they only refine a kind the code already decided.

/** How long a 409 Conflict pauses the account: another consumer holds the updates (§7.4). */
export const CONFLICT_PAUSE_SEC = 300;

/** A 400 saying the group became a supergroup; carries the new chat id (§7.11). */
export const MIGRATE_CODE = 'migrate_to_chat_id';

export function classifyTelegram(res: PlatformResponse, what: string, now: Date = new Date()): ConnectorError | null {
  const body = obj(res.body);
  if (body?.ok === true && res.status < 300) return null;
  const params = obj(body?.parameters);
  const code = typeof body?.error_code === 'number' ? body.error_code : res.status;
  const description = (str(body?.description) ?? `HTTP ${res.status}`).slice(0, 300);
  const msg = `${what}: ${description}`;
  if (res.status < 300 && body?.ok !== false) return new ConnectorError('malformed_response', `${what}: no "ok" in the response`, undefined, res.status);
  if (code === 429) {
    // retry_after in parameters, mirrored in a Retry-After header (§7.2).
    const seconds = typeof params?.retry_after === 'number' ? params.retry_after : Number(res.headers['retry-after']);
    return new ConnectorError('rate_limited', msg, retryAtAfter(seconds, now, 30), code, body);
  }
  if (code === 401) return new ConnectorError('auth_expired', `${what}: bot token rejected (${description})`, undefined, code, body);
  if (code === 403) {
    // Blocked by the user, kicked from the group, not a member: this chat is closed to the bot.
    const why = /blocked/i.test(description) ? 'bot diblokir oleh warga' : /kicked|not a member/i.test(description) ? 'bot dikeluarkan dari grup/kanal' : /deactivated/i.test(description) ? 'akun warga sudah nonaktif' : 'bot tidak diizinkan';
    return new ConnectorError('permission', `${why} (${msg})`, undefined, code, body);
  }
  if (code === 409) return new ConnectorError('conflict', `${msg} (webhook aktif atau program lain memakai token bot ini)`, new Date(now.getTime() + CONFLICT_PAUSE_SEC * 1000), code, body);
  if (code === 400 && typeof params?.migrate_to_chat_id === 'number')
    return new ConnectorError('invalid_request', msg, undefined, MIGRATE_CODE, { migrateToChatId: String(params.migrate_to_chat_id) });
  if (code === 400 && /message to be replied not found|message to reply not found|chat not found/i.test(description)) return new ConnectorError('not_found', msg, undefined, code, body);
  if (code >= 500 || res.status >= 500) return new ConnectorError('transient', msg, undefined, code, body);
  if (!body) return new ConnectorError('malformed_response', `${what}: HTTP ${res.status} without a Telegram envelope`, undefined, res.status);
  return new ConnectorError('invalid_request', msg, undefined, code, body);
}
