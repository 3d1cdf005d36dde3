import { Column, Entity, PrimaryColumn } from 'typeorm';

/** One @nestjs/throttler counter (a fixed window per key), shared by every instance through PostgreSQL. */
@Entity('throttle_hits')
export class ThrottleHit {
  @PrimaryColumn({ type: 'text' })
  key: string;

  @Column({ type: 'integer' })
  hits: number;

  @Column({ type: 'timestamptz' })
  expiresAt: Date;

  @Column({ type: 'timestamptz', nullable: true })
  blockedUntil: Date | null;
}
