// The HTTP and socket contract as the browser sees it. Wire shapes come from the server's own
// contract (src/contracts), so a field the server does not send fails the web typecheck (part of
// `npm run build:web`). Only shapes the server does not declare there yet stay below.
import type { AlertView, HealthReport, OpdPerformance as OpdPerformanceRow, WeeklyReportListItem } from '../../src/contracts/index.js';

export type * from '../../src/contracts/index.js';

export type Alert = AlertView;
export type ConnectorHealth = HealthReport['connectors'][number];

export interface OpdPerformance {
  items: OpdPerformanceRow[];
}

export interface WeeklyList {
  items: WeeklyReportListItem[];
}

export type Counts = Record<string, number>;

export interface StatsToday {
  date: string;
  total: number;
  byIntent: Counts;
  byPlatform: Counts;
  byOpd: Counts;
  bySentiment: Counts;
  triage: number;
}

export interface Trends {
  days: Array<{ date: string; byIntent: Counts; bySentiment: Counts }>;
}

export interface Topics {
  items: Array<{ topic: string; count: number }>;
}

export interface Opd {
  code: string;
  name: string;
  active?: boolean;
}
