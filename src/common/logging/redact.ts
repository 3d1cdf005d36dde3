import { maskPii } from '../pii.js';

// Secrets that reach log text through error messages and URLs (Graph API calls carry
// access_token in the query string; an axios error message may quote it).
const BEARER = /(\bBearer\s+)[A-Za-z0-9._~+/=-]{6,}/gi;
const QUERY_SECRET = /(\b(?:access_token|refresh_token|client_secret|appsecret_proof|input_token|password|token)=)[^&\s"']+/gi;
const JSON_SECRET = /("(?:access_?token|refresh_?token|client_?secret|password|bearer_?token|secret)"\s*:\s*")[^"]*"/gi;

/** Log text without tokens and with personal data (NIK, phone numbers) masked by the one PII policy. */
export function redactText(s: string): string {
  return maskPii(s.replace(BEARER, '$1[redacted]').replace(QUERY_SECRET, '$1[redacted]').replace(JSON_SECRET, '$1[redacted]"'));
}

/** Object fields never logged as they are, wherever they appear (pino `redact` paths). */
export const REDACT_PATHS = [
  'req.headers.authorization',
  'req.headers.cookie',
  'req.headers["x-hub-signature-256"]',
  'res.headers["set-cookie"]',
  '*.password',
  '*.token',
  '*.accessToken',
  '*.refreshToken',
  '*.credentials',
  '*.secret',
  '*.clientSecret',
];
