import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { opdScope, type Principal } from '../auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { AuditLog } from '../admin/audit-log.entity.js';
import { isConfidentialPost } from '../common/platform.js';
import { mayReadPrivate, replyText, toCaseEventView, toCaseView, toPostView, type CaseEventView, type CaseView, type PostView } from '../dashboard/dashboard.serializer.js';
import { PostRepository } from '../posts/post.repository.js';
import { OutboundReply } from '../replies/outbound-reply.entity.js';
import { CaseRepository, type CaseFilter } from './case.repository.js';
import type { ListCasesQuery } from './dto/list-cases.query.js';
import { isBigintId } from '../common/ids.js';

interface ReplyRow {
  id: string;
  text: string;
  state: string;
  /** Why it ended as it did (outbound-reply.entity REPLY_OUTCOMES); null while under way. */
  outcome: string | null;
  error: string | null;
  externalId: string | null;
  deliveryStatus: string | null;
  attempts: number;
  createdAt: string;
}

@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CaseRepository,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly posts: PostRepository,
  ) {}

  async list(q: ListCasesQuery, viewer: Principal): Promise<{ items: CaseView[]; nextCursor: string | null }> {
    const page = await this.cases.list(this.filterOf(q, viewer), q.limit ?? 25, q.cursor, q.sort);
    return { items: page.items.map((c) => toCaseView(c, viewer)), nextCursor: page.nextCursor };
  }

  filterOf(q: ListCasesQuery, viewer: Principal): CaseFilter {
    return {
      opd: q.opd,
      intent: q.intent,
      status: q.status,
      platform: q.platform,
      sentiment: q.sentiment,
      from: q.from ? new Date(q.from) : undefined,
      to: q.to ? new Date(q.to) : undefined,
      overdue: q.overdue,
      q: q.q,
      scopeOpds: opdScope(viewer),
    };
  }

  /** A case outside the viewer's OPDs is reported as not found, not as forbidden. */
  async get(id: string, viewer: Principal): Promise<CaseView & { events: CaseEventView[]; thread: PostView[]; replies: ReplyRow[] }> {
    if (!isBigintId(id)) throw new DomainError('not_found', 'Kasus tidak ditemukan');
    const c = await this.cases.findById(id, opdScope(viewer));
    if (!c) throw new DomainError('not_found', 'Kasus tidak ditemukan');
    const [events, thread, replies] = await Promise.all([
      this.cases.events(id),
      this.posts.thread(id),
      this.ds.getRepository(OutboundReply).find({ where: { caseId: id }, order: { id: 'ASC' } }),
    ]);
    const revisions = await this.posts.revisions(thread.map((p) => p.id));
    const privateCase = isConfidentialPost(c.post!) || thread.some(isConfidentialPost);
    const privateClear = privateCase && mayReadPrivate(viewer, c);
    // Every opening of a private conversation is on record (who, which case, when).
    if (privateClear)
      await this.ds.getRepository(AuditLog).insert({ actorUserId: viewer.id, actorLabel: viewer.username, action: 'case.private_message_read', targetType: 'case', targetId: c.id, data: { trackingNumber: c.trackingNumber, platform: c.post!.platform } });
    return {
      ...toCaseView(c, viewer, { privateClear }),
      events: events.map((e) => toCaseEventView(e, viewer)),
      thread: thread.map((p) => toPostView(p, viewer, revisions.filter((r) => r.postId === p.id), { privateClear })),
      replies: replies.map((r) => ({ id: r.id, text: replyText(r.text, viewer, privateCase, privateClear), state: r.state, outcome: r.outcome, error: r.error, externalId: r.externalId, deliveryStatus: r.deliveryStatus, attempts: r.attempts, createdAt: r.createdAt.toISOString() })),
    };
  }

  async since(sinceId: string, viewer: Principal, limit = 500): Promise<CaseView[]> {
    const rows = await this.cases.listSince(sinceId, { scopeOpds: opdScope(viewer) }, limit);
    return rows.map((c) => toCaseView(c, viewer));
  }
}
