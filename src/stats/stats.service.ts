import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import type { OpdPerformance } from '../contracts/stats.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { INTENTS } from '../cases/case.types.js';
import { SlaPolicy } from '../sla/sla-policy.js';
import { addDays, localDate, startOfLocalDay } from '../sla/working-calendar.js';

type Counts = Record<string, number>;

export type { OpdPerformance } from '../contracts/stats.js';

const toCounts = (rows: Array<{ k: string | null; n: number }>): Counts =>
  Object.fromEntries(rows.filter((r) => r.k !== null).map((r) => [r.k as string, Number(r.n)]));

/**
 * Figures for the dashboard and the weekly summary, in the regency's time zone. A scope limits
 * them to some OPDs (OPD staff); the Sekda and Diskominfo see everything.
 */
@Injectable()
export class StatsService {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly sla: SlaPolicy,
  ) {}

  private get tz(): string {
    return this.config.timezone;
  }

  private scopeSql(scope: string[] | undefined, params: unknown[]): string {
    if (!scope) return '';
    params.push(scope);
    return ` AND (c.opd_code = ANY($${params.length}) OR c.collaborator_opd_codes && $${params.length}::text[])`;
  }

  private async group(col: string, from: Date, to: Date, scope?: string[]): Promise<Counts> {
    const params: unknown[] = [from, to];
    const rows = await this.ds.query<Array<{ k: string | null; n: number }>>(
      `SELECT ${col} AS k, count(*)::int AS n FROM cases c JOIN posts p ON p.id = c.post_id
       WHERE c.created_at >= $1 AND c.created_at < $2${this.scopeSql(scope, params)} GROUP BY 1`,
      params,
    );
    return toCounts(rows);
  }

  /** Volume by intent, platform, OPD and sentiment for [from, to). */
  async volume(from: Date, to: Date, scope?: string[]) {
    const [byIntent, byPlatform, byOpd, bySentiment] = await Promise.all([
      this.group('c.intent::text', from, to, scope),
      this.group('p.platform::text', from, to, scope),
      this.group('c.opd_code', from, to, scope),
      this.group('c.sentiment::text', from, to, scope),
    ]);
    return { total: Object.values(byIntent).reduce((a, b) => a + b, 0), byIntent, byPlatform, byOpd, bySentiment };
  }

  async today(scope?: string[]) {
    const date = localDate(this.clock.now(), this.tz);
    const from = startOfLocalDay(date, this.tz);
    const to = startOfLocalDay(addDays(date, 1), this.tz);
    const params: unknown[] = [];
    const [triage] = await this.ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM cases c WHERE c.status = 'perlu_ditinjau'${this.scopeSql(scope, params)}`, params);
    return { date, ...(await this.volume(from, to, scope)), triage: triage.n };
  }

  /** Per local day: counts by intent and by sentiment. */
  async trends(days: number, scope?: string[]) {
    const today = localDate(this.clock.now(), this.tz);
    const firstDay = addDays(today, -(days - 1));
    const from = startOfLocalDay(firstDay, this.tz);
    const params: unknown[] = [from, this.tz];
    const rows = await this.ds.query<Array<{ d: string; intent: string; sentiment: string; n: number }>>(
      // Grouped on the truncated timestamp and the enums themselves (cheap), formatted afterwards.
      `SELECT to_char(g.d, 'YYYY-MM-DD') AS d, g.intent::text AS intent, g.sentiment::text AS sentiment, g.n FROM (
         SELECT date_trunc('day', c.created_at AT TIME ZONE $2) AS d, c.intent, c.sentiment, count(*)::int AS n
         FROM cases c WHERE c.created_at >= $1${this.scopeSql(scope, params)} GROUP BY 1, 2, 3) g`,
      params,
    );
    const out: Array<{ date: string; byIntent: Counts; bySentiment: Counts }> = [];
    for (let i = 0; i < days; i++) {
      const date = addDays(firstDay, i);
      const byIntent: Counts = {};
      const bySentiment: Counts = {};
      for (const r of rows.filter((x) => x.d === date)) {
        byIntent[r.intent] = (byIntent[r.intent] ?? 0) + r.n;
        bySentiment[r.sentiment] = (bySentiment[r.sentiment] ?? 0) + r.n;
      }
      out.push({ date, byIntent, bySentiment });
    }
    return { days: out };
  }

  /**
   * Per OPD for cases routed to it in [from, to): received, answered (a first follow-up), median
   * first-response time, share whose first follow-up came within the service level (counted in
   * working days), and the open backlog and overdue count now.
   */
  /**
   * Per OPD over cases dispositioned in [from, to). Aggregated in PostgreSQL: a case's follow-up
   * deadline depends only on its local disposition day and intent, so the deadlines of the window's
   * days are computed here once (working calendar, holidays) and joined, not per row.
   */
  async opdPerformance(from: Date, to: Date, scope?: string[]): Promise<OpdPerformance[]> {
    const days: string[] = [];
    for (let d = localDate(from, this.tz), last = localDate(new Date(to.getTime() - 1), this.tz); d <= last; d = addDays(d, 1)) days.push(d);
    const dues = days.flatMap((day) =>
      INTENTS.map((intent) => ({ day, intent, due: this.sla.calendar.addWorkingDays(startOfLocalDay(day, this.tz), this.config.sla.followUpWorkingDays[intent] ?? 5) })),
    );
    const params: unknown[] = [from, to, dues.map((d) => d.day), dues.map((d) => d.intent), dues.map((d) => d.due), this.tz, this.clock.now()];
    const rows = await this.ds.query<Array<{ opd_code: string; received: number; answered: number; median_h: number | null; judged: number; within: number }>>(
      `SELECT c.opd_code, count(*)::int AS received, count(c.first_response_at)::int AS answered,
              percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM c.first_response_at - c.dispositioned_at) / 3600)
                FILTER (WHERE c.first_response_at IS NOT NULL) AS median_h,
              count(*) FILTER (WHERE c.first_response_at IS NOT NULL OR $7 > d.due)::int AS judged,
              count(*) FILTER (WHERE c.first_response_at IS NOT NULL AND c.first_response_at <= d.due)::int AS within
       FROM cases c
       JOIN unnest($3::date[], $4::intent[], $5::timestamptz[]) AS d(day, intent, due)
         ON d.day = (c.dispositioned_at AT TIME ZONE $6)::date AND d.intent = c.intent
       WHERE c.opd_code IS NOT NULL AND c.dispositioned_at >= $1 AND c.dispositioned_at < $2${this.scopeSql(scope, params)}
       GROUP BY c.opd_code`,
      params,
    );
    const openParams: unknown[] = [];
    const open = await this.ds.query<Array<{ opd_code: string; backlog: number; overdue: number }>>(
      `SELECT c.opd_code, count(*)::int AS backlog, count(*) FILTER (WHERE c.sla_state = 'overdue')::int AS overdue FROM cases c
       WHERE c.status IN ('didisposisikan', 'diproses', 'menunggu_validasi') AND c.opd_code IS NOT NULL${this.scopeSql(scope, openParams)} GROUP BY 1`,
      openParams,
    );
    const ratingParams: unknown[] = [from, to];
    if (scope) ratingParams.push(scope);
    const rated = await this.ds.query<Array<{ opd_code: string; n: number; avg: number; resolved: number }>>(
      `SELECT r.opd_code, count(*)::int AS n, avg(r.score)::float AS avg, avg(r.resolved::int)::float AS resolved FROM case_ratings r
       WHERE r.opd_code IS NOT NULL AND r.created_at >= $1 AND r.created_at < $2${scope ? ' AND r.opd_code = ANY($3)' : ''} GROUP BY 1`,
      ratingParams,
    );
    const opds = await this.ds.query<Array<{ code: string; name: string }>>(`SELECT code, name FROM opds ORDER BY code`);
    const byOpd = new Map(rows.map((r) => [r.opd_code, r]));
    const openByOpd = new Map(open.map((r) => [r.opd_code, r]));
    const ratedByOpd = new Map(rated.map((r) => [r.opd_code, r]));
    return opds
      .filter((o) => !scope || scope.includes(o.code))
      .map((o) => {
        const r = byOpd.get(o.code);
        const o2 = openByOpd.get(o.code);
        const r2 = ratedByOpd.get(o.code);
        const med = r?.median_h ?? null;
        return {
          opdCode: o.code,
          opdName: o.name,
          received: r?.received ?? 0,
          answered: r?.answered ?? 0,
          medianFirstResponseHours: med === null ? null : Math.round(Number(med) * 10) / 10,
          withinSlaShare: r?.judged ? Math.round((r.within / r.judged) * 1000) / 1000 : null,
          backlog: o2?.backlog ?? 0,
          overdue: o2?.overdue ?? 0,
          ratings: r2?.n ?? 0,
          avgRating: r2 ? Math.round(r2.avg * 100) / 100 : null,
          resolvedShare: r2 ? Math.round(r2.resolved * 1000) / 1000 : null,
        };
      });
  }

  async topics(from: Date, to: Date, limit = 10, scope?: string[]) {
    const params: unknown[] = [from, to];
    const rows = await this.ds.query<Array<{ topic: string; n: number }>>(
      `SELECT c.topic, count(*)::int AS n FROM cases c WHERE c.topic IS NOT NULL AND c.intent <> 'other' AND c.created_at >= $1 AND c.created_at < $2${this.scopeSql(scope, params)}
       GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ${Math.max(1, Math.min(100, limit))}`,
      params,
    );
    return rows.map((r) => ({ topic: r.topic, count: r.n }));
  }

  /** The local day window ending today, `days` long. */
  lastDays(days: number): { from: Date; to: Date } {
    const today = localDate(this.clock.now(), this.tz);
    return { from: startOfLocalDay(addDays(today, -(days - 1)), this.tz), to: startOfLocalDay(addDays(today, 1), this.tz) };
  }
}
