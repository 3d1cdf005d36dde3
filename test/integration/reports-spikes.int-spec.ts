import { EventEmitter2 } from '@nestjs/event-emitter';
import { SchedulerRegistry } from '@nestjs/schedule';
import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import type { DomainEventMap } from '../../src/common/events.js';
import { SPIKE_CHECK_JOB, WEEKLY_REPORT_JOB } from '../../src/reports/reports.scheduler.js';
import { SpikeAlertService } from '../../src/reports/spike-alert.service.js';
import { clearCases, seedCases, wita, type SeedCase } from '../factories/report.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

const minutesBefore = (at: Date, min: number): Date => new Date(at.getTime() - min * 60_000);

describe('spike alerts between reports (real PostgreSQL, WITA)', () => {
  let t: TestApp;
  let ds: DataSource;
  let now = wita('2026-11-20T14:10');
  const raised: Array<DomainEventMap['alert.raised'] & { topic?: string | null; kecamatan?: string | null }> =
    [];
  const alerts = () =>
    ds.query(
      `SELECT type, topic, kecamatan, opd_code AS "opdCode", message, dedupe_key AS "dedupeKey" FROM alerts ORDER BY id`,
    );

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.get(DataSource);
    t.get(Clock).now = () => now;
    t.get(EventEmitter2).on('alert.raised', (e: (typeof raised)[number]) => raised.push(e));
  });
  afterAll(() => t.close());

  beforeEach(async () => {
    await clearCases(ds);
    raised.length = 0;
    now = wita('2026-11-20T14:10');
    const rows: SeedCase[] = [];
    // A trickle: one rubbish complaint from Sinjai Barat a day at 10:00 for the 28 days before.
    for (let d = 1; d <= 28; d++)
      rows.push({
        at: new Date(wita('2026-11-20T10:00').getTime() - d * 86_400_000),
        topic: 'sampah',
        kecamatan: 'Sinjai Barat',
        opdCode: 'DLH',
      });
    // The burst: 6 within the last hour.
    for (let i = 0; i < 6; i++)
      rows.push({
        at: minutesBefore(now, 5 + i * 9),
        topic: 'sampah',
        kecamatan: 'Sinjai Barat',
        opdCode: 'DLH',
      });
    // Tellu Limpoe: 12 over the last 12 hours, one an hour (no hour spike), nothing before (a day spike).
    for (let h = 1; h <= 12; h++)
      rows.push({ at: minutesBefore(now, 60 * h + 5), kecamatan: 'Tellu Limpoe', opdCode: 'DPUPR' });
    // Under the minimum: 4 in the last hour from Pulau Sembilan.
    for (let i = 0; i < 4; i++)
      rows.push({ at: minutesBefore(now, 10 + i), kecamatan: 'Pulau Sembilan', opdCode: 'BPBD' });
    // Not complaints: 10 proposals in the last hour.
    for (let i = 0; i < 10; i++)
      rows.push({
        at: minutesBefore(now, 10 + i),
        intent: 'aspiration',
        topic: 'taman',
        kecamatan: 'Sinjai Tengah',
        opdCode: 'DISPERKIM',
        sentiment: 'positive',
      });
    await seedCases(ds, rows);
  });

  it('should raise one alert per spiking topic or kecamatan, with Indonesian messages and the event', async () => {
    await expect(t.get(SpikeAlertService).check()).resolves.toEqual({ found: 3, raised: 3 });
    expect(await alerts()).toEqual([
      {
        type: 'spike',
        topic: null,
        kecamatan: 'Sinjai Barat',
        opdCode: null,
        message:
          'Lonjakan aduan di Kecamatan Sinjai Barat: 6 aduan dalam 1 jam terakhir (biasanya 0,04 per jam)',
        dedupeKey: 'spike:kecamatan:Sinjai Barat:hour:2026-11-20T14',
      },
      {
        type: 'spike',
        topic: null,
        kecamatan: 'Tellu Limpoe',
        opdCode: null,
        message:
          'Lonjakan aduan di Kecamatan Tellu Limpoe: 12 aduan dalam 24 jam terakhir (biasanya 0 per hari)',
        dedupeKey: 'spike:kecamatan:Tellu Limpoe:day:2026-11-20',
      },
      {
        type: 'spike',
        topic: 'sampah',
        kecamatan: null,
        opdCode: 'DLH',
        message: 'Lonjakan aduan "sampah": 6 aduan dalam 1 jam terakhir (biasanya 0,04 per jam)',
        dedupeKey: 'spike:topic:sampah:hour:2026-11-20T14',
      },
    ]);
    expect(raised).toHaveLength(3);
    expect(raised[2]).toEqual({
      type: 'spike',
      caseId: null,
      opdCode: 'DLH',
      topic: 'sampah',
      kecamatan: null,
      message: 'Lonjakan aduan "sampah": 6 aduan dalam 1 jam terakhir (biasanya 0,04 per jam)',
      createdAt: now.toISOString(),
    });

    const token = await t.tokenFor('pimpinan');
    const res = await t.http().get('/api/alerts').set('authorization', `Bearer ${token}`).expect(200);
    expect(res.body.items.filter((a: { type: string }) => a.type === 'spike')).toHaveLength(3);
  });

  it('should not repeat an alert within the same hour (or day), and raise again in the next hour', async () => {
    const spikes = t.get(SpikeAlertService);
    await spikes.check();
    await expect(spikes.check()).resolves.toEqual({ found: 3, raised: 0 });
    now = wita('2026-11-20T14:15');
    await expect(spikes.check()).resolves.toEqual({ found: 3, raised: 0 });
    expect(raised).toHaveLength(3);

    // 15:10: the burst is now an hour old; Tellu Limpoe's day spike was already raised today.
    now = wita('2026-11-20T15:10');
    await expect(spikes.check()).resolves.toEqual({ found: 1, raised: 0 });
    // A fresh burst of 5 rubbish complaints (no kecamatan) makes a new alert for the new hour.
    await seedCases(
      ds,
      Array.from({ length: 5 }, (_, i) => ({
        at: minutesBefore(now, 2 + i * 10),
        topic: 'sampah',
        opdCode: 'DLH',
      })),
    );
    await expect(spikes.check()).resolves.toEqual({ found: 2, raised: 1 });
    const keys = (await alerts()).map((a: { dedupeKey: string }) => a.dedupeKey);
    expect(keys).toHaveLength(4);
    expect(keys).toContain('spike:topic:sampah:hour:2026-11-20T15');
  });
});

