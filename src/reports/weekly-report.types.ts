import type { ReportTable } from '../contracts/report.js';

// The weekly summary's wire types live in src/contracts/report.ts (shared with the web); this file
// keeps the runtime list of its CSV tables.
export type * from '../contracts/report.js';

export const REPORT_TABLES = ['volume', 'sentiment', 'topics', 'opd', 'locations', 'emerging'] as const satisfies readonly ReportTable[];
