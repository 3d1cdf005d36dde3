import { randomBytes } from 'node:crypto';
import { signMetaBody } from '../ingestion/webhooks/meta-signature.js';
import { FakeServer, type Fault, type FakeRequest, type FakeResponse } from './fake-server.js';

// Fake WhatsApp Cloud API (platform-apis.md §5.7): the send API with the 24-hour window, and a
// webhook sender that signs deliveries like Meta (X-Hub-Signature-256) and posts them to the service.

export interface WaInbound {
  from?: string;
  bsuid?: string;
  name?: string;
  text: string;
  /** Unix seconds; defaults to now. */
  timestamp?: number;
  /** BSUID-only sender: no phone number (`from`/`wa_id`) in the payload (§5.2, 2026). */
  omitPhone?: boolean;
}

export interface WaSent {
  id: string;
  to: string;
  text: string;
  contextId?: string;
}

const WINDOW_MS = 24 * 3_600_000;

export class WhatsAppFake extends FakeServer {
  readonly phoneNumberId: string;
  readonly displayNumber = '6281100000001';
  readonly wabaId = '102290000000001';
  tokens = ['wa-token'];
  webhookUrl = '';
  appSecret = 'wa-app-secret';
  /** Send status webhooks (sent, delivered, read) after each accepted message. */
  statusCallbacks = true;
  readonly sent: WaSent[] = [];
  private lastInbound = new Map<string, number>();

  constructor(phoneNumberId = '106540000000001') {
    super();
    this.phoneNumberId = phoneNumberId;
  }

  protected resetState(): void {
    this.sent.length = 0;
    this.lastInbound.clear();
  }

  private graphError(status: number, code: number, message: string, details?: string): FakeResponse {
    return { status, body: { error: { message, type: 'OAuthException', code, error_data: details ? { details } : undefined, fbtrace_id: 'Afake' } } };
  }

  protected faultResponse(fault: Fault): FakeResponse {
    switch (fault.kind) {
      case 'rate_limit':
        return this.graphError(400, 130429, '(#130429) Rate limit hit');
      case 'quota':
        return this.graphError(400, 131056, '(#131056) Pair rate limit hit');
      case 'expired_token':
        return this.graphError(401, 190, 'Error validating access token: Session has expired');
      case 'permission':
        return this.graphError(403, 10, 'Application does not have permission for this action');
      default:
        return this.graphError(fault.status ?? 503, 2, 'Service temporarily unavailable');
    }
  }

  private authed(req: FakeRequest): boolean {
    const m = /^Bearer (.+)$/.exec(String(req.headers.authorization ?? ''));
    return !!m && this.tokens.includes(m[1]);
  }

  protected route(req: FakeRequest): FakeResponse | undefined {
    const m = /^\/v\d+\.\d+\/(\d+)(\/messages)?$/.exec(req.path);
    if (!m) return undefined;
    if (!this.authed(req)) return this.graphError(401, 190, 'Invalid OAuth access token');
    if (m[1] !== this.phoneNumberId) return this.graphError(400, 100, 'Unsupported post request: object does not exist');
    if (req.method === 'GET' && !m[2]) return { status: 200, body: { id: this.phoneNumberId, display_phone_number: this.displayNumber, quality_rating: 'GREEN' } };
    if (req.method !== 'POST' || !m[2]) return undefined;
    const b = req.json<{ messaging_product?: string; to?: string; recipient?: string; type?: string; text?: { body?: string }; context?: { message_id?: string } }>();
    if (b.messaging_product !== 'whatsapp') return this.graphError(400, 100, 'Invalid parameter', 'messaging_product must be whatsapp');
    const to = b.to ?? b.recipient;
    if (!to) return this.graphError(400, 131008, 'Required parameter is missing', 'to');
    if (b.type !== 'text' || !b.text?.body) return this.graphError(400, 131008, 'Required parameter is missing', 'text.body');
    if (b.text.body.length > 4096) return this.graphError(400, 100, 'Invalid parameter', 'text too long');
    const last = this.lastInbound.get(to);
    if (!last || Date.now() - last > WINDOW_MS)
      return this.graphError(400, 131047, 'Re-engagement message', 'Message failed to send because more than 24 hours have passed since the customer last replied to this number.');
    const id = `wamid.${randomBytes(12).toString('base64url')}`;
    this.sent.push({ id, to, text: b.text.body, contextId: b.context?.message_id });
    if (this.statusCallbacks) void this.sendStatuses(id, to, ['sent', 'delivered', 'read']);
    return { status: 200, body: { messaging_product: 'whatsapp', contacts: [{ input: to, wa_id: to }], messages: [{ id }] } };
  }

