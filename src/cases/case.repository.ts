import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, type QueryDeepPartialEntity, type SelectQueryBuilder } from 'typeorm';
import { CaseEvent } from './case-event.entity.js';
import { Case } from './case.entity.js';
import type { Post } from '../posts/post.entity.js';
import type { CaseStatus, Intent, Sentiment } from './case.types.js';
import { isBigintId } from '../common/ids.js';

// Keyset cursors: the last row's sort key and id, opaque to clients.
const encodeCursor = (k: string | null, id: string): string => Buffer.from(JSON.stringify([k, id])).toString('base64url');
function decodeCursor(c: string): [string | null, string] | null {
  try {
    const v = JSON.parse(Buffer.from(c, 'base64url').toString('utf8')) as unknown;
    return Array.isArray(v) && v.length === 2 && isBigintId(v[1]) ? (v as [string | null, string]) : null;
  } catch {
    return null;
  }
}

export interface CaseFilter {
  opd?: string[];
  intent?: Intent[];
  status?: CaseStatus[];
  platform?: string[];
  sentiment?: Sentiment[];
  /** Created at or after / before these instants. */
  from?: Date;
  to?: Date;
  overdue?: boolean;
  /** Full-text search over the post text, or a tracking number. */
  q?: string;
  /** Restricts to these OPDs (owner or collaborator) whatever else is asked (permission scope); undefined = all. */
  scopeOpds?: string[];
}

export type CaseSort = 'newest' | 'oldest' | 'deadline';

export interface CasePage {
  items: Case[];
  nextCursor: string | null;
}

