import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/** A staff correction of the machine (re-label or re-route), kept as training data for `npm run train`. */
@Entity('classification_corrections')
export class ClassificationCorrection {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'bigint' })
  caseId: string;

  @Column({ type: 'text' })
  text: string;

  @Column({ type: 'text', nullable: true })
  intent: string | null;

  @Column({ type: 'text', nullable: true })
  sentiment: string | null;

  @Column({ type: 'text', nullable: true })
  opdCode: string | null;

  @Column({ type: 'text' })
  modelVersion: string;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;
}
