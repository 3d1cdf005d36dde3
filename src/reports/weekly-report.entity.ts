import { Column, Entity, PrimaryColumn } from 'typeorm';
import type { WeeklySummary } from './weekly-report.types.js';

/** A stored weekly summary (one per ISO week, recomputed in place). */
@Entity('weekly_reports')
export class WeeklyReport {
  /** ISO week, e.g. 2026-W47. */
  @PrimaryColumn({ type: 'text' })
  week: string;

  /** Monday 00:00 local time. */
  @Column({ type: 'timestamptz' })
  from: Date;

  /** The next Monday 00:00 local time (exclusive: Sunday 24:00). */
  @Column({ type: 'timestamptz' })
  to: Date;

  @Column({ type: 'timestamptz' })
  generatedAt: Date;

  /** When the summary was e-mailed to the recipients; claimed before sending so two instances never both send. */
  @Column({ type: 'timestamptz', nullable: true })
  emailedAt: Date | null;

  @Column({ type: 'jsonb' })
  data: WeeklySummary;
}
