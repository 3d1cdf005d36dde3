import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Alert } from '../cases/alert.entity.js';
import { Clock } from '../common/clock.js';
import { DomainEvents } from '../common/events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ReportQueriesRepository, type SpikeDimension } from './report-queries.repository.js';
import { byCodePoint, checkTrend, SPIKE_DAY_RULE, SPIKE_HOUR_RULE, type TrendCheck } from './trend-rules.js';

const HOUR = 3_600_000;
const BASELINE_HOURS = 24 * (SPIKE_DAY_RULE.baselineWindows + 1); // the last day and the 28 before it

export interface SpikeFinding {
  dim: SpikeDimension;
  key: string;
  window: 'hour' | 'day';
  check: TrendCheck;
}

/** Where complaints of one topic or kecamatan spike, judged by trend-rules.ts; pure, for tests. */
export function findSpikes(
  rows: Array<{ dim: SpikeDimension; key: string; h: number; n: number }>,
): SpikeFinding[] {
  const series = new Map<string, number[]>();
  for (const r of rows) {
    const id = `${r.dim}\u0000${r.key}`;
    if (!series.has(id))
      series.set(
        id,
        Array.from({ length: BASELINE_HOURS }, () => 0),
      );
    series.get(id)![r.h] += Number(r.n);
  }
  const out: SpikeFinding[] = [];
  for (const [id, h] of [...series.entries()].sort(([a], [b]) => byCodePoint(a, b))) {
    const [dim, key] = id.split('\u0000') as [SpikeDimension, string];
    const hour = checkTrend(h[0], h.slice(1, 1 + SPIKE_HOUR_RULE.baselineWindows), SPIKE_HOUR_RULE);
    if (hour.hit) {
      out.push({ dim, key, window: 'hour', check: hour });
      continue; // one alert per place or topic and run: the sharper signal wins
    }
    const days = Array.from({ length: SPIKE_DAY_RULE.baselineWindows + 1 }, (_, d) =>
      h.slice(24 * d, 24 * d + 24).reduce((a, b) => a + b, 0),
    );
    const day = checkTrend(days[0], days.slice(1), SPIKE_DAY_RULE);
    if (day.hit) out.push({ dim, key, window: 'day', check: day });
  }
  return out;
}

/** Local 'YYYY-MM-DDTHH' of an instant: the dedupe bucket of hour alerts. */
function localHour(at: Date, timeZone: string): string {
  const p = Object.fromEntries(
    new Intl.DateTimeFormat('en-CA', {
      timeZone,
      year: 'numeric',
      month: '2-digit',
      day: '2-digit',
      hour: '2-digit',
      hourCycle: 'h23',
    })
      .formatToParts(at)
      .map((x) => [x.type, x.value]),
  );
  return `${p.year}-${p.month}-${p.day}T${p.hour}`;
}

const usualRate = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 2 });

export function spikeMessage(f: SpikeFinding): string {
  const what = f.dim === 'topic' ? `aduan "${f.key}"` : `aduan di Kecamatan ${f.key}`;
  const span = f.window === 'hour' ? '1 jam terakhir' : '24 jam terakhir';
  const usual = f.window === 'hour' ? 'per jam' : 'per hari';
  return `Lonjakan ${what}: ${f.check.count} aduan dalam ${span} (biasanya ${usualRate.format(f.check.mean)} ${usual})`;
}

/**
 * Spike alerts between weekly reports: complaints per topic and per kecamatan in the last hour
 * and the last 24 hours against their trailing baselines (trend-rules.ts). Each finding becomes
 * one `spike` alert row, deduplicated per topic/kecamatan and local hour (hour window) or local
 * day (day window), and an `alert.raised` event for the dashboard. Never throws.
 */
@Injectable()
export class SpikeAlertService {
  private readonly logger = new Logger(SpikeAlertService.name);

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly queries: ReportQueriesRepository,
  ) {}

  async check(): Promise<{ found: number; raised: number }> {
    const result = { found: 0, raised: 0 };
    try {
      const now = this.clock.now();
      const findings = findSpikes(await this.queries.complaintHourBuckets(now, BASELINE_HOURS));
      result.found = findings.length;
      for (const f of findings) if (await this.raise(f, now)) result.raised++;
      if (result.found) this.logger.log({ stage: 'spike_check', ...result });
    } catch (e) {
      this.logger.error({ stage: 'spike_check', error: e instanceof Error ? e.message : String(e) });
    }
    return result;
  }

  private async raise(f: SpikeFinding, now: Date): Promise<boolean> {
    const tz = this.config.timezone;
    const bucket = f.window === 'hour' ? localHour(now, tz) : localHour(now, tz).slice(0, 10);
    const since = new Date(now.getTime() - (f.window === 'hour' ? HOUR : 24 * HOUR));
    const opdCode = f.dim === 'topic' ? await this.queries.dominantOpd(f.key, since, now) : null;
    const message = spikeMessage(f);
    const inserted = await this.ds
      .createQueryBuilder()
      .insert()
      .into(Alert)
      .values({
        type: 'spike',
        caseId: null,
        opdCode,
        topic: f.dim === 'topic' ? f.key : null,
        kecamatan: f.dim === 'kecamatan' ? f.key : null,
        message,
        dedupeKey: `spike:${f.dim}:${f.key}:${f.window}:${bucket}`,
      })
      .orIgnore()
      .execute();
    if (!inserted.identifiers.filter(Boolean).length) return false;
    // The dashboard forwards the payload as is: topic and kecamatan ride along for the client.
    const payload = {
      type: 'spike',
      caseId: null,
      opdCode,
      message,
      createdAt: now.toISOString(),
      topic: f.dim === 'topic' ? f.key : null,
      kecamatan: f.dim === 'kecamatan' ? f.key : null,
    };
    this.events.emit('alert.raised', payload);
    return true;
  }
}
