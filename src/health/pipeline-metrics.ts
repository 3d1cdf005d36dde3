import { Injectable } from '@nestjs/common';
import { collectDefaultMetrics, Counter, Histogram, Registry } from 'prom-client';

export interface AccountLabels {
  id: string;
  platform: string;
  handle: string;
}

export interface ActivityTotals {
  fetched: Record<string, number>;
  inserted: number;
  opened: Record<string, number>;
}

const add = (m: Record<string, number>, k: string, n: number): void => {
  m[k] = (m[k] ?? 0) + n;
};

/**
 * The counters the pipeline moves as it works (one registry per app instance, so tests can run
 * several in one process), plus the totals of the current minute for the console summary.
 * Gauges that need SQL are not here: MetricsCollector computes them when Prometheus scrapes.
 */
@Injectable()
export class PipelineMetrics {
  readonly registry = new Registry();
  private readonly fetched = new Counter({
    name: 'suarawarga_items_fetched_total',
    help: 'Items fetched from the platform, per account',
    labelNames: ['platform', 'account_id', 'handle'] as const,
    registers: [this.registry],
  });
  private readonly stored = new Counter({
    name: 'suarawarga_items_stored_total',
    help: 'Fetched items by what storing them did: inserted (new post), updated (edited) or unchanged (already stored)',
    labelNames: ['platform', 'account_id', 'handle', 'result'] as const,
    registers: [this.registry],
  });
  private readonly opened = new Counter({
    name: 'suarawarga_cases_opened_total',
    help: 'Cases opened from new posts, per platform',
    labelNames: ['platform'] as const,
    registers: [this.registry],
  });
  readonly httpDuration = new Histogram({
    name: 'suarawarga_http_request_duration_seconds',
    help: 'HTTP request latency by route template',
    labelNames: ['method', 'route', 'status'] as const,
    buckets: [0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10],
    registers: [this.registry],
  });
  private minute: ActivityTotals = { fetched: {}, inserted: 0, opened: {} };

  constructor() {
    // Process memory, CPU, event-loop lag, GC, handles: prom-client's standard set.
    collectDefaultMetrics({ register: this.registry });
  }

  recordPage(a: AccountLabels, fetched: number, result: { inserted: number; updated: number; unchanged: number }): void {
    const labels = { platform: a.platform, account_id: a.id, handle: a.handle };
    this.fetched.inc(labels, fetched);
    for (const k of ['inserted', 'updated', 'unchanged'] as const) if (result[k]) this.stored.inc({ ...labels, result: k }, result[k]);
    if (fetched) add(this.minute.fetched, a.platform, fetched);
    this.minute.inserted += result.inserted;
  }

  recordCasesOpened(byPlatform: Record<string, number>): void {
    for (const [platform, n] of Object.entries(byPlatform)) {
      this.opened.inc({ platform }, n);
      add(this.minute.opened, platform, n);
    }
  }

  /** The totals since the last call, for the once-a-minute console line. */
  takeTotals(): ActivityTotals {
    const t = this.minute;
    this.minute = { fetched: {}, inserted: 0, opened: {} };
    return t;
  }
}

const sum = (m: Record<string, number>): number => Object.values(m).reduce((a, b) => a + b, 0);
const byPlatform = (m: Record<string, number>): string =>
  Object.entries(m)
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([p, n]) => `${p} ${n}`)
    .join(', ');

/** "last 60 s: 14 posts fetched (facebook 5, x 9), 12 new; 11 cases opened (facebook 4, x 7)", or null when nothing happened. */
export function formatTotals(t: ActivityTotals, seconds: number): string | null {
  const fetched = sum(t.fetched);
  const opened = sum(t.opened);
  if (!fetched && !opened && !t.inserted) return null;
  const f = fetched ? `${fetched} posts fetched (${byPlatform(t.fetched)}), ${t.inserted} new` : 'no posts fetched';
  const o = opened ? `${opened} cases opened (${byPlatform(t.opened)})` : 'no cases opened';
  return `last ${seconds} s: ${f}; ${o}`;
}
