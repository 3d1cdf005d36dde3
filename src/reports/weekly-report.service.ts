import { Inject, Injectable, Logger } from '@nestjs/common';
import { INTENTS } from '../cases/case.types.js';
import { Clock } from '../common/clock.js';
import { maskPii } from '../common/pii.js';
import { PLATFORMS } from '../common/platform.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { addDays, startOfLocalDay } from '../sla/working-calendar.js';
import { StatsService } from '../stats/stats.service.js';
import { shiftWeek, weekBounds, type WeekBounds } from './iso-week.js';
import { INTENT_LABEL, PLATFORM_LABEL, UNROUTED_LABEL, zoneName } from './report-labels.js';
import { ReportQueriesRepository, type SentimentCount } from './report-queries.repository.js';
import { byCodePoint, checkTrend, EMERGING_RULE } from './trend-rules.js';
import { WeeklyReportRepository } from './weekly-report.repository.js';
import type {
  DailyRow,
  EmergingRow,
  WeekFigures,
  SentimentRow,
  TopicRow,
  VolumeRow,
  WeeklyReportListItem,
  WeeklySummary,
} from './weekly-report.types.js';

const TOP_TOPICS = 10;
const SAMPLE_TOPICS = 5;
const SAMPLES_PER_TOPIC = 3;
const SAMPLE_CHARS = 280;

type Tally = { positive: number; neutral: number; negative: number };
const round3 = (x: number): number => Math.round(x * 1000) / 1000;
const totalOf = (t: Tally): number => t.positive + t.neutral + t.negative;
/** Net sentiment (positive − negative) / total, unrounded; null without cases. */
const rawNet = (t: Tally | undefined): number | null =>
  t && totalOf(t) ? (t.positive - t.negative) / totalOf(t) : null;
const r3 = (x: number | null): number | null => (x === null ? null : round3(x));
const diff = (a: number | null, b: number | null): number | null =>
  a === null || b === null ? null : round3(a - b);

function tally(rows: SentimentCount[]): Map<string, Tally> {
  const out = new Map<string, Tally>();
  for (const r of rows) {
    const t = out.get(r.key) ?? { positive: 0, neutral: 0, negative: 0 };
    t[r.sentiment] += Number(r.n);
    out.set(r.key, t);
  }
  return out;
}

function sampleText(text: string): string {
  const t = maskPii(text).replace(/\s+/g, ' ').trim();
  return t.length > SAMPLE_CHARS ? `${t.slice(0, SAMPLE_CHARS - 1)}…` : t;
}

/** A summary stored before the week-over-week figures and the daily trend existed, in today's shape. */
function withCurrentFields(s: WeeklySummary): WeeklySummary {
  const stored = s as Partial<WeeklySummary> & Omit<WeeklySummary, 'zoneName' | 'partial' | 'figures' | 'previousWeek' | 'daily'>;
  return {
    ...stored,
    zoneName: stored.zoneName ?? zoneName(s.timezone),
    partial: stored.partial ?? new Date(s.generatedAt).getTime() <= new Date(s.to).getTime(),
    figures: stored.figures ?? {
      total: s.total,
      complaints: s.complaints,
      negative: s.negative,
      netSentiment: s.netSentiment,
      received: s.opd.reduce((a, r) => a + r.received, 0),
      answered: s.opd.reduce((a, r) => a + r.answered, 0),
    },
    previousWeek: stored.previousWeek ?? null,
    daily: stored.daily ?? [],
  };
}

/**
 * Computes the summary of one ISO week (Monday 00:00 to Sunday 24:00 in the regency's time zone)
 * and stores it. Cases count in the week they were opened. Everything is ordered with explicit
 * tie-breaks, so the same data always gives the same summary.
 */
