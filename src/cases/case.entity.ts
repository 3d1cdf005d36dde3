import {
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
  VersionColumn,
  type Relation,
} from 'typeorm';
import { Post } from '../posts/post.entity.js';
import { Opd } from '../routing/opd.entity.js';
import { CASE_STATUSES, INTENTS, SENTIMENTS, type CaseStatus, type Intent, type Sentiment } from './case.types.js';

/** One citizen matter the regency must answer: opened from a post, routed to an OPD. */
@Entity('cases')
@Index('ix_cases_opd_status', ['opdCode', 'status', 'id'])
@Index('ix_cases_status', ['status', 'id'])
@Index('ix_cases_due', ['dueAt', 'id'], { where: `due_at IS NOT NULL` })
// Search and the OPD user's collaborator check (GIN, managed by migrations only).
@Index('ix_cases_search_trgm', { synchronize: false })
@Index('ix_cases_collaborators', { synchronize: false })
// created_at with the grouped columns included (migration 1766900000001; INCLUDE is not expressible here).
@Index('ix_cases_created_cover', { synchronize: false })
@Index('ix_cases_dispositioned', ['dispositionedAt'], { where: `opd_code IS NOT NULL AND dispositioned_at IS NOT NULL` })
// Forwarded cases by last LAPOR! status check (partial index, managed by migrations only).
@Index('ix_cases_lapor_open', { synchronize: false })
export class Case {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  /** Human tracking number, e.g. SW-2026-000123 (per year, regency time zone). */
  @Column({ type: 'text', unique: true })
  trackingNumber: string;

  @Column({ type: 'bigint', unique: true })
  postId: string;

  @ManyToOne(() => Post, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'post_id' })
  post?: Relation<Post>;

  @Column({ type: 'enum', enum: INTENTS, enumName: 'intent' })
  intent: Intent;

  @Column({ type: 'real' })
  intentConfidence: number;

  @Column({ type: 'enum', enum: SENTIMENTS, enumName: 'sentiment' })
  sentiment: Sentiment;

  @Column({ type: 'real' })
  sentimentConfidence: number;

  @Column({ type: 'text', nullable: true })
  topic: string | null;

  @Column({ type: 'text', nullable: true })
  opdCode: string | null;

  @ManyToOne(() => Opd, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'opd_code' })
  opd?: Relation<Opd> | null;

  @Column({ type: 'real' })
  routingConfidence: number;

  /** The OPD the machine suggested, kept when the case went to triage instead. */
  @Column({ type: 'text', nullable: true })
  suggestedOpdCode: string | null;

  /** A body outside the regency's remit (PLN, Polres…) the case should be forwarded to (issue 19). */
  @Column({ type: 'text', nullable: true })
  suggestedExternalBody: string | null;

  @Column({ type: 'text', nullable: true })
  locationKecamatan: string | null;

  @Column({ type: 'text', nullable: true })
  locationDesa: string | null;

  @Column({ type: 'enum', enum: CASE_STATUSES, enumName: 'case_status', default: 'baru' })
  status: CaseStatus;

  @Column({ type: 'text', nullable: true })
  statusReason: string | null;

  /** OPDs asked to help; they see and can act on the case too. */
  @Column({ type: 'text', array: true, default: () => "'{}'" })
  collaboratorOpdCodes: string[];

  /** When the case reached its current OPD (disposition or re-route). */
  @Column({ type: 'timestamptz', nullable: true })
  dispositionedAt: Date | null;

  /** The OPD's first follow-up: acceptance, public reply or answer. */
  @Column({ type: 'timestamptz', nullable: true })
  firstResponseAt: Date | null;

  /** When the OPD answered (menunggu_validasi); starts the auto-close clock. */
  @Column({ type: 'timestamptz', nullable: true })
  answeredAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  closedAt: Date | null;

  /** Deadline of the current service level (triage, follow-up, auto-close), in working days. */
  @Column({ type: 'timestamptz', nullable: true })
  dueAt: Date | null;

  @Column({ type: 'text', nullable: true })
  slaState: 'ok' | 'at_risk' | 'overdue' | null;

  @Column({ type: 'boolean', default: false })
  escalated: boolean;

  @Column({ type: 'bigint', nullable: true })
  mergedIntoId: string | null;

  /** LAPOR! flags (upstream-apis.md §2.2): anonim hides the citizen's identity, rahasia the whole report from the public. */
  @Column({ type: 'boolean', default: false })
  anonim: boolean;

  @Column({ type: 'boolean', default: false })
  rahasia: boolean;

  /** SP4N-LAPOR! tracking id once forwarded, and the status last read from LAPOR!. */
  @Column({ type: 'text', nullable: true })
  laporTrackingId: string | null;

  @Column({ type: 'text', nullable: true })
  laporStatus: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  laporCheckedAt: Date | null;

  /** Which classifier/router model judged the case. */
  @Column({ type: 'text' })
  modelVersion: string;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;

  /**
   * The non-guessable code of the citizen's own tracking and rating link (issue 15). Set by a
   * database trigger; loaded only where the link is built or checked, never in staff or public views.
   */
  @Column({ type: 'text', select: false, insert: false, update: false })
  accessCode?: string;

  /** Optimistic lock: a second concurrent update gets a conflict instead of overwriting. */
  @VersionColumn({ type: 'integer', default: 1 })
  version: number;
}
