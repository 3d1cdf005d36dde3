import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../../auth/principal.js';
import { CaseEvent } from '../../cases/case-event.entity.js';
import { Case } from '../../cases/case.entity.js';
import { DomainError } from '../../common/errors/domain-error.js';
import { DomainEvents } from '../../common/events.js';
import { APP_CONFIG } from '../../config/config.module.js';
import type { AppConfig } from '../../config/app-config.js';
import { patch } from '../../database/patch.js';
import { DatabaseOutage } from '../../health/database-outage.js';
import { OutboxRepository } from '../outbox.repository.js';
import { OutboxWorker } from '../outbox.worker.js';
import { LAPOR_ADAPTER, LAPOR_FINAL, type LaporAdapter } from './lapor.adapter.js';
import { toLaporReport } from './lapor-report.js';

export const LAPOR_FORWARD = 'lapor.forward';
const SYNC_BATCH = 100;

export interface CaseFlags {
  anonim?: boolean;
  rahasia?: boolean;
}

/**
 * Forwarding to SP4N-LAPOR!: an operator marks a case (its flags as set then go up with it); the
 * forward is an outbox row written with the mark, sent after commit by the outbox worker; the
 * status on LAPOR!'s side is read back every LAPOR_SYNC_SEC.
 */
@Injectable()
export class LaporService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(LaporService.name);
  private timer?: NodeJS.Timeout;
  private syncing?: Promise<unknown>;

  constructor(
    @Inject(LAPOR_ADAPTER) private readonly adapter: LaporAdapter,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly outage: DatabaseOutage,
    private readonly outbox: OutboxRepository,
    private readonly worker: OutboxWorker,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pipeline.schedulerEnabled || !this.config.integration.lapor.baseUrl) return;
    this.timer = setInterval(() => {
      if (this.syncing || this.outage.down) return;
      this.syncing = this.markOverdue()
        .then(() => this.sync())
        .catch((e: unknown) => this.outage.observe(e) || this.logger.warn({ stage: 'lapor.sync', error: String(e) }))
        .finally(() => (this.syncing = undefined));
    }, this.config.integration.lapor.syncSec * 1000);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.syncing;
  }

  private async lockCase(m: EntityManager, id: string): Promise<Case> {
    if (!/^\d{1,19}$/.test(id)) throw new DomainError('not_found', 'Kasus tidak ditemukan');
    const c = await m.getRepository(Case).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
    if (!c) throw new DomainError('not_found', 'Kasus tidak ditemukan');
    return c;
  }

  private async applyFlags(m: EntityManager, c: Case, user: Principal, flags: CaseFlags): Promise<void> {
    const before = { anonim: c.anonim, rahasia: c.rahasia };
    if (flags.anonim !== undefined) c.anonim = flags.anonim;
    if (flags.rahasia !== undefined) c.rahasia = flags.rahasia;
    if (before.anonim === c.anonim && before.rahasia === c.rahasia) return;
    await m.getRepository(Case).update({ id: c.id }, { anonim: c.anonim, rahasia: c.rahasia });
    await m.getRepository(CaseEvent).insert({ caseId: c.id, type: 'flags_changed', actorUserId: user.id, actorLabel: user.username, data: { before, after: { anonim: c.anonim, rahasia: c.rahasia } } });
  }

  /** Operator sets anonim/rahasia on a case (before or without forwarding). */
  async setFlags(id: string, user: Principal, flags: CaseFlags): Promise<{ anonim: boolean; rahasia: boolean }> {
    const c = await this.ds.transaction(async (m) => {
      const c = await this.lockCase(m, id);
      await this.applyFlags(m, c, user, flags);
      return c;
    });
    this.events.emit('case.updated', { caseId: c.id, opdCode: c.opdCode, previousOpdCode: c.opdCode, status: c.status, change: 'flags_changed' });
    return { anonim: c.anonim, rahasia: c.rahasia };
  }

  /** Marks a case for LAPOR!: flags applied, the forward written to the outbox in the same transaction. */
  async mark(id: string, user: Principal, flags: CaseFlags): Promise<{ outboxId: string; anonim: boolean; rahasia: boolean }> {
    if (!this.config.integration.lapor.baseUrl) throw new DomainError('validation', 'Penerusan ke SP4N-LAPOR! belum dikonfigurasi (LAPOR_BASE_URL)');
    const out = await this.ds.transaction(async (m) => {
      const c = await this.lockCase(m, id);
      await this.applyFlags(m, c, user, flags);
      const outboxId = await this.enqueueForward(m, c, { id: user.id, label: user.username }, 'operator');
      if (!outboxId) throw new DomainError('conflict', 'Kasus ini sudah ditandai untuk SP4N-LAPOR!');
      return { outboxId, anonim: c.anonim, rahasia: c.rahasia, c };
    });
    this.events.emit('case.updated', { caseId: out.c.id, opdCode: out.c.opdCode, previousOpdCode: out.c.opdCode, status: out.c.status, change: 'lapor_marked' });
    this.worker.poke();
    return { outboxId: out.outboxId, anonim: out.anonim, rahasia: out.rahasia };
  }

  /** The forward of one case, once (the outbox key is per case); null when it was already marked. */
  private async enqueueForward(m: EntityManager, c: Case, actor: { id: string | null; label: string }, by: 'operator' | 'rule'): Promise<string | null> {
    const full = await m.getRepository(Case).findOne({ where: { id: c.id }, relations: { post: true, opd: true } });
    const key = `${LAPOR_FORWARD}:${c.id}`;
    if (!(await this.outbox.enqueue(m, { kind: LAPOR_FORWARD, idempotencyKey: key, caseId: c.id, payload: { report: toLaporReport(full!) } }))) return null;
    await m.getRepository(CaseEvent).insert(patch<CaseEvent>({ caseId: c.id, type: 'lapor_marked', actorUserId: actor.id, actorLabel: actor.label, data: { anonim: c.anonim, rahasia: c.rahasia, by } }));
    const [row] = await m.query<Array<{ id: string }>>(`SELECT id FROM outbox WHERE idempotency_key = $1`, [key]);
    return row.id;
  }

  /**
   * The rule (LAPOR_AUTO_OVERDUE_DAYS): open cases overdue by more than N days go up to LAPOR! on
   * their own, with the flags they have. Returns how many were marked.
   */
  async markOverdue(): Promise<number> {
    const days = this.config.integration.lapor.autoOverdueDays;
    if (!days || !this.config.integration.lapor.baseUrl) return 0;
    const ids = await this.ds.query<Array<{ id: string }>>(
      `SELECT c.id FROM cases c
       WHERE c.status IN ('perlu_ditinjau', 'didisposisikan', 'diproses') AND c.due_at < now() - ($1 || ' days')::interval
         AND NOT EXISTS (SELECT 1 FROM outbox o WHERE o.idempotency_key = 'lapor.forward:' || c.id)
       ORDER BY c.due_at LIMIT 50`,
      [String(days)],
    );
    let marked = 0;
    for (const { id } of ids)
      await this.ds.transaction(async (m) => {
        const c = await this.lockCase(m, id);
        if (await this.enqueueForward(m, c, { id: null, label: 'system' }, 'rule')) marked++;
      });
    if (marked) this.worker.poke();
    return marked;
  }

  /** Reads back the status of forwarded cases not yet final on LAPOR!'s side; returns how many changed. */
  async sync(): Promise<number> {
    const rows = await this.ds.query<Array<{ id: string; lapor_tracking_id: string; lapor_status: string | null; opd_code: string | null; status: string }>>(
      `SELECT id, lapor_tracking_id, lapor_status, opd_code, status FROM cases
       WHERE lapor_tracking_id IS NOT NULL AND (lapor_status IS NULL OR NOT (lapor_status = ANY($1::text[])))
       ORDER BY lapor_checked_at NULLS FIRST, id LIMIT $2`,
      [LAPOR_FINAL, SYNC_BATCH],
    );
    if (!rows.length) return 0;
    const states = new Map((await this.adapter.status(rows.map((r) => r.lapor_tracking_id))).map((s) => [s.trackingId, s]));
    const changed: typeof rows = [];
    await this.ds.transaction(async (m) => {
      for (const r of rows) {
        const s = states.get(r.lapor_tracking_id);
        if (s && s.status !== r.lapor_status) {
          await m.query(`UPDATE cases SET lapor_status = $2, lapor_checked_at = now() WHERE id = $1`, [r.id, s.status]);
          await m.getRepository(CaseEvent).insert(
            patch<CaseEvent>({ caseId: r.id, type: 'lapor_status_changed', actorUserId: null, actorLabel: 'SP4N-LAPOR!', data: { before: { laporStatus: r.lapor_status }, after: { laporStatus: s.status }, tindakLanjut: s.tindakLanjut } }),
          );
          changed.push(r);
        } else await m.query(`UPDATE cases SET lapor_checked_at = now() WHERE id = $1`, [r.id]);
      }
    });
    for (const r of changed) this.events.emit('case.updated', { caseId: r.id, opdCode: r.opd_code, previousOpdCode: r.opd_code, status: r.status, change: 'lapor_status_changed' });
    return changed.length;
  }
}