describe('report schedules (POLL_SCHEDULER_ENABLED=true)', () => {
  let t: TestApp;
  beforeAll(async () => {
    t = await startTestApp({ POLL_SCHEDULER_ENABLED: 'true' });
  });
  afterAll(() => t.close());

  it('should run the weekly report on Monday 07:00 WITA and the spike check every 15 minutes', () => {
    const registry = t.get(SchedulerRegistry);
    const weekly = registry.getCronJob(WEEKLY_REPORT_JOB);
    expect([weekly.cronTime.source, weekly.cronTime.timeZone, weekly.isActive]).toEqual([
      '0 7 * * 1',
      'Asia/Makassar',
      true,
    ]);
    // The next run is a Monday 07:00 in WITA, which is Sunday 23:00 UTC.
    const next = weekly.nextDate();
    expect([
      next.setZone('Asia/Makassar').weekday,
      next.setZone('Asia/Makassar').hour,
      next.setZone('Asia/Makassar').minute,
    ]).toEqual([1, 7, 0]);
    expect([next.toUTC().weekday, next.toUTC().hour]).toEqual([7, 23]);
    const spikes = registry.getCronJob(SPIKE_CHECK_JOB);
    expect([spikes.cronTime.source, spikes.cronTime.timeZone]).toEqual(['*/15 * * * *', 'Asia/Makassar']);
  });
});
