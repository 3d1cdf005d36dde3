import type { AxiosResponse } from 'axios';
import type { RateLimitSnapshot } from '../connector.interface.js';
import { ConnectorError } from '../connector-error.js';
import type { GraphError } from './facebook.types.js';

// Graph API error channel, shared by Facebook and Instagram (platform-apis.md §1.7, §1.8, §2.6):
// classify by `error.code`/`error_subcode`, never by HTTP status alone.

/** Meta extends a block when called early: without a hint, wait this long (§1.7). */
const FALLBACK_THROTTLE_MS = 15 * 60_000;
/** A throttle longer than this is a spent daily BUC quota rather than a short burst limit. */
const QUOTA_THRESHOLD_MIN = 60;
/** Code 368 (temporarily blocked for policy) gets a long pause. */
const POLICY_BLOCK_MS = 60 * 60_000;

const THROTTLE_CODES = new Set([4, 17, 32, 341, 613]);
const isThrottle = (code: number): boolean => THROTTLE_CODES.has(code) || (code >= 80000 && code < 80100);
const isPermission = (code: number): boolean => code === 3 || code === 10 || (code >= 200 && code <= 299);

function header(res: Pick<AxiosResponse, 'headers'>, name: string): string | undefined {
  const v: unknown = res.headers?.[name];
  return typeof v === 'string' ? v : Array.isArray(v) ? String(v[0]) : undefined;
}

function jsonHeader(res: Pick<AxiosResponse, 'headers'>, name: string): unknown {
  const v = header(res, name);
  if (!v) return undefined;
  try {
    return JSON.parse(v);
  } catch {
    return undefined;
  }
}

function parseUsage(res: Pick<AxiosResponse, 'headers'>): { pct: number[]; regainMin: number } {
  const pct: number[] = [];
  let regainMin = 0;
  const take = (r: unknown): void => {
    if (typeof r !== 'object' || r === null) return;
    const o = r as Record<string, unknown>;
    for (const k of ['call_count', 'total_cputime', 'total_time'])
      if (typeof o[k] === 'number') pct.push(o[k]);
    const m = Number(o.estimated_time_to_regain_access);
    if (Number.isFinite(m) && m > regainMin) regainMin = m;
  };
  take(jsonHeader(res, 'x-app-usage'));
  // BUC: an object keyed by business-object id, each an array of usage records (§1.7).
  const buc = jsonHeader(res, 'x-business-use-case-usage');
  if (typeof buc === 'object' && buc !== null)
    for (const records of Object.values(buc)) if (Array.isArray(records)) records.forEach(take);
  return { pct, regainMin };
}

/** Usage headers → percent used and, when throttled, when access comes back (§1.7). */
export function graphUsage(
  res: Pick<AxiosResponse, 'headers'>,
  now = Date.now(),
): RateLimitSnapshot | undefined {
  const { pct, regainMin } = parseUsage(res);
  if (!pct.length && !regainMin) return undefined;
  return {
    usagePercent: pct.length ? Math.max(...pct) : undefined,
    regainAccessAt: regainMin > 0 ? new Date(now + regainMin * 60_000).toISOString() : undefined,
  };
}

/** `estimated_time_to_regain_access` (minutes), else Retry-After, else 0. */
function regainMinutes(res: Pick<AxiosResponse, 'headers'>): number {
  const { regainMin } = parseUsage(res);
  if (regainMin > 0) return regainMin;
  // Retry-After is not documented for Graph (⚠️ §1.7) but honoured if present.
  const ra = Number(header(res, 'retry-after'));
  return Number.isFinite(ra) && ra > 0 ? ra / 60 : 0;
}

function lenientJson(body: unknown): Record<string, unknown> | undefined {
  if (typeof body !== 'string') return undefined;
  try {
    const v: unknown = JSON.parse(body);
    return typeof v === 'object' && v !== null ? (v as Record<string, unknown>) : undefined;
  } catch {
    return undefined;
  }
}

/** Maps a Graph `{error:{…}}` to a ConnectorError; platformCode is "code" or "code/subcode". */
export function classifyGraphError(
  e: GraphError,
  res: Pick<AxiosResponse, 'headers' | 'status'>,
  what: string,
  now = new Date(),
): ConnectorError {
  const code = Number(e.code);
  const sub = Number(e.error_subcode) || undefined;
  const platformCode = sub ? `${code}/${sub}` : String(e.code ?? res.status);
  const msg = `${what}: ${String(e.message ?? 'Graph error').slice(0, 300)}`;
  const mk = (kind: ConnectorError['kind'], retryAt?: Date): ConnectorError =>
    new ConnectorError(kind, msg, retryAt, platformCode, e);
  if (code === 190 || code === 102 || (!e.code && e.type === 'OAuthException')) return mk('auth_expired');
  if (isThrottle(code)) {
    const min = regainMinutes(res);
    const retryAt = new Date(now.getTime() + (min > 0 ? min * 60_000 : FALLBACK_THROTTLE_MS));
    return mk(min >= QUOTA_THRESHOLD_MIN ? 'quota_exhausted' : 'rate_limited', retryAt);
  }
  if (code === 368)
    return mk(
      'rate_limited',
      new Date(now.getTime() + Math.max(POLICY_BLOCK_MS, regainMinutes(res) * 60_000)),
    );
  if (isPermission(code)) return mk('permission');
  if (code === 1 || code === 2 || e.is_transient) return mk('transient');
  if (code === 506) return mk('duplicate');
  if (
    code === 803 ||
    (code === 100 &&
      (sub === 33 || /does not exist|unsupported get request|cannot be loaded/i.test(e.message ?? '')))
  )
    return mk('not_found');
  return mk('invalid_request');
}

/** Maps a Graph response to a ConnectorError, or null when it carries no error. */
export function classifyGraphResponse(
  res: AxiosResponse<string>,
  what: string,
  now = new Date(),
): ConnectorError | null {
  const body = lenientJson(res.data);
  const e = body?.error;
  if (typeof e === 'object' && e !== null) return classifyGraphError(e, res, what, now);
  const s = res.status;
  if (s >= 200 && s < 300) return null;
  if (s >= 500) return new ConnectorError('transient', `${what}: server error HTTP ${s}`, undefined, s);
  if (s === 401) return new ConnectorError('auth_expired', `${what}: HTTP 401`, undefined, s);
  if (s === 403) return new ConnectorError('permission', `${what}: HTTP 403`, undefined, s);
  if (s === 404) return new ConnectorError('not_found', `${what}: HTTP 404`, undefined, s);
  if (s === 429)
    return new ConnectorError(
      'rate_limited',
      `${what}: HTTP 429`,
      new Date(now.getTime() + FALLBACK_THROTTLE_MS),
      s,
    );
  return new ConnectorError(
    'malformed_response',
    `${what}: HTTP ${s} without a Graph error body`,
    undefined,
    s,
  );
}

/** "(#100) The After Cursor specified exceeds the max limit…" or a cursor killed by a deletion (§1.5). */
export const isGraphCursorError = (e: unknown): boolean =>
  e instanceof ConnectorError && String(e.platformCode).split('/')[0] === '100' && /cursor/i.test(e.message);
