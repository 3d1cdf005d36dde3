import { Column, Entity, PrimaryColumn } from 'typeorm';

/** Consecutive failed logins per username; past a few, each attempt must wait longer. */
@Entity('login_failures')
export class LoginFailure {
  @PrimaryColumn({ type: 'text' })
  username: string;

  @Column({ type: 'integer', default: 0 })
  failures: number;

  @Column({ type: 'timestamptz', nullable: true })
  lockedUntil: Date | null;
}
