import { createHmac } from 'node:crypto';

// Standard Webhooks (https://www.standardwebhooks.com, STYLE.md): headers webhook-id,
// webhook-timestamp (Unix seconds) and webhook-signature = "v1,<base64 HMAC-SHA256>" over
// "<id>.<timestamp>.<body>", keyed with the base64 part of the `whsec_` secret.

export function signStandardWebhook(secret: string, id: string, timestampSec: number, body: string): string {
  const key = Buffer.from(secret.replace(/^whsec_/, ''), 'base64');
  return `v1,${createHmac('sha256', key).update(`${id}.${timestampSec}.${body}`).digest('base64')}`;
}

export function standardWebhookHeaders(secret: string, id: string, timestampSec: number, body: string): Record<string, string> {
  return {
    'webhook-id': id,
    'webhook-timestamp': String(timestampSec),
    'webhook-signature': signStandardWebhook(secret, id, timestampSec, body),
  };
}
