import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, type Relation } from 'typeorm';
import { ConnectorAccount } from '../../connectors/connector-account.entity.js';
import { PLATFORMS, type Platform } from '../../common/platform.js';

/** Where taking the item in failed: mapping platform JSON, storing the post, or a changed identity. */
export type QuarantineStage = 'map' | 'store' | 'identity';
/**
 * retrying: an ordered webhook drain still tries it (fewer than WEBHOOK_DRAIN_MAX_ATTEMPTS); open:
 * set aside and waiting for a person; resolved: a retry took it in; dismissed: a person set it aside.
 */
export type QuarantineState = 'retrying' | 'open' | 'resolved' | 'dismissed';

/**
 * An item that could not be taken in (issue 12 §1): kept with its error and capped raw payload, so
 * the account goes on with the rest of its page and nothing is silently dropped.
 */
@Entity('quarantined_items')
@Index('ix_quarantined_items_account_state', ['accountId', 'state', 'id'])
@Check('CHK_quarantined_items_stage', `"stage" IN ('map', 'store', 'identity')`)
@Check('CHK_quarantined_items_state', `"state" IN ('retrying', 'open', 'resolved', 'dismissed')`)
export class QuarantinedItem {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'enum', enum: PLATFORMS, enumName: 'platform' })
  platform: Platform;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => ConnectorAccount, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'account_id', foreignKeyConstraintName: 'FK_quarantined_items_account' })
  account?: Relation<ConnectorAccount>;

  /** The platform's id of the item, when it could be read. */
  @Column({ type: 'text', nullable: true })
  externalId: string | null;

  /** One row per item and account: a re-read of the same bad item counts an attempt. */
  @Column({ type: 'text', unique: true })
  dedupeKey: string;

  @Column({ type: 'text' })
  stage: QuarantineStage;

  @Column({ type: 'text' })
  error: string;

  /** Capped and cleaned: the platform JSON (stage map) or the normalized item (store, identity). */
  @Column({ type: 'jsonb' })
  raw: unknown;

  @Column({ type: 'text', default: 'open' })
  state: QuarantineState;

  @Column({ type: 'integer', default: 1 })
  attempts: number;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
