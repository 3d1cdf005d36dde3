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
  if (s === 403) {
    if (/duplicate/i.test(detail) || p.type?.includes('duplicate'))
      return new ConnectorError('duplicate', `${what}: duplicate content`, undefined, 403, p);
    return new ConnectorError('permission', `${what}: forbidden (${detail})`, undefined, 403, p);
  }
  if (s === 404) return new ConnectorError('not_found', `${what}: not found`, undefined, 404, p);
  if (s >= 400 && s < 500) return new ConnectorError('invalid_request', `${what}: ${detail}`, undefined, s, p);
  return new ConnectorError('transient', `${what}: server error HTTP ${s}`, undefined, s);
}
