import type { AxiosResponse } from 'axios';
import { ConnectorError } from '../connector-error.js';
import { networkError, parseJsonBody } from '../http-client.factory.js';

/** What an error table sees of one response: status, headers and the parsed body (if it parsed). */
export interface PlatformResponse {
  status: number;
  headers: Record<string, string>;
  body: unknown;
}

/**
 * A platform's error table: platform codes → ConnectorError kinds, or null when the response is
 * a success. It is the only platform-specific part of a call.
 */
export type ErrorTable = (res: PlatformResponse, what: string) => ConnectorError | null;

const headersOf = (res: AxiosResponse<string>): Record<string, string> =>
  Object.fromEntries(Object.entries(res.headers ?? {}).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(', ') : String(v)]));

/**
 * One platform call: network failures become transient/timeout, the body is parsed (an HTML
 * page, an empty or broken body is malformed, or transient on a 5xx), and the error table decides
 * the rest. Returns the parsed body of a success.
 */
export async function platformCall(what: string, send: () => Promise<AxiosResponse<string>>, table: ErrorTable): Promise<unknown> {
  let res: AxiosResponse<string>;
  try {
    res = await send();
  } catch (e) {
    throw networkError(e, what);
  }
  let body: unknown;
  let parseError: ConnectorError | undefined;
  try {
    body = parseJsonBody(res, what);
  } catch (e) {
    parseError = e instanceof ConnectorError ? e : new ConnectorError('malformed_response', `${what}: unreadable body`);
  }
  const err = table({ status: res.status, headers: headersOf(res), body }, what);
  if (err) throw err;
  if (parseError) {
    if (res.status >= 500) throw new ConnectorError('transient', `${what}: server error HTTP ${res.status}`, undefined, res.status);
    throw parseError;
  }
  return body;
}

/** `Retry-After`-style seconds → the moment to try again (at least 1 s away). */
export function retryAtAfter(seconds: number | undefined, now: Date, fallbackSec: number): Date {
  const s = typeof seconds === 'number' && Number.isFinite(seconds) && seconds > 0 ? Math.min(seconds, 86_400) : fallbackSec;
  return new Date(now.getTime() + Math.max(1, s) * 1000);
}
