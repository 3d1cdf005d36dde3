import type { AxiosResponse } from 'axios';
import { ConnectorError } from '../connector-error.js';
import type { TikTokEnvelope } from './tiktok.types.js';

// TikTok answers HTTP 200 with a `code` envelope (platform-apis.md §4.1); HTTP-level 429/5xx and
// HTML pages still happen at the edge. Codes marked ⚠️ in §4.1 are classified by message too.

export const TIKTOK_OK = 0;
export const TIKTOK_PARTIAL = 20001;
export const TIKTOK_RATE_LIMITED = 40100;
export const TIKTOK_TOKEN_MISSING = 40104;
export const TIKTOK_TOKEN_INVALID = 40105;

const FIRST_BACKOFF_MS = 60_000;
const MAX_BACKOFF_MS = 15 * 60_000;

/** 40100 carries no reset time and no Retry-After (§4.1): 60 s, doubling per consecutive hit. */
export function rateLimitBackoffMs(strikes: number): number {
  return Math.min(MAX_BACKOFF_MS, FIRST_BACKOFF_MS * 2 ** Math.max(0, strikes - 1));
}

const nextUtcMidnight = (now: Date): Date => new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), now.getUTCDate() + 1));

const PERMISSION = /scope_not_authorized|scope_permission|permission|not authori[sz]ed|no access|forbidden/i;
const NOT_FOUND = /not found|not exist|been deleted|been removed/i;

export interface ClassifyContext {
  now: Date;
  /** Consecutive rate-limit hits of this account, including this one. */
  rateStrikes: number;
}

function rateLimited(what: string, ctx: ClassifyContext, code: number | string, raw: unknown, retryAfterSec?: number): ConnectorError {
  const wait = retryAfterSec !== undefined ? retryAfterSec * 1000 : rateLimitBackoffMs(ctx.rateStrikes);
  return new ConnectorError('rate_limited', `${what}: rate limited`, new Date(ctx.now.getTime() + wait), code, raw);
}

/** Maps a non-2xx HTTP status (proxies, gateways, the 42900 some report, §4.1) to an error; null for 2xx. */
export function classifyTikTokHttp(res: AxiosResponse<string>, what: string, ctx: ClassifyContext): ConnectorError | null {
  const s = res.status;
  if (s >= 200 && s < 300) return null;
  const snippet = typeof res.data === 'string' ? res.data.slice(0, 300) : undefined;
  if (s === 429) {
    if (/quota/i.test(snippet ?? '')) return new ConnectorError('quota_exhausted', `${what}: quota exhausted`, nextUtcMidnight(ctx.now), 429, snippet);
    const ra = Number(res.headers['retry-after']);
    return rateLimited(what, ctx, 429, snippet, Number.isFinite(ra) && ra > 0 ? ra : undefined);
  }
  if (s === 401) return new ConnectorError('auth_expired', `${what}: HTTP 401`, undefined, 401, snippet);
  if (s === 403) return new ConnectorError('permission', `${what}: HTTP 403`, undefined, 403, snippet);
  // A path without its trailing slash answers 404 "page not found" (§4.1): a bug, not an outage.
  if (s === 404) return new ConnectorError('invalid_request', `${what}: HTTP 404 (page not found)`, undefined, 404, snippet);
  if (s >= 400 && s < 500) return new ConnectorError('invalid_request', `${what}: HTTP ${s}`, undefined, s, snippet);
  return new ConnectorError('transient', `${what}: server error HTTP ${s}`, undefined, s, snippet);
}

export function isEnvelope(body: unknown): body is TikTokEnvelope {
  if (typeof body !== 'object' || body === null || Array.isArray(body)) return false;
  const code = (body as { code?: unknown }).code;
  return (typeof code === 'number' && Number.isInteger(code)) || (typeof code === 'string' && /^\d+$/.test(code));
}

/** Maps the `code` of an envelope to an error; null for 0 and 20001 (partial success, §6.4 #22). */
export function classifyTikTokCode(env: TikTokEnvelope, what: string, ctx: ClassifyContext): ConnectorError | null {
  const code = Number(env.code);
  if (code === TIKTOK_OK || code === TIKTOK_PARTIAL) return null;
  // The message is platform text: keep it short in our own messages.
  const msg = String(env.message ?? '').slice(0, 200);
  const raw = { code, message: msg, request_id: env.request_id };
  const detail = `${what}: code ${code}${msg ? ` (${msg})` : ''}`;
  if (code === TIKTOK_RATE_LIMITED) {
    if (/quota/i.test(msg)) return new ConnectorError('quota_exhausted', detail, nextUtcMidnight(ctx.now), code, raw);
    return rateLimited(what, ctx, code, raw);
  }
  if (code === TIKTOK_TOKEN_INVALID || code === TIKTOK_TOKEN_MISSING || /access_token_invalid/i.test(msg))
    return new ConnectorError('auth_expired', detail, undefined, code, raw);
  if (PERMISSION.test(msg)) return new ConnectorError('permission', detail, undefined, code, raw);
  if (code >= 40000 && code < 50000) {
    if (NOT_FOUND.test(msg)) return new ConnectorError('not_found', detail, undefined, code, raw);
    return new ConnectorError('invalid_request', detail, undefined, code, raw);
  }
  // 5xxxx and anything unknown: back off and try again (§6.4 #3).
  return new ConnectorError('transient', detail, undefined, code, raw);
}
