import type { AxiosResponse } from 'axios';
import { ConnectorError } from '../connector-error.js';
import type { XProblem } from './x.types.js';

const FALLBACK_WINDOW_MS = 15 * 60_000;

function lenientJson(body: unknown): XProblem {
  if (typeof body !== 'string') return {};
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null ? (v) : {};
  } catch {
    return {};
  }
}

/** Epoch seconds in `x-rate-limit-reset` (§3.5); 15 minutes from now when absent or nonsense. */
export function resetTime(res: Pick<AxiosResponse, 'headers'>, now = Date.now()): Date {
  const reset = Number(res.headers['x-rate-limit-reset']);
  if (Number.isFinite(reset) && reset > 0) return new Date(Math.max(reset * 1000, now));
  return new Date(now + FALLBACK_WINDOW_MS);
}

function nextPeriod(period: XProblem['period'], now: Date): Date {
  if (period === 'Monthly') return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth() + 1, 1));
  return new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));
}

/** Maps a non-2xx X response to a ConnectorError (§3.5, §3.6, §6.4); null for success. */
export function classifyXResponse(res: AxiosResponse<string>, what: string, now = new Date()): ConnectorError | null {
  const s = res.status;
  if (s >= 200 && s < 300) return null;
  const p = lenientJson(res.data);
  const detail = p.detail ?? p.title ?? p.errors?.[0]?.message ?? `HTTP ${s}`;
  if (s === 429) {
    if (p.type?.includes('usage-capped'))
      return new ConnectorError('quota_exhausted', `${what}: usage cap reached (${p.period ?? 'period'})`, nextPeriod(p.period, now), 'usage-capped', p);
    return new ConnectorError('rate_limited', `${what}: rate limited`, resetTime(res, now.getTime()), 429, p);
  }
  if (s === 401) return new ConnectorError('auth_expired', `${what}: token rejected (${detail})`, undefined, 401, p);
  if (s === 403) return classifyX403(p, detail, what);
  if (s === 404) return new ConnectorError('not_found', `${what}: not found`, undefined, 404, p);
  if (s >= 400 && s < 500) return new ConnectorError('invalid_request', `${what}: ${detail}`, undefined, s, p);
  return new ConnectorError('transient', `${what}: server error HTTP ${s}`, undefined, s);
}

// X answers 403 for causes that need different handling (§3.2c, §3.6, §6.4 #6/#9/#19); only the
// body tells them apart. Wordings seen from the real API (v2 `detail`, legacy `errors[].message`):
//  - "You attempted to reply to a Tweet that is deleted or not visible to you." (legacy code 385)
//  - "You are not allowed to create a Tweet with duplicate content." (legacy 187, "Duplicate content.")
//  - "Reply to this conversation is not allowed because you have not been mentioned or otherwise
//    engaged by the author of the post you are replying to." (the author's reply settings)
//  - client-forbidden / not-authorized-for-* / oauth1-permissions problems, "not permitted to
//    perform this action", a suspended account: the account itself lost the right to post.
const TARGET_GONE = /(tweet|post) that is deleted or not visible|(tweet|post) is (deleted|unavailable|not visible)|no status found/i;
const DUPLICATE = /duplicate/i;
const RESTRICTED = /reply to this conversation is not allowed|not been mentioned or otherwise engaged|only reply to or quote posts where you are mentioned|restricted who can reply|not allowed to reply/i;
const PERMISSION_TYPES = /client-forbidden|not-authorized-for|oauth1-permissions|unsupported-authentication|disallowed-resource/;
const PERMISSION = /not permitted to perform|not configured with the appropriate|suspended|locked|appropriate level of api access|client-not-enrolled|read-only application|permission/i;

function classifyX403(p: XProblem, detail: string, what: string): ConnectorError {
  const legacy = p.errors?.find((e) => typeof e.code === 'number')?.code;
  const text = [p.detail, p.title, p.reason, ...(p.errors ?? []).map((e) => e.message)].filter(Boolean).join(' | ');
  if (legacy === 385 || TARGET_GONE.test(text)) return new ConnectorError('not_found', `${what}: the post is deleted or not visible (${detail})`, undefined, '403/target-gone', p);
  if (legacy === 187 || DUPLICATE.test(text) || p.type?.includes('duplicate')) return new ConnectorError('duplicate', `${what}: duplicate content`, undefined, '403/duplicate', p);
  if (RESTRICTED.test(text)) return new ConnectorError('reply_restricted', `${what}: the author limits who may reply (${detail})`, undefined, '403/reply-restricted', p);
  if (PERMISSION_TYPES.test(p.type ?? '') || PERMISSION.test(text)) return new ConnectorError('permission', `${what}: forbidden (${detail})`, undefined, '403/permission', p);
  // An unrecognised 403 refuses this request; it is no proof that the account lost its rights.
  return new ConnectorError('invalid_request', `${what}: refused by X (403: ${detail})`, undefined, 403, p);
}
