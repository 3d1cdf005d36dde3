import { randomBytes } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { AuditLog } from '../../admin/audit-log.entity.js';
import type { Principal } from '../../auth/principal.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { CredentialsCipher } from '../../connectors/credentials-cipher.js';
import { patch } from '../../database/patch.js';
import { DatabaseOutage } from '../../health/database-outage.js';
import type { Open311Request } from '../../open311/open311.mapping.js';
import { Open311Service } from '../../open311/open311.service.js';
import { OutboxRepository } from '../outbox.repository.js';
import { OutboxWorker } from '../outbox.worker.js';
import { assertSafeTarget, UnsafeTargetError } from './ssrf-guard.js';
import { WebhookSubscriber, type WebhookEventType } from './webhook-subscriber.entity.js';

export const WEBHOOK_KIND = 'webhook';
const CURSOR = 'webhooks';
const FANOUT_BATCH = 500;
// Events are read a few seconds after they are written: an event id taken by a transaction that
// commits later than a younger one would otherwise be passed over by the cursor.
const DEFAULT_MARGIN_MS = 5000;

export const subscriberView = (s: WebhookSubscriber) => ({
  id: s.id,
  name: s.name,
  url: s.url,
  eventTypes: s.eventTypes,
  enabled: s.enabled,
  disabledReason: s.disabledReason,
  failingSince: s.failingSince?.toISOString() ?? null,
  createdAt: s.createdAt.toISOString(),
});

/** Which webhook events a case event is: created, a change of status, and the finish. */
export function webhookTypesOf(e: { type: string; data: { before?: { status?: string }; after?: { status?: string } } }): WebhookEventType[] {
  if (e.type === 'created') return ['case.created'];
  const from = e.data.before?.status;
  const to = e.data.after?.status;
  if (!to || from === to || from === undefined) return [];
  return to === 'selesai' ? ['case.status_changed', 'case.finished'] : ['case.status_changed'];
}

/**
 * Admin management of webhook subscribers (secret shown once, every change audited), and the
 * fan-out: case_events, written in the same transaction as every case change, are read by a
 * cursor and become one outbox row per subscriber and event, in one transaction with the cursor.
 */
