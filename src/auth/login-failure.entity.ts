import { Column, Entity, PrimaryColumn } from 'typeorm';

/**
 * Failed logins per username and client (client `*`: all clients together), counted atomically in
 * PostgreSQL; past a few, the next attempt must wait (issue 13 §3, README "Security model").
 */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryColumn({ type: 'text' })
  username: string;

  /** The client address, or `*` for the short per-username slow-down across all clients. */
  @PrimaryColumn({ type: 'text' })
  client: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  updatedAt: Date;

  /** When this client last logged in as this user: such a client skips the per-username slow-down. */
  @Column({ type: 'timestamptz', nullable: true })
  lastSuccessAt: Date | null;
}