  /** Marks a citizen as having written at `atMs` (opens the 24-hour window) without a webhook. */
  touchWindow(recipient: string, atMs = Date.now()): void {
    this.lastInbound.set(recipient, atMs);
  }

  messagePayload(m: WaInbound & { id: string }): Record<string, unknown> {
    const from = m.omitPhone ? undefined : (m.from ?? '6281234567890');
    const bsuid = m.bsuid ?? `ID.${(m.from ?? '6281234567890').slice(-8)}00000000001`;
    return {
      object: 'whatsapp_business_account',
      entry: [
        {
          id: this.wabaId,
          changes: [
            {
              field: 'messages',
              value: {
                messaging_product: 'whatsapp',
                metadata: { display_phone_number: this.displayNumber, phone_number_id: this.phoneNumberId },
                contacts: [{ profile: { name: m.name ?? 'Warga' }, ...(from ? { wa_id: from } : {}), user_id: bsuid }],
                messages: [{ ...(from ? { from } : {}), from_user_id: bsuid, id: m.id, timestamp: String(m.timestamp ?? Math.floor(Date.now() / 1000)), type: 'text', text: { body: m.text } }],
              },
            },
          ],
        },
      ],
    };
  }

  /** Posts a signed delivery to the service; returns the HTTP status it answered. */
  async deliver(payload: unknown, opts: { signature?: string | null; rawBody?: string } = {}): Promise<number> {
    if (!this.webhookUrl) throw new Error('WhatsAppFake.webhookUrl is not set');
    const body = opts.rawBody ?? JSON.stringify(payload);
    const headers: Record<string, string> = { 'content-type': 'application/json' };
    const sig = opts.signature === undefined ? signMetaBody(body, this.appSecret) : opts.signature;
    if (sig !== null) headers['x-hub-signature-256'] = sig;
    const res = await fetch(this.webhookUrl, { method: 'POST', headers, body });
    return res.status;
  }

  /** A citizen writes to the regency: the message is delivered by webhook and opens the window. */
  async sendMessage(m: WaInbound): Promise<{ id: string; status: number }> {
    const id = `wamid.${randomBytes(12).toString('base64url')}`;
    const from = m.from ?? '6281234567890';
    this.lastInbound.set(from, (m.timestamp ?? Date.now() / 1000) * 1000);
    const status = await this.deliver(this.messagePayload({ ...m, id }));
    return { id, status };
  }

  async sendStatuses(id: string, recipient: string, statuses: string[], errors?: Array<{ code: number; title: string }>): Promise<void> {
    if (!this.webhookUrl) return;
    for (const status of statuses) {
      await this.deliver({
        object: 'whatsapp_business_account',
        entry: [
          {
            id: this.wabaId,
            changes: [
              {
                field: 'messages',
                value: {
                  messaging_product: 'whatsapp',
                  metadata: { display_phone_number: this.displayNumber, phone_number_id: this.phoneNumberId },
                  statuses: [{ id, status, timestamp: String(Math.floor(Date.now() / 1000)), recipient_id: recipient, ...(errors && status === 'failed' ? { errors } : {}) }],
                },
              },
            ],
          },
        ],
      }).catch(() => undefined);
    }
  }

  protected override control(req: FakeRequest): FakeResponse | undefined {
    if (req.method === 'GET' && req.path === '/__fake/sent') return { status: 200, body: this.sent };
    return undefined;
  }
}
