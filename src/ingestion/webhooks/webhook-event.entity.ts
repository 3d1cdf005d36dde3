import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';
import { PLATFORMS, type Platform } from '../../common/platform.js';

/**
 * The durable webhook buffer (platform-apis.md §5.6): a delivery is stored here, deduplicated,
 * before the platform gets its 200; connectors drain it by sequence number like a poll.
 */
@Entity('webhook_events')
@Index('ix_webhook_events_drain', ['platform', 'accountExternalId', 'seq'])
export class WebhookEvent {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  seq: string;

  @Column({ type: 'enum', enum: PLATFORMS, enumName: 'platform' })
  platform: Platform;

  /** WhatsApp phone_number_id, Instagram user id, ... */
  @Column({ type: 'text' })
  accountExternalId: string;

  /** message | status | mention | comment | ... */
  @Column({ type: 'text' })
  kind: string;

  @Column({ type: 'text', unique: true })
  dedupeKey: string;

  @Column({ type: 'jsonb' })
  payload: Record<string, unknown>;

  @Column({ type: 'timestamptz', default: () => 'now()' })
  receivedAt: Date;
}
