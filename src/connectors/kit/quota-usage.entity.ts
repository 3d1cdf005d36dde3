import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/**
 * Units of a platform's daily quota spent so far (YouTube, platform-apis.md §8.5). Keyed by pool,
 * not account: a Google Cloud project's quota is shared by every channel it reads. `day` is the
 * platform's quota day (YouTube: the date in America/Los_Angeles).
 */
@Entity('connector_quota_usage')
export class QuotaUsage {
  @PrimaryColumn({ type: 'text', primaryKeyConstraintName: 'PK_connector_quota_usage' })
  pool: string;

  @PrimaryColumn({ type: 'date', primaryKeyConstraintName: 'PK_connector_quota_usage' })
  day: string;

  @Column({ type: 'integer', default: 0 })
  units: number;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
