import type { AxiosResponse } from 'axios';
import { ConnectorError } from '../connector-error.js';

interface GraphError {
  code?: number;
  error_subcode?: number;
  message?: string;
  error_data?: { details?: string };
}

/** Graph error envelope → ConnectorError (§1.8, §5.5). Classified by error.code, not HTTP status. */
export function classifyWhatsAppResponse(res: AxiosResponse<string>, what: string): ConnectorError | null {
  let err: GraphError | undefined;
  try {
    err = (JSON.parse(res.data) as { error?: GraphError }).error;
  } catch {
    err = undefined;
  }
  if (!err) {
    if (res.status >= 500) return new ConnectorError('transient', `${what}: server error HTTP ${res.status}`, undefined, res.status);
    if (res.status >= 400) return new ConnectorError('invalid_request', `${what}: HTTP ${res.status}`, undefined, res.status);
    return null;
  }
  const code = err.code ?? 0;
  const msg = `${what}: (#${code}) ${err.error_data?.details ?? err.message ?? ''}`.trim();
  if (code === 131047) return new ConnectorError('window_closed', `${what}: the 24-hour customer-service window is closed`, undefined, code, err);
  if (code === 190 || code === 0) return new ConnectorError('auth_expired', msg, undefined, code, err);
  if (code === 130429 || code === 131056 || code === 80007 || code === 4 || code === 80008)
    return new ConnectorError('rate_limited', msg, new Date(Date.now() + (code === 131056 ? 6_000 : 60_000)), code, err);
  if (code === 3 || code === 10 || (code >= 200 && code <= 299)) return new ConnectorError('permission', msg, undefined, code, err);
  if (code === 1 || code === 2 || code === 131000) return new ConnectorError('transient', msg, undefined, code, err);
  if (code === 368) return new ConnectorError('rate_limited', msg, new Date(Date.now() + 3_600_000), code, err);
  return new ConnectorError('invalid_request', msg, undefined, code, err);
}
