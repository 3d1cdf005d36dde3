import { ConnectorError } from '../connector-error.js';
import { arr, obj, str } from '../kit/clean.js';
import { retryAtAfter, type PlatformResponse } from '../kit/platform-call.js';

// YouTube's error table (platform-apis.md §8.6): Google's {error:{code, message, errors:[{reason}]}}
// envelope, keyed on the reason. quotaExceeded is 403, not 429; commentsDisabled concerns one
// video only. Quota exhaustion needs the pool's reset time, so the connector sets its retryAt.

export const QUOTA_REASONS = ['quotaExceeded', 'dailyLimitExceeded'];
export const RATE_REASONS = ['rateLimitExceeded', 'userRateLimitExceeded'];

export function youtubeReason(body: unknown): string | undefined {
  const err = obj(obj(body)?.error);
  return str(obj(arr(err?.errors)[0])?.reason) ?? str(err?.status);
}

export function classifyYouTube(res: PlatformResponse, what: string, now: Date = new Date()): ConnectorError | null {
  const err = obj(obj(res.body)?.error);
  if (res.status < 300 && !err) return obj(res.body) ? null : new ConnectorError('malformed_response', `${what}: not a JSON object`, undefined, res.status);
  const reason = youtubeReason(res.body) ?? `HTTP ${res.status}`;
  // Messages carry HTML (<code><a href=…>), kept short and tag-free for logs and staff.
  const message = (str(err?.message) ?? '').replace(/<[^>]*>/g, '').slice(0, 200);
  const msg = `${what}: ${reason}${message ? ` (${message})` : ''}`;
  const code = reason;
  if (QUOTA_REASONS.includes(reason)) return new ConnectorError('quota_exhausted', msg, undefined, code, res.body);
  if (RATE_REASONS.includes(reason) || res.status === 429) return new ConnectorError('rate_limited', msg, retryAtAfter(Number(res.headers['retry-after']), now, 60), code, res.body);
  if (reason === 'commentsDisabled') return new ConnectorError('permission', `komentar dinonaktifkan pada video ini (${msg})`, undefined, code, res.body);
  if (res.status === 401) return new ConnectorError('auth_expired', msg, undefined, code, res.body);
  if (reason === 'invalidPageToken') return new ConnectorError('invalid_request', msg, undefined, code, res.body);
  if (res.status === 404 || /NotFound$/.test(reason)) return new ConnectorError('not_found', msg, undefined, code, res.body);
  if (res.status === 403) return new ConnectorError('permission', msg, undefined, code, res.body);
  if (res.status >= 500 || reason === 'backendError') return new ConnectorError('transient', msg, undefined, code, res.body);
  if (!err) return new ConnectorError('malformed_response', `${what}: HTTP ${res.status} without a Google error envelope`, undefined, res.status);
  return new ConnectorError('invalid_request', msg, undefined, code, res.body);
}
