import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { AuditLog } from '../../admin/audit-log.entity.js';
import type { Principal } from '../../auth/principal.js';
import { CaseIntakeService } from '../../cases/case-intake.service.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { maskPii } from '../../common/pii.js';
import { ConnectorAccount } from '../../connectors/connector-account.entity.js';
import type { NormalizedItem } from '../../connectors/connector.interface.js';
import { ConnectorRegistry } from '../../connectors/connector.registry.js';
import type { QuarantinedItemView, QuarantinePage, QuarantineRetried } from '../../contracts/quarantine.js';
import { patch } from '../../database/patch.js';
import { IngestionService } from '../ingestion.service.js';
import type { QuarantinedItem, QuarantineState } from './quarantined-item.entity.js';
import { QuarantineRepository } from './quarantine.repository.js';

/** Personal data masked in every string; WhatsApp stays confidential (private messages). */
function maskDeep(v: unknown): unknown {
  if (typeof v === 'string') return maskPii(v);
  if (Array.isArray(v)) return v.map(maskDeep);
  if (typeof v === 'object' && v !== null) return Object.fromEntries(Object.entries(v).map(([k, x]) => [k, maskDeep(x)]));
  return v;
}

function view(q: QuarantinedItem): QuarantinedItemView {
  return {
    id: q.id,
    platform: q.platform,
    accountId: q.accountId,
    externalId: q.externalId,
    stage: q.stage,
    error: maskPii(q.error),
    state: q.state,
    attempts: q.attempts,
    createdAt: q.createdAt.toISOString(),
    updatedAt: q.updatedAt.toISOString(),
    raw: q.platform === 'whatsapp' ? { withheld: 'pesan WhatsApp bersifat rahasia' } : maskDeep(q.raw),
  };
}

const isItem = (v: unknown): v is NormalizedItem => {
  const i = v as Partial<NormalizedItem> | null;
  return !!i && typeof i === 'object' && typeof i.externalId === 'string' && typeof i.dedupeKey === 'string' && typeof i.createdAt === 'string' && typeof i.author === 'object' && !!i.replyTarget;
};

/**
 * Staff actions on quarantined items: list them, "coba lagi" (map and store the kept payload
 * again) and "abaikan" (set aside for good). Both actions are written to the audit log.
 */
@Injectable()
export class QuarantineService {
  private readonly logger = new Logger(QuarantineService.name);

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly ingestion: IngestionService,
    private readonly intake: CaseIntakeService,
    private readonly quarantine: QuarantineRepository,
    private readonly registry: ConnectorRegistry,
  ) {}

  async list(q: { accountId?: string; state?: QuarantineState | 'all'; limit?: number; before?: string }): Promise<QuarantinePage> {
    const limit = q.limit ?? 50;
    const rows = await this.quarantine.list({ ...q, limit });
    return { items: rows.map(view), nextBefore: rows.length === limit ? rows[rows.length - 1].id : null };
  }

  async retry(id: string, actor: Principal): Promise<QuarantineRetried> {
    const row = await this.load(id);
    if (row.state === 'resolved' || row.state === 'dismissed')
      throw new DomainError('conflict', row.state === 'resolved' ? 'item ini sudah masuk' : 'item ini sudah diabaikan');
    let error: string | null = null;
    try {
      const item = await this.itemOf(row);
      if (item) await this.ingestion.storeItems(row.accountId, [item]);
    } catch (e) {
      error = e instanceof Error ? e.message : String(e);
    }
    await this.ds.transaction(async (m) => {
      await this.quarantine.setState(m, row.id, error ? 'open' : 'resolved', error ?? undefined);
      await this.audit(m, actor, 'quarantine.retry', row, { result: error ? 'failed' : 'resolved', ...(error ? { error: maskPii(error).slice(0, 500) } : {}) });
    });
    if (!error) await this.intake.processPending().catch((e: unknown) => this.logger.warn({ event: 'intake_after_retry', error: String(e) }));
    return { ...view(await this.load(id)), retried: !error };
  }

  async dismiss(id: string, actor: Principal): Promise<QuarantinedItemView> {
    const row = await this.load(id);
    if (row.state === 'resolved') throw new DomainError('conflict', 'item ini sudah masuk');
    if (row.state !== 'dismissed')
      await this.ds.transaction(async (m) => {
        await this.quarantine.setState(m, row.id, 'dismissed');
        await this.audit(m, actor, 'quarantine.dismiss', row, {});
      });
    return view(await this.load(id));
  }

  private async load(id: string): Promise<QuarantinedItem> {
    if (!/^\d{1,18}$/.test(id)) throw new DomainError('not_found', 'quarantined item not found');
    const row = await this.ds.transaction((m) => this.quarantine.findForUpdate(m, id));
    if (!row) throw new DomainError('not_found', 'quarantined item not found');
    return row;
  }

  /** The item to store again: the kept normalized item, or the platform JSON mapped once more. */
  private async itemOf(row: QuarantinedItem): Promise<NormalizedItem | null> {
    if (row.stage !== 'map') {
      if (!isItem(row.raw)) throw new Error('the kept payload is not a complete item');
      return row.raw;
    }
    const account = await this.ds.getRepository(ConnectorAccount).findOneByOrFail({ id: row.accountId });
    const connector = await this.registry.forAccount(account);
    if (!connector.remap) throw new Error(`${row.platform} cannot map a kept payload again`);
    return connector.remap(row.raw);
  }

  private async audit(m: import('typeorm').EntityManager, actor: Principal, action: string, row: QuarantinedItem, data: Record<string, unknown>): Promise<void> {
    await m.getRepository(AuditLog).insert(
      patch<AuditLog>({ actorUserId: actor.id, actorLabel: actor.username, action, targetType: 'quarantined_item', targetId: row.id, data: { platform: row.platform, accountId: row.accountId, externalId: row.externalId, ...data } }),
    );
  }
}
