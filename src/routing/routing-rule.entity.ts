import { Column, Entity, PrimaryColumn, UpdateDateColumn } from 'typeorm';

/** Keyword and phrase rules of one OPD, seeded from config/routing-keywords.id.json, editable by an admin. */
@Entity('routing_rules')
export class RoutingRule {
  @PrimaryColumn({ type: 'text' })
  opdCode: string;

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  strong: string[];

  @Column({ type: 'text', array: true, default: () => "'{}'" })
  keywords: string[];

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