@Injectable()
export class CaseRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private repo(m?: EntityManager) {
    return (m ?? this.ds.manager).getRepository(Case);
  }

  /** Next SW-<year>-<n>, counted per year inside the caller's transaction. */
  async nextTrackingNumber(m: EntityManager, year: number): Promise<string> {
    const [row] = await m.query<Array<{ last_value: number }>>(
      `INSERT INTO tracking_counters (year, last_value) VALUES ($1, 1)
       ON CONFLICT (year) DO UPDATE SET last_value = tracking_counters.last_value + 1
       RETURNING last_value`,
      [year],
    );
    return `SW-${year}-${String(row.last_value).padStart(6, '0')}`;
  }

  async insert(m: EntityManager, c: Partial<Case>): Promise<Case> {
    return this.repo(m).save(this.repo(m).create(c));
  }

  save(m: EntityManager, c: Case): Promise<Case> {
    return this.repo(m).save(c);
  }

  /** The open case a follow-up by the same author in the same thread belongs to (see CaseIntakeService). */
  async findJoinableCase(m: EntityManager, post: Post, since: Date, open: CaseStatus[]): Promise<Case | null> {
    const rows = await m.query<Array<{ case_id: string }>>(
      `SELECT p.case_id FROM posts p JOIN cases c ON c.id = p.case_id
       WHERE p.account_id = $1 AND p.author_id = $2 AND p.id <> $3 AND c.status = ANY($4::case_status[])
         AND p.posted_at >= $5
         AND ($6::text = 'whatsapp' OR p.root_external_id = $7 OR p.external_id = $8 OR p.external_id = $7)
       ORDER BY p.posted_at DESC LIMIT 1`,
      [post.accountId, post.authorId, post.id, open, since, post.platform, post.rootExternalId, post.parentExternalId],
    );
    if (!rows.length) return null;
    return this.repo(m).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: rows[0].case_id }).getOne();
  }

  async addEvent(m: EntityManager, e: Partial<CaseEvent>): Promise<void> {
    await m.getRepository(CaseEvent).insert(e as QueryDeepPartialEntity<CaseEvent>);
  }

  applyFilter(q: SelectQueryBuilder<Case>, f: CaseFilter): SelectQueryBuilder<Case> {
    if (f.scopeOpds) q.andWhere('(c.opd_code = ANY(:scope) OR c.collaborator_opd_codes && :scope::text[])', { scope: f.scopeOpds });
    if (f.opd?.length) q.andWhere('c.opd_code = ANY(:opd)', { opd: f.opd });
    if (f.intent?.length) q.andWhere('c.intent = ANY(:intent)', { intent: f.intent });
    if (f.status?.length) q.andWhere('c.status = ANY(:status)', { status: f.status });
    if (f.platform?.length) q.andWhere('p.platform = ANY(:platform)', { platform: f.platform });
    if (f.sentiment?.length) q.andWhere('c.sentiment = ANY(:sentiment)', { sentiment: f.sentiment });
    if (f.from) q.andWhere('c.created_at >= :from', { from: f.from });
    if (f.to) q.andWhere('c.created_at < :to', { to: f.to });
    if (f.overdue) q.andWhere(`c.sla_state = 'overdue'`);
    if (f.q?.trim()) {
      const term = f.q.trim();
      if (/^SW-\d{4}-\d{1,9}$/i.test(term)) q.andWhere('c.tracking_number = :tn', { tn: term.toUpperCase() });
      else {
        // Words only: a query of bare operators (`- - - …`) overflows PostgreSQL's tsquery stack.
        const words = term.split(/\s+/).filter((w) => /[\p{L}\p{N}]/u.test(w)).join(' ').slice(0, 500);
        if (words) q.andWhere(`to_tsvector('simple', p.text) @@ websearch_to_tsquery('simple', :q)`, { q: words });
      }
    }
    return q;
  }

  /** Keyset-paginated (stable while new cases arrive), newest first by default. */
  async list(f: CaseFilter, limit: number, cursor?: string, sort: CaseSort = 'newest'): Promise<CasePage> {
    const q = this.repo().createQueryBuilder('c').innerJoinAndSelect('c.post', 'p').leftJoinAndSelect('c.opd', 'o');
    this.applyFilter(q, f);
    const after = cursor ? decodeCursor(cursor) : null;
    if (sort === 'deadline') {
      // Soonest deadline first; cases without one last.
      q.orderBy('c.due_at', 'ASC', 'NULLS LAST').addOrderBy('c.id', 'ASC');
      if (after)
        q.andWhere(
          after[0] === null
            ? 'c.due_at IS NULL AND c.id > :aid'
            : '(c.due_at > :adue OR (c.due_at = :adue AND c.id > :aid) OR c.due_at IS NULL)',
          { adue: after[0], aid: after[1] },
        );
    } else {
      q.orderBy('c.id', sort === 'oldest' ? 'ASC' : 'DESC');
      if (after) q.andWhere(sort === 'oldest' ? 'c.id > :aid' : 'c.id < :aid', { aid: after[1] });
    }
    const items = await q.limit(limit + 1).getMany();
    const more = items.length > limit;
    if (more) items.pop();
    const last = items[items.length - 1];
    return { items, nextCursor: more ? encodeCursor(sort === 'deadline' ? (last.dueAt?.toISOString() ?? null) : null, last.id) : null };
  }

  /** Every case matching a filter, in batches (exports). */
  async *iterate(f: CaseFilter, batch = 500): AsyncGenerator<Case[]> {
    let cursor: string | undefined;
    for (;;) {
      const page = await this.list(f, batch, cursor, 'oldest');
      if (page.items.length) yield page.items;
      if (!page.nextCursor) return;
      cursor = page.nextCursor;
    }
  }

  /** What a reconnecting client missed: cases after `sinceId`, oldest first. */
  listSince(sinceId: string, f: CaseFilter, limit: number): Promise<Case[]> {
    const q = this.repo().createQueryBuilder('c').innerJoinAndSelect('c.post', 'p').leftJoinAndSelect('c.opd', 'o');
    this.applyFilter(q, f);
    return q.andWhere('c.id > :sinceId', { sinceId }).orderBy('c.id', 'ASC').limit(limit).getMany();
  }

  findById(id: string, scopeOpds?: string[]): Promise<Case | null> {
    const q = this.repo()
      .createQueryBuilder('c')
      .innerJoinAndSelect('c.post', 'p')
      .leftJoinAndSelect('p.account', 'a')
      .leftJoinAndSelect('c.opd', 'o')
      .where('c.id = :id', { id });
    if (scopeOpds) q.andWhere(new Brackets((b) => b.where('c.opd_code = ANY(:scope) OR c.collaborator_opd_codes && :scope::text[]', { scope: scopeOpds })));
    return q.getOne();
  }

  findByIds(ids: string[]): Promise<Case[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo().createQueryBuilder('c').innerJoinAndSelect('c.post', 'p').leftJoinAndSelect('c.opd', 'o').whereInIds(ids).getMany();
  }

  events(caseId: string): Promise<CaseEvent[]> {
    return this.ds.getRepository(CaseEvent).find({ where: { caseId }, order: { id: 'ASC' } });
  }
}
