import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { Brackets, DataSource, type EntityManager, type QueryDeepPartialEntity, type SelectQueryBuilder } from 'typeorm';
import { CaseEvent } from './case-event.entity.js';
import { Case } from './case.entity.js';
import type { Post } from '../posts/post.entity.js';
import type { CaseStatus, Intent, Sentiment } from './case.types.js';
import { isBigintId } from '../common/ids.js';
import type { Platform } from '../common/platform.js';
import { RANKED_MATCHES, searchClause, type SearchClause } from './case-search.js';

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
  /** Search: words (stemmed), names, handles, kecamatan/desa, tracking numbers (see case-search.ts). */
  q?: string;
  /** The viewer may not read private messages (WhatsApp, Telegram private chats): search skips their text. */
  publicTextOnly?: boolean;
  /** Restricts to these OPDs (owner or collaborator) whatever else is asked (permission scope); undefined = all. */
  scopeOpds?: string[];
}

/** `relevance` applies to a search; without one it is `newest`. */
/** True when the filter is a search and nothing narrows it further (no scope, OPD, status, dates…). */
function onlySearch(f: CaseFilter): boolean {
  return !!f.q && !f.scopeOpds && !f.opd?.length && !f.intent?.length && !f.status?.length && !f.platform?.length && !f.sentiment?.length && !f.from && !f.to && !f.overdue;
}

/** Past this many matches the list's total is reported as a lower bound (see count). */
export const COUNT_CAP = 10_000;

export type CaseSort = 'newest' | 'oldest' | 'deadline' | 'relevance';

/** One case as the CSV export reads it (dates formatted in the regency's time zone, '' for none). */
export interface ExportRow {
  id: string;
  trackingNumber: string;
  createdAt: string;
  postedAt: string;
  dueAt: string | null;
  firstResponseAt: string | null;
  closedAt: string | null;
  intent: string;
  sentiment: string;
  topic: string | null;
  opdCode: string | null;
  opdName: string | null;
  status: string;
  statusReason: string | null;
  kecamatan: string | null;
  desa: string | null;
  slaState: string | null;
  platform: Platform;
  kind: string;
  authorUsername: string | null;
  authorName: string | null;
  text: string;
  permalink: string | null;
}

export interface CasePage {
  items: Case[];
  nextCursor: string | null;
}

const RANK = 'sw_rank';
const DUE = 'sw_due';

