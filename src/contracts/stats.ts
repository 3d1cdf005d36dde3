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
}