@Injectable()
export class WeeklyReportService {
  private readonly logger = new Logger(WeeklyReportService.name);

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly queries: ReportQueriesRepository,
    private readonly reports: WeeklyReportRepository,
    private readonly stats: StatsService,
  ) {}

  private readonly generating = new Map<string, Promise<WeeklySummary>>();

  /**
   * Computes and upserts the week's summary (idempotent), e.g. on demand from the API while the
   * service runs: calls for the same week in this instance share one computation, and the upsert
   * makes concurrent instances harmless (the last computation wins, all from the same data).
   */
  generate(week: string): Promise<WeeklySummary> {
    let run = this.generating.get(week);
    if (!run) {
      run = this.generateOnce(week).finally(() => this.generating.delete(week));
      this.generating.set(week, run);
    }
    return run;
  }

  /** Whether the week has begun in the regency's time zone (a future week has nothing to sum). */
  hasStarted(week: string): boolean {
    return weekBounds(week, this.config.timezone).from.getTime() <= this.clock.now().getTime();
  }

  private async generateOnce(week: string): Promise<WeeklySummary> {
    const started = Date.now();
    const b = weekBounds(week, this.config.timezone);
    const summary = await this.compute(b);
    await this.reports.save(b.from, b.to, summary);
    this.logger.log({
      stage: 'weekly_report',
      week,
      total: summary.total,
      complaints: summary.complaints,
      ms: Date.now() - started,
    });
    return summary;
  }

  async get(week: string): Promise<WeeklySummary | null> {
    const data = (await this.reports.find(week))?.data;
    return data ? withCurrentFields(data) : null;
  }

  async list(): Promise<WeeklyReportListItem[]> {
    return (await this.reports.list()).map((r) => ({
      week: r.week,
      from: r.from.toISOString(),
      to: new Date(r.to.getTime() - 1).toISOString(),
      generatedAt: r.generatedAt.toISOString(),
    }));
  }

  async compute(b: WeekBounds): Promise<WeeklySummary> {
    const now = this.clock.now();
    const tz = this.config.timezone;
    const prev = weekBounds(shiftWeek(b.week, -1), tz);
    const fourFrom = weekBounds(shiftWeek(b.week, -4), tz).from;
    const [vol, prevVol, fourVol, names, topTopics, perf, kecamatan, sentiment, emerging, prevPerf, dailyRows] = await Promise.all(
      [
        this.stats.volume(b.from, b.to),
        this.stats.volume(prev.from, prev.to),
        this.stats.volume(fourFrom, b.from),
        this.queries.opdNames(),
        this.stats.topics(b.from, b.to, TOP_TOPICS),
        this.stats.opdPerformance(b.from, b.to),
        this.queries.complaintsByKecamatan(b.from, b.to),
        Promise.all((['opd', 'topic'] as const).map((scope) => this.sentimentRows(scope, b, prev, fourFrom))),
        this.emerging(b),
        this.stats.opdPerformance(prev.from, prev.to),
        this.queries.daily(b.from, b.to, tz),
      ],
    );
    const bySentiment = (v: { bySentiment: Record<string, number> }): Tally => ({
      positive: v.bySentiment.positive ?? 0,
      neutral: v.bySentiment.neutral ?? 0,
      negative: v.bySentiment.negative ?? 0,
    });
    const net = rawNet(bySentiment(vol));
    const netPrev = rawNet(bySentiment(prevVol));

    const volume: VolumeRow[] = [
      ...INTENTS.map((k) => ({
        dimension: 'intent' as const,
        key: k,
        label: INTENT_LABEL[k],
        count: vol.byIntent[k] ?? 0,
      })),
      ...PLATFORMS.map((k) => ({
        dimension: 'platform' as const,
        key: k,
        label: PLATFORM_LABEL[k],
        count: vol.byPlatform[k] ?? 0,
      })),
      ...Object.entries(vol.byOpd)
        .sort(([a, x], [c, y]) => y - x || byCodePoint(a, c))
        .map(([k, n]) => ({ dimension: 'opd' as const, key: k, label: names.get(k) ?? k, count: n })),
    ];
    const unrouted = vol.total - Object.values(vol.byOpd).reduce((a, n) => a + n, 0);
    if (unrouted > 0)
      volume.push({ dimension: 'opd', key: 'tanpa_opd', label: UNROUTED_LABEL, count: unrouted });

    const samples = await this.queries.samples(
      topTopics.slice(0, SAMPLE_TOPICS).map((t) => t.topic),
      b.from,
      b.to,
      SAMPLES_PER_TOPIC,
    );
    const topics: TopicRow[] = topTopics.map((t, i) => ({
      rank: i + 1,
      topic: t.topic,
      count: t.count,
      share: vol.total ? round3(t.count / vol.total) : 0,
      samples: samples
        .filter((s) => s.topic === t.topic)
        .map((s) => ({
          trackingNumber: s.tracking_number,
          platform: s.platform,
          postedAt: new Date(s.posted_at).toISOString(),
          intent: s.intent,
          sentiment: s.sentiment,
          text: sampleText(s.text),
        })),
    }));
    const active = new Set(Object.keys(vol.byOpd));
    const opd = perf
      .filter((r) => r.received > 0 || r.backlog > 0 || active.has(r.opdCode))
      .sort((x, y) => y.received - x.received || byCodePoint(x.opdCode, y.opdCode));
    const locations = kecamatan
      .map((r) => ({ kecamatan: r.kecamatan, complaints: Number(r.n) }))
      .sort((x, y) => y.complaints - x.complaints || byCodePoint(x.kecamatan, y.kecamatan));
    const t = bySentiment(vol);
    const figures = (v: typeof vol, p: typeof perf, n: number | null): WeekFigures => ({
      total: v.total,
      complaints: v.byIntent.complaint ?? 0,
      negative: v.bySentiment.negative ?? 0,
      netSentiment: r3(n),
      received: p.reduce((a, r) => a + r.received, 0),
      answered: p.reduce((a, r) => a + r.answered, 0),
    });
    const daily: DailyRow[] = Array.from({ length: 7 }, (_, i) => {
      const date = addDays(b.firstDay, i);
      const r = dailyRows.find((x) => x.d === date);
      return { date, total: r?.total ?? 0, complaints: r?.complaints ?? 0, negative: r?.negative ?? 0 };
    });

    return {
      week: b.week,
      region: this.config.region.name,
      timezone: tz,
      from: b.from.toISOString(),
      to: new Date(b.to.getTime() - 1).toISOString(),
      firstDay: b.firstDay,
      lastDay: b.lastDay,
      generatedAt: now.toISOString(),
      total: vol.total,
      complaints: vol.byIntent.complaint ?? 0,
      ...t,
      netSentiment: r3(net),
      netSentimentPrevWeek: r3(netPrev),
      netSentimentChange: diff(net, netPrev),
      netSentiment4WeekAvg: r3(rawNet(bySentiment(fourVol))),
      topKecamatan: locations[0]?.kecamatan ?? null,
      topKecamatanComplaints: locations[0]?.complaints ?? 0,
      backlogAsOf: now.toISOString(),
      volume,
      sentiment: sentiment.flat(),
      topics,
      opd,
      locations,
      emerging,
      zoneName: zoneName(tz),
      partial: now.getTime() < b.to.getTime(),
      figures: figures(vol, perf, net),
      previousWeek: figures(prevVol, prevPerf, netPrev),
      daily,
    };
  }

  /** Net sentiment per OPD or topic this week, against last week and the pooled 4 weeks before. */
  private async sentimentRows(
    scope: 'opd' | 'topic',
    b: WeekBounds,
    prev: WeekBounds,
    fourFrom: Date,
  ): Promise<SentimentRow[]> {
    const [cur, last, four, names] = await Promise.all([
      this.queries.sentimentBy(scope, b.from, b.to).then(tally),
      this.queries.sentimentBy(scope, prev.from, prev.to).then(tally),
      this.queries.sentimentBy(scope, fourFrom, b.from).then(tally),
      scope === 'opd' ? this.queries.opdNames() : Promise.resolve(new Map<string, string>()),
    ]);
    return [...cur.entries()]
      .sort(([a, x], [c, y]) => totalOf(y) - totalOf(x) || byCodePoint(a, c))
      .map(([key, t]) => {
        const net = rawNet(t);
        const netPrev = rawNet(last.get(key));
        return {
          scope,
          key,
          label: names.get(key) ?? key,
          total: totalOf(t),
          ...t,
          net: r3(net)!,
          netPrevWeek: r3(netPrev),
          netChange: diff(net, netPrev),
          net4WeekAvg: r3(rawNet(four.get(key))),
        };
      });
  }

  /** Topics whose count on some day of the week rose past their trailing 28-day baseline (trend-rules.ts). */
  private async emerging(b: WeekBounds): Promise<EmergingRow[]> {
    const tz = this.config.timezone;
    const since = startOfLocalDay(addDays(b.firstDay, -EMERGING_RULE.baselineWindows), tz);
    const daily = new Map<string, Map<string, number>>();
    for (const r of await this.queries.topicDaily(since, b.to, tz)) {
      if (!daily.has(r.topic)) daily.set(r.topic, new Map());
      daily.get(r.topic)!.set(r.d, Number(r.n));
    }
    const days = Array.from({ length: 7 }, (_, i) => addDays(b.firstDay, i));
    const rows: Array<EmergingRow & { excess: number }> = [];
    for (const [topic, counts] of daily) {
      const hits = days
        .map((date) => {
          const baseline = Array.from(
            { length: EMERGING_RULE.baselineWindows },
            (_, i) => counts.get(addDays(date, i - EMERGING_RULE.baselineWindows)) ?? 0,
          );
          return { date, ...checkTrend(counts.get(date) ?? 0, baseline, EMERGING_RULE) };
        })
        .filter((c) => c.hit);
      if (!hits.length) continue;
      const peak = hits.reduce((best, c) => (c.count - c.threshold > best.count - best.threshold ? c : best));
      rows.push({
        topic,
        date: peak.date,
        count: peak.count,
        baselineMean: peak.mean,
        baselineSd: peak.sd,
        threshold: peak.threshold,
        daysOver: hits.length,
        excess: peak.count - peak.threshold,
      });
    }
    return rows
      .sort((x, y) => y.excess - x.excess || byCodePoint(x.topic, y.topic))
      .map(({ excess: _e, ...r }) => r);
  }
}
