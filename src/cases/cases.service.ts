import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { opdScope, type Principal } from '../auth/principal.js';
import { DomainError } from '../common/errors/domain-error.js';
import { AuditLog } from '../admin/audit-log.entity.js';
import { isConfidentialPost } from '../common/platform.js';
import { containsPii } from '../common/pii.js';
import type { CaseDetail, CasePage } from '../contracts/case.js';
import { mayReadPrivate, replyText, seesPii, toCaseEventView, toCaseView, toPostView, type CaseView } from '../dashboard/dashboard.serializer.js';
import { PostRepository } from '../posts/post.repository.js';
import { OutboundReply } from '../replies/outbound-reply.entity.js';
import { CaseRepository, type CaseFilter } from './case.repository.js';
import type { ListCasesQuery } from './dto/list-cases.query.js';
import { isBigintId } from '../common/ids.js';


@Injectable()
export class CasesService {
  constructor(
    private readonly cases: CaseRepository,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly posts: PostRepository,
  ) {}

  /** A page of cases, and how many match in all (`total`, for "Menampilkan 26 dari 1.204 kasus"). */
  async list(q: ListCasesQuery, viewer: Principal): Promise<CasePage> {
    const filter = this.filterOf(q, viewer);
    // A search is ordered by relevance unless the caller chose an order.
    const sort = q.sort ?? (q.q?.trim() ? 'relevance' : 'newest');
    const [page, { total, exact }] = await Promise.all([this.cases.list(filter, q.limit ?? 25, q.cursor, sort), this.cases.count(filter)]);
    return { items: page.items.map((c) => toCaseView(c, viewer)), nextCursor: page.nextCursor, total, totalExact: exact };
  }

  filterOf(q: ListCasesQuery, viewer: Principal): CaseFilter {
    const clear = seesPii(viewer);
    // A search would tell a viewer who sees personal data masked which case holds a given NIK or phone number.
    if (!clear && q.q && containsPii(q.q)) throw new DomainError('validation', 'Pencarian dengan NIK atau nomor telepon hanya untuk petugas yang boleh melihat data pribadi');
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
      publicTextOnly: !clear,
      scopeOpds: opdScope(viewer),
    };
  }

  /** A case outside the viewer's OPDs is reported as not found, not as forbidden. */
  async get(id: string, viewer: Principal): Promise<CaseDetail> {
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
      replies: replies.map((r) => ({ id: r.id, text: replyText(r.text, viewer, privateCase, privateClear), state: r.state, outcome: r.outcome, error: r.error, externalId: r.externalId, deliveryStatus: r.deliveryStatus, attempts: r.attempts, kind: r.kind, createdAt: r.createdAt.toISOString() })),
    };
  }

  async since(sinceId: string, viewer: Principal, limit = 500): Promise<CaseView[]> {
    const rows = await this.cases.listSince(sinceId, { scopeOpds: opdScope(viewer) }, limit);
    return rows.map((c) => toCaseView(c, viewer));
  }
}
