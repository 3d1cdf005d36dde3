import { Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, type Relation } from 'typeorm';
import { PLATFORMS, type Platform } from '../common/platform.js';
import { ConnectorAccount } from '../connectors/connector-account.entity.js';

export const POST_KINDS = ['post', 'comment', 'reply', 'mention', 'tag', 'direct_message'] as const;
export type PostKind = (typeof POST_KINDS)[number];

/** What a citizen wrote, as fetched; hostile input: escape on output, never trust. */
@Entity('posts')
@Index('uq_posts_platform_account_external', ['platform', 'accountId', 'externalId'], { unique: true })
@Index('ix_posts_pending', ['id'], { where: `processing_state = 'pending'` })
@Index('ix_posts_case', ['caseId'])
@Index('ix_posts_author_thread', ['accountId', 'authorId', 'postedAt'])
@Index('ix_posts_account_posted', ['accountId', 'postedAt'])
// Oldest-checked first among the posts of cases (refresh of edits and deletions; NULLS FIRST in SQL).
@Index('ix_posts_refresh', { synchronize: false })
// Search: post text (Indonesian stemmer) and author name/handle (trigram); GIN expression indexes
// managed by migrations only.
@Index('ix_posts_text_fts', { synchronize: false })
@Index('ix_posts_author_trgm', { synchronize: false })
export class Post {
  @PrimaryGeneratedColumn('identity', { type: 'bigint', generatedIdentity: 'ALWAYS' })
  id: string;

  @Column({ type: 'enum', enum: PLATFORMS, enumName: 'platform' })
  platform: Platform;

  @Column({ type: 'uuid' })
  accountId: string;

  @ManyToOne(() => ConnectorAccount, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'account_id' })
  account?: Relation<ConnectorAccount>;

  @Column({ type: 'text' })
  externalId: string;

  @Column({ type: 'text', unique: true })
  dedupeKey: string;

  @Column({ type: 'enum', enum: POST_KINDS, enumName: 'post_kind' })
  kind: PostKind;

  @Column({ type: 'text' })
  authorId: string;

  @Column({ type: 'text', nullable: true })
  authorName: string | null;

  @Column({ type: 'text', nullable: true })
  authorUsername: string | null;

  @Column({ type: 'text' })
  text: string;

  /** to_tsvector('indonesian', text), kept by a database trigger; read only by search (case-search.ts). */
  @Column({ type: 'tsvector', nullable: true, select: false, insert: false, update: false })
  searchVector?: string | null;

  @Column({ type: 'boolean', default: false })
  textTruncated: boolean;

  @Column({ type: 'text', nullable: true })
  permalink: string | null;

  @Column({ type: 'text', nullable: true })
  lang: string | null;

  @Column({ type: 'text', nullable: true })
  parentExternalId: string | null;

  @Column({ type: 'text', nullable: true })
  rootExternalId: string | null;

  /** When the citizen posted it (platform time, UTC). */
  @Column({ type: 'timestamptz' })
  postedAt: Date;

  /** false: the platform gave no creation time and a stand-in was stored (not compared on re-reads). */
  @Column({ type: 'boolean', default: true })
  postedAtExact: boolean;

  @Column({ type: 'timestamptz', nullable: true })
  editedAt: Date | null;

  @Column({ type: 'boolean', default: false })
  deleted: boolean;

  /** When the post was last re-read on its platform (refresh of open cases); null = never. */
  @Column({ type: 'timestamptz', nullable: true })
  checkedAt: Date | null;

  /** Everything reply() needs to answer on the platform (target id, account, extras). */
  @Column({ type: 'jsonb' })
  replyTarget: Record<string, unknown>;

  /** Untouched platform JSON for audit (capped in size). */
  @Column({ type: 'jsonb' })
  raw: unknown;

  /** The case this post belongs to: its opening post or a follow-up attached to it. */
  @Column({ type: 'bigint', nullable: true })
  caseId: string | null;

  /** pending → processed: the case-intake stage picks pending posts, so a crash never loses one. */
  @Column({ type: 'text', default: 'pending' })
  processingState: 'pending' | 'processed';

  @CreateDateColumn({ type: 'timestamptz' })
  ingestedAt: Date;
}
