import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';

export const WEBHOOK_EVENT_TYPES = ['case.created', 'case.status_changed', 'case.finished'] as const;
export type WebhookEventType = (typeof WEBHOOK_EVENT_TYPES)[number];

/** A system that hears about cases (the province's dashboard, a desa's app), registered by an admin. */
@Entity('webhook_subscribers')
export class WebhookSubscriber {
  @PrimaryGeneratedColumn('uuid')
  id: string;

  @Column({ type: 'text' })
  name: string;

  @Column({ type: 'text' })
  url: string;

  @Column({ type: 'text', array: true })
  eventTypes: WebhookEventType[];

  /** `whsec_…`, AES-256-GCM with CREDENTIALS_KEY (it is read to sign); shown once at creation. */
  @Column({ type: 'text', select: false })
  secretEnc: string;

  @Column({ type: 'boolean', default: true })
  enabled: boolean;

  @Column({ type: 'text', nullable: true })
  disabledReason: string | null;

  /** Since when every delivery failed; a day of it disables the subscriber. */
  @Column({ type: 'timestamptz', nullable: true })
  failingSince: Date | null;

  @Column({ type: 'uuid', nullable: true })
  createdBy: string | null;

  @CreateDateColumn({ type: 'timestamptz' })
  createdAt: Date;

  @UpdateDateColumn({ type: 'timestamptz' })
  updatedAt: Date;
}
