import { Check, Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A caller of the Open311 `POST requests` (the regency website, a desa's app, a kiosk). The key is
 * shown once at creation; only its SHA-256 is kept (keys are 32 random bytes, so a slow hash adds
 * nothing). `prefix` finds the row without scanning hashes.
 */
@Entity('api_keys')
@Check('CHK_api_keys_rate', '"rate_limit_per_min" BETWEEN 1 AND 100000')
export class ApiKey {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text', unique: true })
  prefix: string;

  @Column({ type: 'text', select: false })
  keyHash: string;

  @Column({ type: 'integer', default: 60 })
  rateLimitPerMin: number;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  revokedAt: Date | null;

  @Column({ type: 'timestamptz', nullable: true })
  lastUsedAt: Date | null;

  /** Rate limit: the current minute and the requests counted in it (shared by every instance). */
  @Column({ type: 'timestamptz', nullable: true, select: false })
  windowStart: Date | null;

  @Column({ type: 'integer', default: 0, select: false })
  windowHits: number;
}
