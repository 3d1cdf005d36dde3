import { Inject, Injectable } from '@nestjs/common';
import type { Case } from '../cases/case.entity.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { localDate, WorkingCalendar } from './working-calendar.js';

export type SlaState = 'ok' | 'at_risk' | 'overdue';
type Clocked = Pick<Case, 'status' | 'intent' | 'createdAt' | 'dispositionedAt' | 'firstResponseAt' | 'answeredAt'>;

/**
 * The service level a case is under, from its status (domain.md): triage within 3 working days;
 * the OPD's first follow-up within N working days of disposition (per intent); auto-close N
 * working days after the OPD's answer. Working days skip weekends and the holiday calendar.
 */
@Injectable()
export class SlaPolicy {
  readonly calendar: WorkingCalendar;

  constructor(@Inject(APP_CONFIG) private readonly config: AppConfig) {
    this.calendar = new WorkingCalendar(new Set(config.sla.holidays), config.timezone);
  }

  dueAt(c: Clocked): Date | null {
    const s = this.config.sla;
    switch (c.status) {
      case 'perlu_ditinjau':
        return this.calendar.addWorkingDays(c.createdAt, s.triageWorkingDays);
      case 'didisposisikan':
      case 'diproses':
        // The clock stops at the first follow-up (a public reply or the answer).
        return c.firstResponseAt ? null : this.calendar.addWorkingDays(c.dispositionedAt ?? c.createdAt, s.followUpWorkingDays[c.intent]);
      case 'menunggu_validasi':
        return this.calendar.addWorkingDays(c.answeredAt ?? c.createdAt, s.autoCloseWorkingDays);
      default:
        return null;
    }
  }

  state(dueAt: Date | null, now: Date): SlaState | null {
    if (!dueAt) return null;
    if (now.getTime() > dueAt.getTime()) return 'overdue';
    const riskFrom = this.subtractWorkingDays(dueAt, this.config.sla.atRiskWorkingDays);
    return now.getTime() > riskFrom.getTime() ? 'at_risk' : 'ok';
  }

  /** The instant `n` working days before a deadline (for the at-risk threshold). */
  private subtractWorkingDays(due: Date, n: number): Date {
    let t = due.getTime();
    let left = n;
    while (left > 0) {
      t -= 86_400_000;
      if (this.calendar.isWorkingDay(localDate(new Date(t), this.calendar.timeZone))) left--;
    }
    return new Date(t);
  }

  /** dueAt and slaState for a case as it stands now. */
  apply<T extends Clocked & { dueAt: Date | null; slaState: SlaState | null }>(c: T, now: Date): T {
    c.dueAt = this.dueAt(c);
    c.slaState = this.state(c.dueAt, now);
    return c;
  }
}
