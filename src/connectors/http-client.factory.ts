import axios, { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { ConnectorError } from './connector-error.js';

export interface HttpClientOptions {
  baseURL: string;
  timeoutMs: number;
  headers?: Record<string, string>;
}

const MAX_RESPONSE_BYTES = 20 * 1024 * 1024;

/**
 * Axios for platform APIs: never throws on HTTP status (connectors classify bodies themselves,
 * several platforms report errors with 200), keeps the body as text so malformed JSON is
 * detected instead of silently passed through, and caps response size.
 */
export function createHttpClient(opts: HttpClientOptions): AxiosInstance {
  return axios.create({
    baseURL: opts.baseURL,
    timeout: opts.timeoutMs,
    headers: { 'User-Agent': 'suara-warga/0.1', Accept: 'application/json', ...opts.headers },
    validateStatus: () => true,
    responseType: 'text',
    transformResponse: [(d: unknown) => d],
    maxContentLength: MAX_RESPONSE_BYTES,
    maxRedirects: 0,
  });
}

/** Network-level failures (no HTTP response) become transient or timeout errors. */
export function networkError(e: unknown, what: string): ConnectorError {
  if (e instanceof ConnectorError) return e;
  if (e instanceof AxiosError) {
    if (e.code === 'ECONNABORTED' || e.code === 'ETIMEDOUT' || /timeout/i.test(e.message))
      return new ConnectorError('timeout', `${what}: timed out`);
    if (e.code === 'ERR_CANCELED') return new ConnectorError('transient', `${what}: cancelled`);
    if (e.code === 'ERR_BAD_RESPONSE' && /maxContentLength/.test(e.message))
      return new ConnectorError('malformed_response', `${what}: response too large`);
    return new ConnectorError('transient', `${what}: ${e.code ?? e.message}`);
  }
  return new ConnectorError('transient', `${what}: ${e instanceof Error ? e.message : String(e)}`);
}

/** Parses a JSON body, or reports what came instead (HTML error page, empty body, garbage). */
export function parseJsonBody(res: AxiosResponse<string>, what: string): unknown {
  const type = String(res.headers['content-type'] ?? '');
  const body = typeof res.data === 'string' ? res.data : '';
  if (!body.trim()) throw new ConnectorError('malformed_response', `${what}: empty body (HTTP ${res.status})`);
  if (/html/i.test(type) || /^\s*</.test(body))
    throw new ConnectorError('malformed_response', `${what}: HTML instead of JSON (HTTP ${res.status})`, undefined, res.status, body.slice(0, 300));
  try {
    return JSON.parse(body);
  } catch {
    throw new ConnectorError('malformed_response', `${what}: invalid JSON (HTTP ${res.status})`, undefined, res.status, body.slice(0, 300));
  }
}
