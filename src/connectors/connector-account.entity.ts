import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { HEALTH_STATES, PLATFORMS, type HealthState, type Platform } from '../common/platform.js';

/** Non-secret fields config/ declares for an account. */
export interface SeededValues {
  handle: string;
  displayName: string | null;
  settings: Record<string, unknown>;
  pollIntervalSec: number;
}

/** What config/ last seeded: its values, and a digest (not the tokens) of its credentials. */
export interface SeedRecord extends SeededValues {
  credentialsDigest: string;
}

/** One social-media account the regency reads (the Pemkab's X account, an OPD's Facebook page, ...). */
@Entity('connector_accounts')
@Index('uq_connector_accounts_platform_external', ['platform', 'externalAccountId'], { unique: true })
export class ConnectorAccount {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'enum', enum: PLATFORMS, enumName: 'platform' })
  platform: Platform;

  /** The platform's own id of the account (X user id, page id, ...): text, ids exceed 2^53. */
  @Column({ type: 'text' })
  externalAccountId: string;

  @Column({ type: 'text' })
  handle: string;

  @Column({ type: 'text', nullable: true })
  displayName: string | null;

  /** Non-secret settings of the connector (search query, watch window ...). */
  @Column({ type: 'jsonb', default: () => "'{}'" })
  settings: Record<string, unknown>;

  /**
   * What config/ last seeded. A restart applies a configured value only when it differs from
   * this, so an admin's edits and tokens a connector refreshed survive restarts until the
   * configuration itself changes. Null: not seeded (or seeded before this was kept).
   */
  @Column({ type: 'jsonb', nullable: true })
  seeded: SeedRecord | null;

  /** Tokens, AES-256-GCM encrypted with CREDENTIALS_KEY; never logged or returned by the API. */
  @Column({ type: 'text', nullable: true, select: false })
  credentialsEnc: string | null;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'integer', default: 60 })
  pollIntervalSec: number;

  @Column({ type: 'enum', enum: HEALTH_STATES, enumName: 'health_state', default: 'ok' })
  healthState: HealthState;

  @Column({ type: 'text', nullable: true })
  healthDetail: string | null;

  /** When a paused account may be polled again (rate limit reset, backoff). */
  @Column({ type: 'timestamptz', nullable: true })
  retryAt: Date | null;

  @Column({ type: 'integer', default: 0 })
  consecutiveFailures: number;

  @Column({ type: 'integer', default: 0 })
  consecutiveAuthFailures: number;

  /** Opaque, versioned JSON owned by the connector; committed with the items it covers. */
  @Column({ type: 'text', nullable: true })
  cursor: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  nextPollAt: Date | null;

  /** Run lease: a run owns the account until this time, so runs of one account never overlap. */
  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'text', nullable: true })
  lockOwner: string | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastPolledAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
