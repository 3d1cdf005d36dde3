/** One OPD's service figures over a period (GET /api/stats/opd-performance, weekly summary). */
export interface OpdPerformance {
  opdCode: string;
  opdName: string;
  received: number;
  answered: number;
  medianFirstResponseHours: number | null;
  withinSlaShare: number | null;
  backlog: number;
  overdue: number;
  /** Citizens' ratings given in the period (issue 15): how many, mean score 1–5, share "sudah selesai". */
  ratings: number;
  avgRating: number | null;
  resolvedShare: number | null;
}