@Injectable()
export class WebhookSubscribersService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(WebhookSubscribersService.name);
  private timer?: NodeJS.Timeout;
  private running?: Promise<unknown>;

  constructor(
    private readonly cipher: CredentialsCipher,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly open311: Open311Service,
    private readonly outage: DatabaseOutage,
    private readonly outbox: OutboxRepository,
    private readonly worker: OutboxWorker,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pipeline.schedulerEnabled) return;
    this.timer = setInterval(() => {
      if (this.running || this.outage.down) return;
      this.running = this.fanOut()
        .then((n) => n && this.worker.poke())
        .catch((e: unknown) => this.outage.observe(e) || this.logger.warn({ stage: 'webhooks.fanout', error: String(e) }))
        .finally(() => (this.running = undefined));
    }, this.config.integration.outboxTickMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running;
  }

  private async audit(m: EntityManager, actor: Principal, action: string, id: string, data: Record<string, unknown>): Promise<void> {
    await m.getRepository(AuditLog).insert(patch<AuditLog>({ actorUserId: actor.id, actorLabel: actor.username, action, targetType: 'webhook_subscriber', targetId: id, data }));
  }

  private async checkUrl(url: string): Promise<void> {
    try {
      await assertSafeTarget(url, this.config.integration.allowPrivateWebhookTargets);
    } catch (e) {
      if (e instanceof UnsafeTargetError) throw new DomainError('validation', `url: ${e.message}`);
      throw e;
    }
  }

  async list() {
    const rows = await this.ds.getRepository(WebhookSubscriber).find({ order: { createdAt: 'DESC' } });
    return { items: rows.map(subscriberView) };
  }

  async create(actor: Principal, dto: { name: string; url: string; eventTypes: WebhookEventType[] }) {
    await this.checkUrl(dto.url);
    const secret = `whsec_${randomBytes(24).toString('base64')}`;
    const saved = await this.ds.transaction(async (m) => {
      const repo = m.getRepository(WebhookSubscriber);
      const row = await repo.save(repo.create({ name: dto.name, url: dto.url, eventTypes: [...new Set(dto.eventTypes)], secretEnc: this.cipher.encrypt({ secret }), createdBy: actor.id }));
      await this.audit(m, actor, 'webhook_subscriber.created', row.id, { name: row.name, url: row.url, eventTypes: row.eventTypes });
      return row;
    });
    return { ...subscriberView(saved), secret };
  }

  async update(actor: Principal, id: string, dto: { name?: string; url?: string; eventTypes?: WebhookEventType[]; enabled?: boolean }) {
    if (dto.url !== undefined) await this.checkUrl(dto.url);
    return this.ds.transaction(async (m) => {
      const row = await this.find(m, id);
      const before = subscriberView(row);
      if (dto.name !== undefined) row.name = dto.name;
      if (dto.url !== undefined) row.url = dto.url;
      if (dto.eventTypes !== undefined) row.eventTypes = [...new Set(dto.eventTypes)];
      if (dto.enabled !== undefined) {
        row.enabled = dto.enabled;
        if (dto.enabled) Object.assign(row, { disabledReason: null, failingSince: null });
      }
      const saved = await m.getRepository(WebhookSubscriber).save(row);
      await this.audit(m, actor, 'webhook_subscriber.updated', id, { before, after: subscriberView(saved) });
      return subscriberView(saved);
    });
  }

  private async find(m: EntityManager, id: string): Promise<WebhookSubscriber> {
    if (!/^[0-9a-f-]{36}$/i.test(id)) throw new DomainError('not_found', 'Pelanggan webhook tidak ditemukan');
    const row = await m.getRepository(WebhookSubscriber).createQueryBuilder('s').setLock('pessimistic_write').where('s.id = :id', { id }).getOne();
    if (!row) throw new DomainError('not_found', 'Pelanggan webhook tidak ditemukan');
    return row;
  }

  /** Turns new case events into deliveries; returns how many rows were written. */
  async fanOut(marginMs = DEFAULT_MARGIN_MS): Promise<number> {
    return this.ds.transaction(async (m) => {
      await m.query(`INSERT INTO integration_cursors (name, last_id) VALUES ($1, 0) ON CONFLICT DO NOTHING`, [CURSOR]);
      const [{ last_id }] = await m.query<Array<{ last_id: string }>>(`SELECT last_id FROM integration_cursors WHERE name = $1 FOR UPDATE`, [CURSOR]);
      const events = await m.query<Array<{ id: string; case_id: string; type: string; data: Record<string, { status?: string }>; created_at: Date }>>(
        `SELECT id, case_id, type, data, created_at FROM case_events WHERE id > $1 AND created_at < now() - ($2 || ' milliseconds')::interval ORDER BY id LIMIT $3`,
        [last_id, String(marginMs), FANOUT_BATCH],
      );
      if (!events.length) return 0;
      const subs = await m.getRepository(WebhookSubscriber).find({ where: { enabled: true } });
      const typed = events.map((e) => ({ e, types: webhookTypesOf(e) })).filter((x) => x.types.length);
      const views = subs.length ? await this.open311.caseViews([...new Set(typed.map((x) => x.e.case_id))]) : new Map<string, Open311Request>();
      let written = 0;
      for (const { e, types } of typed)
        for (const type of types)
          for (const s of subs.filter((x) => x.eventTypes.includes(type))) {
            const webhookId = `msg_${e.id}_${type.replace('.', '_')}`;
            const message = {
              type,
              timestamp: e.created_at.toISOString(),
              data: { event_id: e.id, previous_status: e.data.before?.status ?? null, status: e.data.after?.status ?? null, request: views.get(String(e.case_id)) ?? null },
            };
            if (await this.outbox.enqueue(m, { kind: WEBHOOK_KIND, idempotencyKey: `${WEBHOOK_KIND}:${s.id}:${webhookId}`, caseId: e.case_id, targetId: s.id, payload: { webhookId, message } })) written++;
          }
      await m.query(`UPDATE integration_cursors SET last_id = $2 WHERE name = $1`, [CURSOR, events[events.length - 1].id]);
      return written;
    });
  }
}
