import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { Case } from '../cases/case.entity.js';

/** The citizen's rating of a finished case (issue 15 §3): one per case, proven by the link's code. */
@Entity('case_ratings')
@Index('ix_case_ratings_opd_created', ['opdCode', 'createdAt'])
@Check('case_ratings_score_check', `"score" BETWEEN 1 AND 5`)
export class CaseRating {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'bigint', unique: true })
  caseId: string;

  @ManyToOne(() => Case, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'case_id', foreignKeyConstraintName: 'case_ratings_case_id_fkey' })
  case?: Relation<Case>;

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
