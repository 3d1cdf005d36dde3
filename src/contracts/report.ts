import type { OpdPerformance } from './stats.js';

// The stored and served shape of a weekly summary (GET /api/reports/weekly/:week). Every top-level
// array is one of the CSV tables (`GET /api/reports/weekly/:week.csv?table=<name>`).

export type ReportTable = 'volume' | 'sentiment' | 'topics' | 'opd' | 'locations' | 'emerging';

export interface VolumeRow {
  dimension: 'intent' | 'platform' | 'opd';
  key: string;
  label: string;
  count: number;
}

export interface SentimentRow {
  scope: 'opd' | 'topic';
  key: string;
  label: string;
  total: number;
  positive: number;
  neutral: number;
  negative: number;
  /** (positive − negative) / total, 3 decimals. */
  net: number;
  netPrevWeek: number | null;
  /** net − netPrevWeek. */
  netChange: number | null;
  /** Pooled over the 4 weeks before this one: Σ(pos − neg) / Σ total. */
  net4WeekAvg: number | null;
}

/** A post shown as an example of a top issue: never WhatsApp (private), personal data masked, no author. */
export interface SamplePost {
  trackingNumber: string;
  platform: string;
  postedAt: string;
  intent: string;
  sentiment: string;
  text: string;
}

export interface TopicRow {
  rank: number;
  topic: string;
  count: number;
  /** Share of the week's cases, 3 decimals. */
  share: number;
  samples: SamplePost[];
}

export interface LocationRow {
  kecamatan: string;
  complaints: number;
}

export interface EmergingRow {
  topic: string;
  /** The local day on which the topic rose furthest above its threshold. */
  date: string;
  count: number;
  baselineMean: number;
  baselineSd: number;
  threshold: number;
  /** Days of the week on which it was over the threshold. */
  daysOver: number;
}

export type OpdRow = OpdPerformance;

/** A week's headline figures, compared week over week on the Sekda's page and in the PDF. */
export interface WeekFigures {
  /** Cases opened in the week. */
  total: number;
  complaints: number;
  negative: number;
  netSentiment: number | null;
  /** Cases dispositioned to an OPD in the week, and how many of those the OPD has followed up. */
  received: number;
  answered: number;
}

/** One local day of the week. */
export interface DailyRow {
  date: string;
  total: number;
  complaints: number;
  negative: number;
}

export interface WeeklySummary {
  week: string;
  region: string;
  timezone: string;
  /** First instant of the week (Monday 00:00 local), ISO UTC. */
  from: string;
  /** Last instant of the week (Sunday 23:59:59.999 local), ISO UTC. */
  to: string;
  firstDay: string;
  lastDay: string;
  generatedAt: string;
  total: number;
  complaints: number;
  positive: number;
  neutral: number;
  negative: number;
  netSentiment: number | null;
  netSentimentPrevWeek: number | null;
  netSentimentChange: number | null;
  netSentiment4WeekAvg: number | null;
  topKecamatan: string | null;
  topKecamatanComplaints: number;
  /** Backlog and overdue in the OPD table are counted at this instant, not at the end of the week. */
  backlogAsOf: string;
  volume: VolumeRow[];
  sentiment: SentimentRow[];
  topics: TopicRow[];
  opd: OpdRow[];
  locations: LocationRow[];
  emerging: EmergingRow[];
  /** Short name of the time zone for people, e.g. WITA. */
  zoneName: string;
  /** Generated before the week ended: this week so far. */
  partial: boolean;
  figures: WeekFigures;
  /** The ISO week before; null in summaries stored before week-over-week figures existed. */
  previousWeek: WeekFigures | null;
  /** Monday to Sunday (empty in summaries stored before the day-by-day trend existed). */
  daily: DailyRow[];
}

export interface WeeklyReportListItem {
  week: string;
  from: string;
  to: string;
  generatedAt: string;
}