@Injectable()
export class CaseRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private repo(m?: EntityManager) {
    return (m ?? this.ds.manager).getRepository(Case);
  }

  /** `n` consecutive tracking numbers of `year` in one statement, in order (SW-<year>-<n>, counted per year). */
  async nextTrackingNumbers(m: EntityManager, year: number, n: number): Promise<string[]> {
    if (n <= 0) return [];
    const [row] = await m.query<Array<{ last_value: string }>>(
      `INSERT INTO tracking_counters (year, last_value) VALUES ($1, $2)
       ON CONFLICT (year) DO UPDATE SET last_value = tracking_counters.last_value + $2
       RETURNING last_value`,
      [year, n],
    );
    const last = Number(row.last_value);
    return Array.from({ length: n }, (_, i) => `SW-${year}-${String(last - n + 1 + i).padStart(6, '0')}`);
  }

  /** Inserts cases in one statement; returns each new case's id keyed by its post id. */
  async insertMany(m: EntityManager, drafts: Array<Partial<Case>>): Promise<Map<string, string>> {
    if (!drafts.length) return new Map();
    const res = await m
      .createQueryBuilder()
      .insert()
      .into(Case)
      .values(drafts as QueryDeepPartialEntity<Case>[])
      .returning('id, post_id')
      .execute();
    return new Map((res.raw as Array<{ id: string; post_id: string }>).map((r) => [String(r.post_id), String(r.id)]));
  }

  /**
   * For many posts at once: the open case each could join (same author, same thread or WhatsApp chat, within the join window), as the post
   * id → { case id, the matched post's time }. One round trip.
   */
  async findJoinableCases(
    m: EntityManager,
    posts: Array<Pick<Post, 'id' | 'accountId' | 'authorId' | 'platform' | 'rootExternalId' | 'parentExternalId' | 'postedAt'>>,
    hours: number,
    open: CaseStatus[],
  ): Promise<Map<string, { caseId: string; postedAt: Date }>> {
    if (!posts.length) return new Map();
    const rows = await m.query<Array<{ post_id: string; case_id: string; posted_at: Date }>>(
      `SELECT q.post_id, j.case_id, j.posted_at
       FROM unnest($1::bigint[], $2::uuid[], $3::text[], $4::text[], $5::text[], $6::text[], $7::timestamptz[])
            AS q(post_id, account_id, author_id, platform, root, parent, since)
       CROSS JOIN LATERAL (
         SELECT p.case_id, p.posted_at FROM posts p JOIN cases c ON c.id = p.case_id
         WHERE p.account_id = q.account_id AND p.author_id = q.author_id AND p.id <> q.post_id
           AND c.status = ANY($8::case_status[]) AND p.posted_at >= q.since
           AND (q.platform = 'whatsapp' OR p.root_external_id = q.root OR p.external_id = q.parent OR p.external_id = q.root)
         ORDER BY p.posted_at DESC LIMIT 1) j`,
      [
        posts.map((p) => p.id),
        posts.map((p) => p.accountId),
        posts.map((p) => p.authorId),
        posts.map((p) => p.platform),
        posts.map((p) => p.rootExternalId),
        posts.map((p) => p.parentExternalId),
        posts.map((p) => new Date(p.postedAt.getTime() - hours * 3_600_000)),
        open,
      ],
    );
    return new Map(rows.map((r) => [String(r.post_id), { caseId: String(r.case_id), postedAt: new Date(r.posted_at) }]));
  }

  /** The cases with these ids, locked for the caller's transaction. */
  findForUpdate(m: EntityManager, ids: string[]): Promise<Case[]> {
    if (!ids.length) return Promise.resolve([]);
    return this.repo(m).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = ANY(:ids)', { ids }).getMany();
  }

  async addEvents(m: EntityManager, events: Array<Partial<CaseEvent>>): Promise<void> {
    if (events.length) await m.getRepository(CaseEvent).insert(events as QueryDeepPartialEntity<CaseEvent>[]);
  }

  /** Gives each post its case and marks it processed, in one statement. */
  async assignPosts(m: EntityManager, pairs: Array<{ postId: string; caseId: string }>): Promise<void> {
    if (!pairs.length) return;
    await m.query(
      `UPDATE posts SET case_id = v.case_id, processing_state = 'processed'
       FROM unnest($1::bigint[], $2::bigint[]) AS v(post_id, case_id) WHERE posts.id = v.post_id`,
      [pairs.map((p) => p.postId), pairs.map((p) => p.caseId)],
    );
  }

  save(m: EntityManager, c: Case): Promise<Case> {
    return this.repo(m).save(c);
  }

  applyFilter(q: SelectQueryBuilder<Case>, f: CaseFilter): SelectQueryBuilder<Case> {
    // Both sides of the OR have an index (ix_cases_opd_status, ix_cases_collaborators): a BitmapOr.
    if (f.scopeOpds) q.andWhere('(c.opd_code = ANY(:scope) OR c.collaborator_opd_codes && :scope::text[])', { scope: f.scopeOpds });
    if (f.opd?.length) q.andWhere('c.opd_code = ANY(:opd)', { opd: f.opd });
    if (f.intent?.length) q.andWhere('c.intent = ANY(:intent)', { intent: f.intent });
    if (f.status?.length) q.andWhere('c.status = ANY(:status)', { status: f.status });
    if (f.platform?.length) q.andWhere('p.platform = ANY(:platform)', { platform: f.platform });
    if (f.sentiment?.length) q.andWhere('c.sentiment = ANY(:sentiment)', { sentiment: f.sentiment });
    if (f.from) q.andWhere('c.created_at >= :from', { from: f.from });
    if (f.to) q.andWhere('c.created_at < :to', { to: f.to });
    if (f.overdue) q.andWhere(`c.sla_state = 'overdue'`);
    const search = f.q ? searchClause(f.q, f) : null;
    if (search) q.andWhere(search.where, search.params);
    return q;
  }

  /**
   * How many cases match the filter (the list's `total`), counted up to `cap`: past it the answer
   * is `cap` and `exact` false ("lebih dari 10.000"). An exact count walks every match, which at a
   * million cases costs seconds on every page of an unfiltered inbox; the cap keeps it flat.
   */
  async count(f: CaseFilter, cap = COUNT_CAP): Promise<{ total: number; exact: boolean }> {
    const search = f.q ? searchClause(f.q, f) : null;
    const q = this.repo().createQueryBuilder('c').innerJoin('c.post', 'p');
    // A search and nothing else: count among its newest cap+1 matches, which is the same answer.
    if (search && onlySearch(f)) this.applyFilter(q, { ...f, q: undefined }).andWhere(search.newest(cap + 1), search.params);
    else this.applyFilter(q, f);
    const [sql, params] = q.select('1').limit(cap + 1).getQueryAndParameters();
    const [row] = await this.ds.query<Array<{ n: string }>>(`SELECT count(*) AS n FROM (${sql}) AS matches`, params);
    const n = Number(row.n);
    return n > cap ? { total: cap, exact: false } : { total: n, exact: true };
  }

  /** Keyset-paginated (stable while new cases arrive), newest first by default; a search by relevance. */
  async list(f: CaseFilter, limit: number, cursor?: string, sort: CaseSort = 'newest'): Promise<CasePage> {
    let after = cursor ? decodeCursor(cursor) : null;
    // A cursor from another sort order starts over rather than reaching SQL as a bad value.
    if (after?.[0] != null && (sort === 'relevance' ? !/^\d{1,3}(\.\d{1,6})?$/.test(after[0]) : Number.isNaN(Date.parse(after[0])))) after = null;
    const search = f.q ? searchClause(f.q, f) : null;
    if (sort === 'relevance' && search) return this.listByRelevance(f, search, limit, after);
    if (sort === 'deadline') return this.listByDeadline(f, limit, after);
    const q = this.base(f);
    q.orderBy('c.id', sort === 'oldest' ? 'ASC' : 'DESC');
    if (after) q.andWhere(sort === 'oldest' ? 'c.id > :aid' : 'c.id < :aid', { aid: after[1] });
    return this.page(await q.limit(limit + 1).getMany(), limit, () => null);
  }

  private base(f: CaseFilter): SelectQueryBuilder<Case> {
    return this.applyFilter(this.repo().createQueryBuilder('c').innerJoinAndSelect('c.post', 'p').leftJoinAndSelect('c.opd', 'o'), f);
  }

  private page(items: Case[], limit: number, key: (last: Case) => string | null): CasePage {
    const more = items.length > limit;
    if (more) items.pop();
    const last = items[items.length - 1];
    return { items, nextCursor: more ? encodeCursor(key(last), last.id) : null };
  }

  /**
   * Soonest deadline first, cases without one last, in two index walks: (due_at, id) over
   * ix_cases_due, then the rest newest-id order. One ORDER BY due_at NULLS LAST cannot use the
   * partial index and sorts every case.
   */
  private async listByDeadline(f: CaseFilter, limit: number, after: [string | null, string] | null): Promise<CasePage> {
    const items: Case[] = [];
    // The cursor keeps the deadline to the microsecond: a JS Date would cut it to milliseconds and
    // repeat the row it ended on.
    const dues = new Map<string, string>();
    if (!after || after[0] !== null) {
      const q = this.base(f)
        .addSelect(`to_char(c.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.US"Z"')`, DUE)
        .andWhere('c.due_at IS NOT NULL')
        .orderBy('c.due_at', 'ASC')
        .addOrderBy('c.id', 'ASC');
      if (after) q.andWhere('(c.due_at, c.id) > (:adue::timestamptz, :aid::bigint)', { adue: after[0], aid: after[1] });
      const { entities, raw } = await q.limit(limit + 1).getRawAndEntities<Record<string, string>>();
      for (const r of raw) dues.set(String(r.c_id), r[DUE]);
      items.push(...entities);
    }
    if (items.length <= limit) {
      const q = this.base(f).andWhere('c.due_at IS NULL').orderBy('c.id', 'ASC');
      if (after?.[0] === null) q.andWhere('c.id > :aid', { aid: after[1] });
      items.push(...(await q.limit(limit + 1 - items.length).getMany()));
    }
    return this.page(items, limit, (last) => dues.get(last.id) ?? null);
  }

  /** Best match first (see case-search.ts), then newest; the cursor carries the rank. */
  private async listByRelevance(f: CaseFilter, search: SearchClause, limit: number, after: [string | null, string] | null): Promise<CasePage> {
    // A search and nothing else is ranked among its newest RANKED_MATCHES matches (see
    // SearchClause.newest); with other filters every match is ranked, so none is lost to them.
    const rank = search.rank;
    const q = this.base({ ...f, q: undefined })
      .andWhere(onlySearch(f) ? search.newest(RANKED_MATCHES) : search.where, search.params)
      .addSelect(rank, RANK)
      .orderBy(RANK, 'DESC')
      .addOrderBy('c.id', 'DESC');
    if (after) q.andWhere(`(${rank} < :arank OR (${rank} = :arank AND c.id < :aid))`, { arank: after[0] ?? '0', aid: after[1] });
    const { entities, raw } = await q.limit(limit + 1).getRawAndEntities<Record<string, string>>();
    const ranks = new Map(raw.map((r) => [String(r.c_id), String(r[RANK])]));
    return this.page(entities, limit, (last) => ranks.get(last.id) ?? '0');
  }

  /**
   * Every case matching a filter as flat rows for the CSV export, oldest first, in keyset batches:
   * only the exported columns, dates already formatted in `timeZone` by PostgreSQL, no entity
   * hydration (which cost more than the rest of the export).
   */
  async *iterateExportRows(f: CaseFilter, timeZone: string, batch = 1000): AsyncGenerator<ExportRow[]> {
    const local = (col: string) => `to_char(${col} AT TIME ZONE :tz, 'YYYY-MM-DD HH24:MI:SS')`;
    let after = '0';
    for (;;) {
      const q = this.repo().createQueryBuilder('c').innerJoin('c.post', 'p').leftJoin('c.opd', 'o');
      this.applyFilter(q, f);
      const rows = await q
        .select('c.id', 'id')
        .addSelect('c.tracking_number', 'trackingNumber')
        .addSelect(local('c.created_at'), 'createdAt')
        .addSelect(local('p.posted_at'), 'postedAt')
        .addSelect(local('c.due_at'), 'dueAt')
        .addSelect(local('c.first_response_at'), 'firstResponseAt')
        .addSelect(local('c.closed_at'), 'closedAt')
        .addSelect(['c.intent AS intent', 'c.sentiment AS sentiment', 'c.topic AS topic', 'c.opd_code AS "opdCode"', 'o.name AS "opdName"', 'c.status AS status'])
        .addSelect(['c.status_reason AS "statusReason"', 'c.location_kecamatan AS "kecamatan"', 'c.location_desa AS desa', 'c.sla_state AS "slaState"'])
        .addSelect(['p.platform AS platform', 'p.kind AS kind', 'p.author_username AS "authorUsername"', 'p.author_name AS "authorName"', 'p.text AS text', 'p.permalink AS permalink'])
        .andWhere('c.id > :after', { after })
        .setParameter('tz', timeZone)
        .orderBy('c.id', 'ASC')
        .limit(batch)
        .getRawMany<ExportRow>();
      if (rows.length) yield rows;
      if (rows.length < batch) return;
      after = String(rows[rows.length - 1].id);
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
