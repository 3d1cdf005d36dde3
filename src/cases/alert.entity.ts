import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/** A service-level or spike alert shown on the dashboard. */
@Entity('alerts')
@Index('ix_alerts_created', ['createdAt'])
export class Alert {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** sla_at_risk | sla_overdue | spike */
  @Column({ type: 'text' })
  type: string;

  @Column({ type: 'bigint', nullable: true })
  caseId: string | null;

  @Column({ type: 'text', nullable: true })
  opdCode: string | null;

  @Column({ type: 'text', nullable: true })
  topic: string | null;

  @Column({ type: 'text', nullable: true })
  kecamatan: string | null;

  @Column({ type: 'text' })
  message: string;

  /** Deduplicates repeated checks: one alert per case and state, one per spike and hour. */
  @Column({ type: 'text', unique: true })
  dedupeKey: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
