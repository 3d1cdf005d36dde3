import type { INestApplication } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { Case } from '../../src/cases/case.entity.js';
import type { CaseStatus, Intent } from '../../src/cases/case.types.js';
import type { Platform } from '../../src/common/platform.js';
import { ConnectorAccount } from '../../src/connectors/connector-account.entity.js';
import { Post } from '../../src/posts/post.entity.js';
import { SlaPolicy } from '../../src/sla/sla-policy.js';

let seq = 0;

export interface CaseInput {
  opdCode?: string | null;
  status?: CaseStatus;
  intent?: Intent;
  text?: string;
  platform?: Platform;
  createdAt?: Date;
  dispositionedAt?: Date | null;
  authorName?: string;
}

/** Inserts an account (once), a post and a case through the real entities; service levels applied. */
export async function createCase(app: INestApplication, input: CaseInput = {}): Promise<Case> {
  const ds = app.get(DataSource);
  const platform = input.platform ?? 'x';
  let account = await ds.getRepository(ConnectorAccount).findOneBy({ platform, externalAccountId: `fixture-${platform}` });
  account ??= await ds.getRepository(ConnectorAccount).save(ds.getRepository(ConnectorAccount).create({ platform, externalAccountId: `fixture-${platform}`, handle: 'pemkabsinjai', settings: {}, enabled: false }));
  const n = ++seq;
  const createdAt = input.createdAt ?? new Date();
  const post = await ds.getRepository(Post).save(
    ds.getRepository(Post).create({
      platform,
      accountId: account.id,
      externalId: `${Date.now()}${n}`,
      dedupeKey: `${platform}:fixture:${Date.now()}${n}`,
      kind: 'mention',
      authorId: `author-${n}`,
      authorName: input.authorName ?? `Warga ${n}`,
      authorUsername: `warga${n}`,
      text: input.text ?? `jalan rusak nomor ${n}`,
      postedAt: createdAt,
      replyTarget: { platform, accountId: account.externalAccountId, targetId: `${n}` },
      raw: {},
      processingState: 'processed',
    }),
  );
  const status = input.status ?? 'didisposisikan';
  const c = ds.getRepository(Case).create({
    trackingNumber: `SW-2026-${String(900000 + n)}`,
    postId: post.id,
    intent: input.intent ?? 'complaint',
    intentConfidence: 0.9,
    sentiment: 'negative',
    sentimentConfidence: 0.9,
    topic: 'jalan rusak',
    opdCode: input.opdCode === undefined ? 'DPUPR' : input.opdCode,
    suggestedOpdCode: input.opdCode ?? null,
    routingConfidence: 0.9,
    status,
    modelVersion: 'fixture',
    createdAt,
    dispositionedAt: input.dispositionedAt === undefined ? (status === 'perlu_ditinjau' ? null : createdAt) : input.dispositionedAt,
    firstResponseAt: null,
    answeredAt: status === 'menunggu_validasi' ? createdAt : null,
    dueAt: null,
    slaState: null,
  });
  app.get(SlaPolicy).apply(c, new Date());
  const saved = await ds.getRepository(Case).save(c);
  await ds.getRepository(Post).update({ id: post.id }, { caseId: saved.id });
  return saved;
}
