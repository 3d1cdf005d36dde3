import { Agent as HttpAgent } from 'node:http';
import { Agent as HttpsAgent } from 'node:https';
import type { LookupFunction } from 'node:net';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import axios, { AxiosError } from 'axios';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../admin/audit-log.entity.js';
import { Alert } from '../../cases/alert.entity.js';
import { DomainEvents } from '../../common/events.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { CredentialsCipher } from '../../connectors/credentials-cipher.js';
import { patch } from '../../database/patch.js';
import { OutboxSendError, type OutboxSender } from '../outbox-sender.js';
import type { OutboxItem } from '../outbox.entity.js';
import { assertSafeTarget, guardedLookup, UnsafeTargetError } from './ssrf-guard.js';
import { standardWebhookHeaders } from './standard-webhooks.js';
import { WebhookSubscriber } from './webhook-subscriber.entity.js';

const DISABLE_AFTER_MS = 24 * 3_600_000;

/** Delivers one webhook message to one subscriber, signed; a day of failures disables the subscriber. */
@Injectable()
export class WebhookSender implements OutboxSender {
  readonly kind = 'webhook';
  // 30 s doubling to an hour between attempts: retries run over about two days, past the disabling.
  readonly maxAttempts = 50;
  private readonly logger = new Logger(WebhookSender.name);
  private readonly httpAgent: HttpAgent;
  private readonly httpsAgent: HttpsAgent;

  constructor(
    private readonly cipher: CredentialsCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
  ) {
    const lookup = guardedLookup(config.integration.allowPrivateWebhookTargets) as unknown as LookupFunction;
    this.httpAgent = new HttpAgent({ lookup });
    this.httpsAgent = new HttpsAgent({ lookup });
  }

  async send(item: OutboxItem): Promise<Record<string, unknown>> {
    const sub = await this.ds.getRepository(WebhookSubscriber).createQueryBuilder('s').addSelect('s.secretEnc').where('s.id = :id', { id: item.targetId }).getOne();
    if (!sub) throw new OutboxSendError('subscriber deleted', false);
    if (!sub.enabled) throw new OutboxSendError(`subscriber disabled${sub.disabledReason ? `: ${sub.disabledReason}` : ''}`, false);
    try {
      await assertSafeTarget(sub.url, this.config.integration.allowPrivateWebhookTargets);
    } catch (e) {
      if (e instanceof UnsafeTargetError) throw new OutboxSendError(`unsafe target: ${e.message}`, false);
      throw e;
    }
    const { secret } = this.cipher.decrypt(sub.secretEnc);
    const body = JSON.stringify(item.payload.message);
    const id = String(item.payload.webhookId);
    let status: number;
    let retryAfter: number | undefined;
    try {
      const res = await axios.post<string>(sub.url, body, {
        headers: { 'content-type': 'application/json', 'user-agent': 'suara-warga-webhooks/0.1', ...standardWebhookHeaders(secret, id, Math.floor(Date.now() / 1000), body) },
        timeout: this.config.pipeline.httpTimeoutMs,
        maxRedirects: 0,
        validateStatus: () => true,
        responseType: 'text',
        transformResponse: [(d: unknown) => d],
        maxContentLength: 64 * 1024,
        httpAgent: this.httpAgent,
        httpsAgent: this.httpsAgent,
      });
      status = res.status;
      const ra = Number(res.headers['retry-after']);
      retryAfter = Number.isFinite(ra) ? ra : undefined;
    } catch (e) {
      const msg = e instanceof AxiosError ? (e.code ?? e.message) : String(e);
      await this.failed(sub, msg);
      throw new OutboxSendError(`network: ${msg}`, true);
    }
    if (status >= 200 && status < 300) {
      if (sub.failingSince) await this.ds.getRepository(WebhookSubscriber).update({ id: sub.id }, { failingSince: null });
      return { status };
    }
    await this.failed(sub, `HTTP ${status}`);
    throw new OutboxSendError(`HTTP ${status}`, true, status, retryAfter);
  }

  /** Records a failure; after a day of nothing but failures the subscriber is disabled and Diskominfo told. */
  private async failed(sub: WebhookSubscriber, reason: string): Promise<void> {
    const now = new Date();
    if (!sub.failingSince) {
      await this.ds.query(`UPDATE webhook_subscribers SET failing_since = COALESCE(failing_since, now()) WHERE id = $1`, [sub.id]);
      return;
    }
    if (now.getTime() - sub.failingSince.getTime() < DISABLE_AFTER_MS) return;
    const why = `Gagal menerima webhook sejak ${sub.failingSince.toISOString()} (terakhir: ${reason})`;
    const message = `Webhook "${sub.name}" dinonaktifkan: ${why}`;
    await this.ds.transaction(async (m) => {
      await m.getRepository(WebhookSubscriber).update({ id: sub.id }, { enabled: false, disabledReason: why });
      await m.getRepository(AuditLog).insert(patch<AuditLog>({ actorUserId: null, actorLabel: 'system', action: 'webhook_subscriber.disabled', targetType: 'webhook_subscriber', targetId: sub.id, data: { reason: why } }));
      await m.createQueryBuilder().insert().into(Alert).values(patch<Alert>({ type: 'webhook_disabled', caseId: null, opdCode: null, message, dedupeKey: `webhook_disabled:${sub.id}:${sub.failingSince!.toISOString()}` })).orIgnore().execute();
    });
    this.logger.warn({ stage: 'webhooks', subscriberId: sub.id, disabled: true, reason });
    this.events.emit('alert.raised', { type: 'webhook_disabled', caseId: null, opdCode: null, message, createdAt: now.toISOString() });
  }
}
