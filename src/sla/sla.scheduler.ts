import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, In, IsNull, Not } from 'typeorm';
import { Alert } from '../cases/alert.entity.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { Case } from '../cases/case.entity.js';
import { enqueueFinishNotice } from '../citizen/citizen-notices.js';
import { Clock } from '../common/clock.js';
import { DomainEvents } from '../common/events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DatabaseOutage } from '../health/database-outage.js';
import { SlaPolicy } from './sla-policy.js';

const JOB = 'sla-check';
const LABEL: Record<string, string> = { at_risk: 'mendekati batas waktu', overdue: 'melewati batas waktu' };

/**
 * The scheduled service-level check: marks open cases at risk or overdue (an alert to Diskominfo
 * and the OPD, once per case and state), escalates overdue ones to the operator's queue, and
 * closes answered cases whose auto-close period has passed. Returns what it did; never throws.
 */
@Injectable()
export class SlaScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(SlaScheduler.name);
  private running?: Promise<unknown>;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly outage: DatabaseOutage,
    private readonly registry: SchedulerRegistry,
    private readonly sla: SlaPolicy,
  ) {}

  onApplicationBootstrap(): void {
    for (const y of this.config.sla.provisionalYears)
      this.logger.warn({ event: 'holidays_provisional', year: y, detail: `config/holidays/${y}.json is not marked official: check it against the published SKB 3 Menteri` });
    if (!this.config.pipeline.schedulerEnabled) return;
    const h = setInterval(() => {
      if (this.outage.down) return; // checked again at the first interval after the database is back
      this.running ??= this.check().finally(() => (this.running = undefined));
    }, this.config.sla.checkIntervalSec * 1000);
    this.registry.addInterval(JOB, h);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.registry.doesExist('interval', JOB)) this.registry.deleteInterval(JOB);
    await this.running;
  }

  async check(): Promise<{ marked: number; escalated: number; autoClosed: number }> {
    const result = { marked: 0, escalated: 0, autoClosed: 0 };
    try {
      const now = this.clock.now();
      const open = await this.ds.getRepository(Case).find({ where: { status: In(['perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi']), dueAt: Not(IsNull()) } });
      for (const c of open) {
        if (c.status === 'menunggu_validasi' && c.dueAt! < now) {
          await this.autoClose(c, now);
          result.autoClosed++;
          continue;
        }
        const state = this.sla.state(c.dueAt, now);
        if (state === c.slaState) continue;
        const escalate = state === 'overdue' && !c.escalated;
        await this.ds.transaction(async (m) => {
          await m.getRepository(Case).update({ id: c.id }, { slaState: state, ...(escalate ? { escalated: true } : {}) });
          if (state === 'at_risk' || state === 'overdue') {
            const message = `${c.trackingNumber} ${LABEL[state]} (${c.opdCode ?? 'triase'})`;
            const inserted = await m
              .createQueryBuilder()
              .insert()
              .into(Alert)
              .values({ type: `sla_${state}`, caseId: c.id, opdCode: c.opdCode, message, dedupeKey: `sla:${c.id}:${state}:${c.dueAt!.toISOString()}` })
              .orIgnore()
              .execute();
            if (inserted.identifiers.filter(Boolean).length) {
              await m.getRepository(CaseEvent).insert({ caseId: c.id, type: `sla_${state}`, actorUserId: null, actorLabel: 'system', data: { dueAt: c.dueAt!.toISOString(), escalated: escalate } });
              this.events.emit('alert.raised', { type: `sla_${state}`, caseId: c.id, opdCode: c.opdCode, message, createdAt: now.toISOString() });
            }
          }
        });
        // Cards and case pages show the new state live (the OPD's room and Diskominfo's monitor).
        this.events.emit('case.updated', { caseId: c.id, opdCode: c.opdCode, previousOpdCode: c.opdCode, status: c.status, change: `sla_${state ?? 'none'}` });
        result.marked++;
        if (escalate) result.escalated++;
      }
      if (result.marked || result.autoClosed) this.logger.log({ stage: 'sla', ...result });
    } catch (e) {
      if (!this.outage.observe(e)) this.logger.error({ stage: 'sla', error: e instanceof Error ? e.message : String(e) });
    }
    return result;
  }

  private async autoClose(c: Case, now: Date): Promise<void> {
    await this.ds.transaction(async (m) => {
      const changed = await m.getRepository(Case).update({ id: c.id, version: c.version }, { status: 'selesai', closedAt: now, dueAt: null, slaState: null, version: c.version + 1 });
      if (!changed.affected) return; // someone acted on it meanwhile
      await m.getRepository(CaseEvent).insert({
        caseId: c.id,
        type: 'auto_closed',
        actorUserId: null,
        actorLabel: 'system',
        data: { before: { status: c.status }, after: { status: 'selesai' }, reason: `tidak ada tanggapan ${this.config.sla.autoCloseWorkingDays} hari kerja setelah jawaban` },
      });
      await enqueueFinishNotice(m, c.id, this.config.demo.enabled, now);
    });
    this.events.emit('case.updated', { caseId: c.id, opdCode: c.opdCode, previousOpdCode: c.opdCode, status: 'selesai', change: 'auto_closed' });
  }
}
