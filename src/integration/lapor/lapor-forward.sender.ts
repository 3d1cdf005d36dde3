import { Inject, Injectable } from '@nestjs/common';
import type { EntityManager } from 'typeorm';
import { CaseEvent } from '../../cases/case-event.entity.js';
import { patch } from '../../database/patch.js';
import { OutboxSendError, type OutboxSender } from '../outbox-sender.js';
import type { OutboxItem } from '../outbox.entity.js';
import { LAPOR_ADAPTER, LaporError, type LaporAdapter, type LaporReport } from './lapor.adapter.js';

/** Sends one marked case to LAPOR! and stores its tracking id on the case. */
@Injectable()
export class LaporForwardSender implements OutboxSender {
  readonly kind = 'lapor.forward';
  // 30 s doubling to an hour between attempts: about 40 hours before an admin must look.
  readonly maxAttempts = 48;

  constructor(@Inject(LAPOR_ADAPTER) private readonly adapter: LaporAdapter) {}

  async send(item: OutboxItem): Promise<Record<string, unknown>> {
    const report = item.payload.report as Omit<LaporReport, 'idempotencyKey'>;
    try {
      const r = await this.adapter.submit({ ...report, idempotencyKey: item.idempotencyKey });
      return { trackingId: r.trackingId, laporStatus: r.status };
    } catch (e) {
      if (e instanceof LaporError) throw new OutboxSendError(e.message, e.retryable, e.status, e.retryAfterSec);
      throw e;
    }
  }

  async onSent(m: EntityManager, item: OutboxItem, result: Record<string, unknown>): Promise<void> {
    await m.query(`UPDATE cases SET lapor_tracking_id = $2, lapor_status = $3, lapor_checked_at = now() WHERE id = $1`, [item.caseId, result.trackingId, result.laporStatus]);
    await m.getRepository(CaseEvent).insert(patch<CaseEvent>({ caseId: item.caseId!, type: 'lapor_forwarded', actorUserId: null, actorLabel: 'system', data: { trackingId: result.trackingId, laporStatus: result.laporStatus } }));
  }
}
