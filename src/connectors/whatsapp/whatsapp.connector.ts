import type { AxiosInstance, AxiosResponse } from 'axios';
import type { Connector, ConnectorAccountContext, FetchResult, HealthStatus, NormalizedItem, RejectedItem, ReplyResult, ReplyTarget } from '../connector.interface.js';
import { idStr, obj } from '../kit/clean.js';
import { mapEachSafely } from '../kit/item-guard.js';
import { ConnectorError } from '../connector-error.js';
import { networkError, parseJsonBody } from '../http-client.factory.js';
import { classifyWhatsAppResponse } from './whatsapp.errors.js';
import { mapWhatsAppMessage } from './whatsapp.mapper.js';
import type { WaBufferedMessage, WaCursor } from './whatsapp.types.js';

/** Read access to the durable webhook buffer; implemented over PostgreSQL by WebhookBufferRepository. */
export interface WebhookBufferReader {
  readAfter(platform: 'whatsapp' | 'instagram', accountExternalId: string, afterSeq: string, limit: number, kinds: string[]): Promise<Array<{ seq: string; kind: string; payload: Record<string, unknown> }>>;
}

const PAGE = 100;
const MAX_TEXT = 4096;

/**
 * WhatsApp Cloud API (platform-apis.md §5). Nothing to poll: inbound messages arrive by webhook
 * into the buffer, and fetchSince drains it by sequence number like any poll (§5.6).
 * No refreshItems: the Cloud API has no endpoint that reads a received message back by id (§5.2:
 * inbound is webhooks only), so there is nothing to re-read; a message is private to the Pemda
 * and cannot be taken back from our copy.
 */
export class WhatsAppConnector implements Connector {
  readonly platform = 'whatsapp' as const;

  constructor(
    private readonly http: AxiosInstance,
    private readonly account: ConnectorAccountContext,
    private readonly buffer: WebhookBufferReader,
    private readonly graphVersion: string,
  ) {}

  private headers(): Record<string, string> {
    const token = this.account.credentials.accessToken;
    if (!token) throw new ConnectorError('auth_expired', 'no WhatsApp access token configured for this account');
    return { Authorization: `Bearer ${token}` };
  }

  async fetchSince(raw: string | null): Promise<FetchResult> {
    let cursor: WaCursor = { v: 1, seq: '0' };
    if (raw) {
      try {
        cursor = JSON.parse(raw) as WaCursor;
      } catch {
        throw new ConnectorError('invalid_request', 'stored WhatsApp cursor is not JSON');
      }
    }
    const rows = await this.buffer.readAfter('whatsapp', this.account.externalAccountId, cursor.seq, PAGE, ['message']);
    const items: NormalizedItem[] = [];
    // The cursor after each item: a message that fails to store is retried in order (§5.6).
    const itemCursors: string[] = [];
    const warnings: string[] = [];
    const rejected: RejectedItem[] = [];
    for (const r of rows) {
      const [item] = mapEachSafely([r.payload], (p) => mapWhatsAppMessage(p as unknown as WaBufferedMessage), (p) => idStr(obj(obj(p)?.message)?.id) ?? '?', warnings, rejected);
      if (!item) continue;
      items.push(item);
      itemCursors.push(JSON.stringify({ v: 1, seq: r.seq } satisfies WaCursor));
    }
    const seq = rows.length ? rows[rows.length - 1].seq : cursor.seq;
    return { items, itemCursors, rejected, warnings: warnings.length ? warnings : undefined, nextCursor: JSON.stringify({ v: 1, seq } satisfies WaCursor), hasMore: rows.length === PAGE };
  }

  remap(raw: unknown): NormalizedItem | null {
    return mapWhatsAppMessage(raw as WaBufferedMessage);
  }

  /** A free-form text inside the 24-hour window (§5.4); outside it the API answers 131047. */
  async reply(target: ReplyTarget, text: string, opts: { idempotencyKey: string; signal?: AbortSignal }): Promise<ReplyResult> {
    if (text.length > MAX_TEXT) throw new ConnectorError('invalid_request', `WhatsApp text is limited to ${MAX_TEXT} characters`);
    const to = target.extra?.recipient;
    if (!to) throw new ConnectorError('invalid_request', 'no WhatsApp recipient on this case');
    const what = 'WhatsApp send';
    let res: AxiosResponse<string>;
    try {
      res = await this.http.post<string>(
        `/${this.graphVersion}/${encodeURIComponent(target.accountId)}/messages`,
        {
          messaging_product: 'whatsapp',
          recipient_type: 'individual',
          to,
          type: 'text',
          context: { message_id: target.targetId },
          text: { preview_url: false, body: text },
        },
        { headers: { ...this.headers(), 'Content-Type': 'application/json' }, signal: opts.signal },
      );
    } catch (e) {
      throw networkError(e, what);
    }
    const err = classifyWhatsAppResponse(res, what);
    if (err) throw err;
    const body = parseJsonBody(res, what) as { messages?: Array<{ id?: string }> };
    const id = body.messages?.[0]?.id;
    if (typeof id !== 'string') throw new ConnectorError('malformed_response', `${what}: no message id in response`);
    return { externalId: id, postedAt: new Date().toISOString(), raw: body };
  }

  /**
   * WhatsApp has no way to list sent messages; an accepted send is confirmed only by a status
   * webhook for its wamid (§6.5), which the reply service already tracks. Nothing to find here.
   */
  async findReply(): Promise<ReplyResult | null> {
    return null;
  }

  async health(): Promise<HealthStatus> {
    const checkedAt = new Date().toISOString();
    try {
      const res = await this.http.get<string>(`/${this.graphVersion}/${encodeURIComponent(this.account.externalAccountId)}`, {
        params: { fields: 'display_phone_number,quality_rating' },
        headers: this.headers(),
      });
      const err = classifyWhatsAppResponse(res, 'WhatsApp health');
      if (err) throw err;
      return { state: 'ok', checkedAt };
    } catch (e) {
      const err = networkError(e, 'WhatsApp health');
      return { state: err.kind === 'auth_expired' ? 'auth_expired' : err.kind === 'permission' ? 'permission_missing' : 'down', checkedAt, detail: err.message };
    }
  }
}
