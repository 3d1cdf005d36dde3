import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Case } from '../cases/case.entity.js';

export const OUTBOX_STATES = ['pending', 'sending', 'sent', 'failed'] as const;
export type OutboxState = (typeof OUTBOX_STATES)[number];

/**
 * One piece of work that leaves the service (a LAPOR! forward, a webhook delivery). Written in the
 * transaction of the change that causes it; `idempotency_key` makes a second write a no-op and is
 * sent to the receiver, so a resend after a crash mid-call is recognised there.
 */
@Entity('outbox')
@Check('CHK_outbox_state', `"state" IN ('pending', 'sending', 'sent', 'failed')`)
@Index('ix_outbox_case', ['caseId'])
@Index('ix_outbox_kind_state', ['kind', 'state', 'id'])
// Due rows (partial index on next_attempt_at, managed by migrations only).
@Index('ix_outbox_due', { synchronize: false })
export class OutboxItem {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** Which sender handles it: `lapor.forward`, `webhook`. */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', unique: true })
  idempotencyKey: string;

  @Column({ type: 'bigint', nullable: true })
  caseId: string | null;

  @ManyToOne(() => Case, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'FK_outbox_case' })
  case?: Relation<Case> | null;

  /** The receiver when there are several (a webhook subscriber). */
  @Column({ type: 'uuid', nullable: true })
  targetId: string | null;

  @Column({ type: 'jsonb', default: () => "'{}'" })
  payload: Record<string, unknown>;

  @Column({ type: 'text', default: 'pending' })
  state: OutboxState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  nextAttemptAt: Date;

  /** Lease of the worker sending it; a crashed worker's row is taken again once it lapses. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lastError: string | null;

  @Column({ type: 'integer', nullable: true })
  lastStatus: number | null;

  @Column({ type: 'timestamptz', nullable: true })
  sentAt: Date | null;

  @Column({ type: 'jsonb', nullable: true })
  result: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
