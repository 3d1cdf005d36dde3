import { Inject, Injectable, Logger } from '@nestjs/common';
import { DomainError } from '../../common/errors/domain-error.js';
import type { Platform } from '../../common/platform.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { ConnectorAccountRepository } from '../../connectors/connector-account.repository.js';
import { splitInstagramWebhook } from '../../connectors/instagram/instagram-webhook.drain.js';
import { splitWhatsAppWebhook, statusOf } from '../../connectors/whatsapp/whatsapp.mapper.js';
import type { WaWebhook } from '../../connectors/whatsapp/whatsapp.types.js';
import { RepliesService } from '../../replies/replies.service.js';
import { cleanDeep, RAW_CAPS } from '../../connectors/kit/clean.js';
import { verifyMetaSignature } from './meta-signature.js';
import { WebhookBufferRepository, type BufferInsert } from './webhook-buffer.repository.js';

const SPLITTERS: Partial<Record<Platform, (body: unknown) => BufferInsert[]>> = {
  instagram: (b) => splitInstagramWebhook(b),
  whatsapp: (b) => splitWhatsAppWebhook(b as WaWebhook),
};

// A message may be long (WhatsApp allows 4,096 characters, captions more): strings are kept whole up to 64 KB.
const WEBHOOK_CAPS = { ...RAW_CAPS, maxString: 64 * 1024 };

/**
 * Platform webhooks: verify the signature over the raw bytes, store every event durably in the
 * buffer (deduplicated), and only then answer 200, so a crash before the commit makes the
 * platform deliver again. Connectors drain the buffer like a poll.
 */
@Injectable()
export class WebhookService {
  private readonly logger = new Logger(WebhookService.name);

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    private readonly buffer: WebhookBufferRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly replies: RepliesService,
  ) {}

  /** The GET handshake: echo hub.challenge when hub.verify_token matches (§1.9). */
  verifyHandshake(query: Record<string, unknown>): string {
    const get = (k: string): unknown => query[`hub.${k}`] ?? query[`hub_${k}`] ?? (query.hub as Record<string, unknown> | undefined)?.[k];
    const expected = this.config.webhooks.metaVerifyToken;
    if (get('mode') !== 'subscribe' || !expected || get('verify_token') !== expected) throw new DomainError('forbidden', 'verify token mismatch');
    const challenge = get('challenge');
    return typeof challenge === 'string' ? challenge : '';
  }

  async receive(platform: Platform, rawBody: Buffer | undefined, signature: string | undefined): Promise<{ stored: number; received: number }> {
    const split = SPLITTERS[platform];
    if (!split) throw new DomainError('not_found', `no webhook for ${platform}`);
    const secret = this.config.webhooks.metaAppSecret;
    if (!secret || !rawBody || !verifyMetaSignature(rawBody, signature, secret)) {
      this.logger.warn({ event: 'webhook_rejected', platform, reason: !secret ? 'no app secret configured' : 'bad or missing signature' });
      throw new DomainError('unauthorized', 'invalid webhook signature');
    }
    let body: unknown;
    try {
      body = JSON.parse(rawBody.toString('utf8'));
    } catch {
      throw new DomainError('validation', 'webhook body is not JSON');
    }
    let events: BufferInsert[];
    try {
      // Values cleaned before they reach jsonb (a NUL or a lone surrogate would fail the whole
      // delivery on every redelivery); one event of a strange shape is quarantined at the drain.
      events = split(cleanDeep(body, WEBHOOK_CAPS)).map((e) => ({ ...e, payload: cleanDeep(e.payload, WEBHOOK_CAPS) as Record<string, unknown> }));
    } catch (e) {
      this.logger.warn({ event: 'webhook_rejected', platform, reason: `unexpected shape: ${e instanceof Error ? e.message : String(e)}` });
      throw new DomainError('validation', 'webhook body is JSON of an unexpected shape');
    }
    const stored = await this.buffer.store(platform, events);
    this.logger.debug({ stage: 'webhook', platform, received: events.length, stored, duplicates: events.length - stored });
    // Delivery states of our replies; messages wait for the connector's next drain, which we bring forward.
    for (const e of events) if (e.kind === 'status') await this.replies.applyDeliveryStatus(statusOf(e.payload));
    if (events.some((e) => e.kind !== 'status')) await this.accounts.pollSoon(platform, [...new Set(events.map((e) => e.accountExternalId))]);
    return { stored, received: events.length };
  }
}
