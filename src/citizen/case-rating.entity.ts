import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** The citizen's rating of a finished case (issue 15 §3): one per case, proven by the link's code. */
@Entity('case_ratings')
export class CaseRating {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'bigint', unique: true })
  caseId: string;

  /** The OPD that answered, kept so its performance counts the rating even after a re-route. */
  @Column({ type: 'text', nullable: true })
  opdCode: string | null;

  @Column({ type: 'smallint' })
  score: number;

  /** "sudah selesai" (true) or "belum selesai" (false, which reopens the case to its OPD). */
  @Column({ type: 'boolean' })
  resolved: boolean;

  @Column({ type: 'text', nullable: true })
  comment: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
