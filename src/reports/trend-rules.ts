// When a count "clearly exceeds" its trailing baseline: the rule shared by the weekly report's
// emerging issues and the spike alerts between reports.
//
//   mean, sd  = population mean and standard deviation of the baseline counts (zeros included)
//   threshold = mean + k · max(sd, √mean)
//   hit       = count > threshold AND count ≥ minCount
//
// √mean floors the spread at Poisson noise, so a perfectly flat history (sd = 0) does not turn
// one extra post into an alarm; minCount keeps small numbers (1 → 2) from ever counting.

export interface TrendRule {
  /** How many trailing windows form the baseline. */
  baselineWindows: number;
  /** k: how many standard deviations above the mean. */
  sigmas: number;
  minCount: number;
}

/** Emerging issue in the weekly report: a topic's count on one local day vs the 28 days before it. */
export const EMERGING_RULE: TrendRule = { baselineWindows: 28, sigmas: 2, minCount: 5 };

/** Spike alerts: complaints of one topic or kecamatan in the last 60 minutes vs the 168 hours before. */
export const SPIKE_HOUR_RULE: TrendRule = { baselineWindows: 168, sigmas: 3, minCount: 5 };
/** … and in the last 24 hours vs the 28 periods of 24 hours before. */
export const SPIKE_DAY_RULE: TrendRule = { baselineWindows: 28, sigmas: 3, minCount: 10 };

export interface TrendCheck {
  count: number;
  mean: number;
  sd: number;
  threshold: number;
  hit: boolean;
}

const round2 = (x: number): number => Math.round(x * 100) / 100;

/** Compares a count with its baseline; mean, sd and threshold are rounded to 2 decimals for display. */
export function checkTrend(count: number, baseline: readonly number[], rule: TrendRule): TrendCheck {
  const n = baseline.length || 1;
  const mean = baseline.reduce((a, b) => a + b, 0) / n;
  const sd = Math.sqrt(baseline.reduce((a, b) => a + (b - mean) ** 2, 0) / n);
  const threshold = mean + rule.sigmas * Math.max(sd, Math.sqrt(mean));
  return {
    count,
    mean: round2(mean),
    sd: round2(sd),
    threshold: round2(threshold),
    hit: count >= rule.minCount && count > threshold,
  };
}

/** Code-point order, the same on every machine (localeCompare and SQL collations are not). */
export const byCodePoint = (a: string, b: string): number => (a < b ? -1 : a > b ? 1 : 0);
