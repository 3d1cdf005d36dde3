import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { Platform } from '../../common/platform.js';
import type { WebhookBufferReader } from '../../connectors/whatsapp/whatsapp.connector.js';
import { patch } from '../../database/patch.js';
import { WebhookEvent } from './webhook-event.entity.js';

export interface BufferInsert {
  accountExternalId: string;
  kind: string;
  dedupeKey: string;
  payload: Record<string, unknown>;
}

@Injectable()
export class WebhookBufferRepository implements WebhookBufferReader {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  /**
   * Stores a delivery's events, ignoring ones already stored (redelivery). One writer at a time
   * (a transaction-scoped advisory lock), so sequence order is commit order and a reader that
   * drains by `seq > cursor` can never skip an event that commits late (§5.6 point 3).
   */
  async store(platform: Platform, events: BufferInsert[]): Promise<number> {
    if (!events.length) return 0;
    return this.ds.transaction(async (m) => {
      await m.query(`SELECT pg_advisory_xact_lock(hashtext('webhook_events'))`);
      const r = await m.createQueryBuilder().insert().into(WebhookEvent).values(patch<WebhookEvent>(events.map((e) => ({ ...e, platform })))).orIgnore().execute();
      return r.identifiers.filter(Boolean).length;
    });
  }

  async readAfter(platform: 'whatsapp' | 'instagram', accountExternalId: string, afterSeq: string, limit: number, kinds: string[]) {
    const rows = await this.ds
      .getRepository(WebhookEvent)
      .createQueryBuilder('e')
      .where('e.platform = :platform AND e.account_external_id = :acc AND e.seq > :after AND e.kind = ANY(:kinds)', { platform, acc: accountExternalId, after: afterSeq, kinds })
      .orderBy('e.seq', 'ASC')
      .limit(limit)
      .getMany();
    return rows.map((r) => ({ seq: r.seq, kind: r.kind, payload: r.payload }));
  }
}
