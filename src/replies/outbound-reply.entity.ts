import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { Case } from '../cases/case.entity.js';

// uncertain: the outcome is unknown and the platform cannot be asked (Telegram); a person must
// look in the chat, and the reply is never sent again by itself. New states go at the end (enum).
export const REPLY_STATES = ['pending', 'sent', 'failed', 'unknown', 'window_closed', 'uncertain'] as const;
export type ReplyState = (typeof REPLY_STATES)[number];

/**
 * Why a reply ended as it did. `unverified`: the platform may have posted it and no check could
 * tell; a resend could double-post, so nothing offers one.
 */
export const REPLY_OUTCOMES = [
  'posted',
  'found_after_unknown',
  'target_deleted',
  'reply_restricted',
  'duplicate',
  'permission',
  'auth_expired',
  'rate_limited',
  'window_closed',
  'not_found_after_checks',
  'unverified',
  'rejected',
  'account_missing',
] as const;
export type ReplyOutcome = (typeof REPLY_OUTCOMES)[number];

/** A staff member's reply, or one of the citizen notices the service sends by itself (issue 15). */
export const REPLY_KINDS = ['reply', 'acknowledgement', 'finish_notice'] as const;
export type ReplyKind = (typeof REPLY_KINDS)[number];

/** A public answer to a citizen, stored before the platform call (§6.5) and updated with its outcome. */
@Entity('outbound_replies')
@Index('ix_outbound_replies_case', ['caseId', 'id'])
// Declared in migration 1766500000000-CitizenLoop (partial indexes and a check the entity only names).
@Index('ux_outbound_replies_notice', { synchronize: false })
@Index('ix_outbound_replies_queue', { synchronize: false })
@Index('ix_outbound_replies_account_attempted', { synchronize: false })
@Check('ck_outbound_replies_kind', `"kind" IN ('reply', 'acknowledgement', 'finish_notice')`)
export class OutboundReply {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'bigint' })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id' })
  case?: Relation<Case>;

  @Column({ type: 'bigint' })
  postId: string;

  @Column({ type: 'uuid' })
  accountId: string;

  @Column({ type: 'text', unique: true })
  idempotencyKey: string;

  @Column({ type: 'jsonb' })
  target: Record<string, unknown>;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'enum', enum: REPLY_STATES, enumName: 'reply_state', default: 'pending' })
  state: ReplyState;

  @Column({ type: 'integer', default: 0 })
  attempts: number;

  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  @Column({ type: 'text', nullable: true })
  error: string | null;

  /** Why the reply ended as it did (REPLY_OUTCOMES); the dashboard decides what to offer by it. */
  @Column({ type: 'text', nullable: true })
  outcome: ReplyOutcome | null;

  /** WhatsApp delivery status from webhooks: sent, delivered, read, failed. */
  @Column({ type: 'text', nullable: true })
  deliveryStatus: string | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @Column({ type: 'text', default: 'reply' })
  kind: ReplyKind;

  /** A queued notice is not sent before this (the account's delay lets staff correct the routing first). */
  @Column({ type: 'timestamptz', nullable: true })
  notBefore: Date | null;

  /** The first platform call; counts toward the account's posting budget. */
  @Column({ type: 'timestamptz', nullable: true })
  attemptedAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
