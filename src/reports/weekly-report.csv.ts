import { stringify } from 'csv-stringify/sync';
import type { ReportTable, WeeklySummary } from './weekly-report.types.js';

// CSV of one table of a stored summary: the same numbers as the JSON, one row per item, a UTF-8
// BOM so spreadsheet programs read Indonesian names correctly. Column names follow the JSON keys.
// The topics table leaves the example posts out (they are text, not figures).

type Cell = string | number | null;

function table(s: WeeklySummary, name: ReportTable): { columns: string[]; rows: Cell[][] } {
  switch (name) {
    case 'volume':
      return {
        columns: ['week', 'dimension', 'key', 'label', 'count'],
        rows: s.volume.map((r) => [s.week, r.dimension, r.key, r.label, r.count]),
      };
    case 'sentiment':
      return {
        columns: [
          'week',
          'scope',
          'key',
          'label',
          'total',
          'positive',
          'neutral',
          'negative',
          'net',
          'net_prev_week',
          'net_change',
          'net_4_week_avg',
        ],
        rows: s.sentiment.map((r) => [
          s.week,
          r.scope,
          r.key,
          r.label,
          r.total,
          r.positive,
          r.neutral,
          r.negative,
          r.net,
          r.netPrevWeek,
          r.netChange,
          r.net4WeekAvg,
        ]),
      };
    case 'topics':
      return {
        columns: ['week', 'rank', 'topic', 'count', 'share'],
        rows: s.topics.map((r) => [s.week, r.rank, r.topic, r.count, r.share]),
      };
    case 'opd':
      return {
        columns: [
          'week',
          'opd_code',
          'opd_name',
          'received',
          'answered',
          'median_first_response_hours',
          'within_sla_share',
          'backlog',
          'overdue',
          'backlog_as_of',
          'ratings',
          'avg_rating',
          'resolved_share',
        ],
        rows: s.opd.map((r) => [
          s.week,
          r.opdCode,
          r.opdName,
          r.received,
          r.answered,
          r.medianFirstResponseHours,
          r.withinSlaShare,
          r.backlog,
          r.overdue,
          s.backlogAsOf,
          // Citizens' ratings (issue 15); summaries stored before ratings existed have none.
          r.ratings ?? null,
          r.avgRating ?? null,
          r.resolvedShare ?? null,
        ]),
      };
    case 'locations':
      return {
        columns: ['week', 'kecamatan', 'complaints'],
        rows: s.locations.map((r) => [s.week, r.kecamatan, r.complaints]),
      };
    case 'emerging':
      return {
        columns: ['week', 'topic', 'date', 'count', 'baseline_mean', 'baseline_sd', 'threshold', 'days_over'],
        rows: s.emerging.map((r) => [
          s.week,
          r.topic,
          r.date,
          r.count,
          r.baselineMean,
          r.baselineSd,
          r.threshold,
          r.daysOver,
        ]),
      };
  }
}

// A cell starting with = + - @ would run as a formula in a spreadsheet; topics and names are data.
const defuse = (v: Cell): Cell => (typeof v === 'string' && /^[=+\-@\t\r]/.test(v) ? `'${v}` : v);

export function weeklyReportCsv(s: WeeklySummary, name: ReportTable): string {
  const { columns, rows } = table(s, name);
  return stringify(
    rows.map((r) => r.map(defuse)),
    { header: true, columns, bom: true, cast: { number: (n) => String(n) } },
  );
}
