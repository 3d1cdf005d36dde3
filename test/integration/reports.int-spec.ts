import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { ReportMailer } from '../../src/reports/report-mailer.service.js';
import { WeeklyReportService } from '../../src/reports/weekly-report.service.js';
import {
  clearCases,
  seedCases,
  seedWeek47,
  trackingNumberOf,
  wita,
  WITH_PII,
} from '../factories/report.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

describe('weekly report (real PostgreSQL, WITA)', () => {
  let t: TestApp;
  let ds: DataSource;
  let reports: WeeklyReportService;
  const monday0700 = wita('2026-11-23T07:00');

  beforeAll(async () => {
    t = await startTestApp();
    ds = t.get(DataSource);
    reports = t.get(WeeklyReportService);
    t.get(Clock).now = () => monday0700;
  });
  afterAll(() => t.close());
  beforeEach(() => clearCases(ds));

  it('should count exactly the week from Monday 00:00 to Sunday 24:00 WITA, with comparisons', async () => {
    await seedWeek47(ds);
    const s = await reports.generate('2026-W47');

    expect(s).toMatchObject({
      week: '2026-W47',
      region: 'Kabupaten Sinjai',
      timezone: 'Asia/Makassar',
      from: '2026-11-15T16:00:00.000Z',
      to: '2026-11-22T15:59:59.999Z',
      firstDay: '2026-11-16',
      lastDay: '2026-11-22',
      generatedAt: monday0700.toISOString(),
      total: 8,
      complaints: 5,
      positive: 2,
      neutral: 2,
      negative: 4,
      netSentiment: -0.25,
      netSentimentPrevWeek: 0,
      netSentimentChange: -0.25,
      netSentiment4WeekAvg: 0.5,
      topKecamatan: 'Sinjai Utara',
      topKecamatanComplaints: 3,
      emerging: [],
    });
    expect(s.volume.map((v) => [v.dimension, v.key, v.count])).toEqual([
      ['intent', 'complaint', 5],
      ['intent', 'aspiration', 1],
      ['intent', 'question', 1],
      ['intent', 'other', 1],
      ['platform', 'facebook', 2],
      ['platform', 'instagram', 1],
      ['platform', 'x', 3],
      ['platform', 'tiktok', 1],
      ['platform', 'whatsapp', 1],
      ['platform', 'telegram', 0],
      ['platform', 'youtube', 0],
      ['platform', 'open311', 0],
      ['opd', 'DPUPR', 3],
      ['opd', 'PDAM', 2],
      ['opd', 'DISDUKCAPIL', 1],
      ['opd', 'DISPERKIM', 1],
      ['opd', 'tanpa_opd', 1],
    ]);
    expect(
      s.sentiment.map((r) => [
        r.scope,
        r.key,
        r.total,
        r.positive,
        r.neutral,
        r.negative,
        r.net,
        r.netPrevWeek,
        r.netChange,
        r.net4WeekAvg,
      ]),
    ).toEqual([
      ['opd', 'DPUPR', 3, 0, 1, 2, -0.667, 0, -0.667, 0.333],
      ['opd', 'PDAM', 2, 0, 0, 2, -1, null, null, 1],
      ['opd', 'DISDUKCAPIL', 1, 0, 1, 0, 0, null, null, null],
      ['opd', 'DISPERKIM', 1, 1, 0, 0, 1, null, null, null],
      ['topic', 'jalan rusak', 3, 0, 1, 2, -0.667, 0, -0.667, 0.333],
      ['topic', 'air mati', 2, 0, 0, 2, -1, null, null, 1],
      ['topic', 'ktp', 1, 0, 1, 0, 0, null, null, null],
      ['topic', 'taman', 1, 1, 0, 0, 1, null, null, null],
    ]);
    expect(s.sentiment[0].label).toBe('Dinas Pekerjaan Umum dan Penataan Ruang');
    expect(s.topics.map((r) => [r.rank, r.topic, r.count, r.share, r.samples.length])).toEqual([
      [1, 'jalan rusak', 3, 0.375, 3],
      [2, 'air mati', 2, 0.25, 1], // the WhatsApp complaint is private: never an example
      [3, 'ktp', 1, 0.125, 1],
      [4, 'taman', 1, 0.125, 1],
    ]);
    expect(s.topics[0].samples.map((p) => p.text)).toEqual([
      'Jalan di Lappa rusak parah, hubungi saya [telepon disamarkan] NIK [NIK disamarkan]',
      'jalan rusak di Lappa sejak bulan lalu',
      'jalan poros Sinjai Timur berlubang',
    ]);
    expect(s.topics[0].samples[0]).toEqual({
      trackingNumber: await trackingNumberOf(ds, WITH_PII),
      platform: 'facebook',
      postedAt: wita('2026-11-17T09:00').toISOString(),
      intent: 'complaint',
      sentiment: 'negative',
      text: 'Jalan di Lappa rusak parah, hubungi saya [telepon disamarkan] NIK [NIK disamarkan]',
    });
    expect(JSON.stringify(s)).not.toMatch(/RAHASIA|081234567890|7307011234560001/);
    expect(s.opd).toEqual([
      {
        opdCode: 'DPUPR',
        opdName: 'Dinas Pekerjaan Umum dan Penataan Ruang',
        received: 3,
        answered: 2,
        medianFirstResponseHours: 3,
        withinSlaShare: 1,
        backlog: 4,
        overdue: 0,
        ratings: 0,
        avgRating: null,
        resolvedShare: null,
      },
      {
        opdCode: 'PDAM',
        opdName: 'Perumda Air Minum',
        received: 2,
        answered: 0,
        medianFirstResponseHours: null,
        withinSlaShare: null,
        backlog: 3,
        overdue: 1,
        ratings: 0,
        avgRating: null,
        resolvedShare: null,
      },
      expect.objectContaining({ opdCode: 'DISDUKCAPIL', received: 1, answered: 0, backlog: 1, overdue: 0 }),
      expect.objectContaining({ opdCode: 'DISPERKIM', received: 1, answered: 0, backlog: 1, overdue: 0 }),
    ]);
    expect(s.locations).toEqual([
      { kecamatan: 'Sinjai Utara', complaints: 3 },
      { kecamatan: 'Sinjai Selatan', complaints: 1 },
      { kecamatan: 'Sinjai Timur', complaints: 1 },
    ]);
  });

  it('should put Monday 00:30 WITA in the next week and the Sunday 23:30 before in the previous one', async () => {
    await seedWeek47(ds);
    const w48 = await reports.generate('2026-W48');
    expect(w48.total).toBe(1);
    expect(w48.topics.map((x) => [x.topic, x.count])).toEqual([['jalan rusak', 1]]);
    const w46 = await reports.generate('2026-W46');
    expect([w46.total, w46.positive, w46.negative, w46.netSentiment]).toEqual([2, 1, 1, 0]);
  });

  it('should store one row per week and replace it when recomputed', async () => {
    await seedWeek47(ds);
    const first = await reports.generate('2026-W47');
    await seedCases(ds, [
      { at: wita('2026-11-20T08:00'), topic: 'jalan rusak', opdCode: 'DPUPR', text: 'satu lagi' },
    ]);
    const second = await reports.generate('2026-W47');
    const again = await reports.generate('2026-W47');
    expect(second.total).toBe(first.total + 1);
    expect(again).toEqual(second);
    const rows = await ds.query(
      `SELECT week, "from", "to", (data->>'total')::int AS total FROM weekly_reports`,
    );
    expect(rows).toEqual([
      {
        week: '2026-W47',
        from: new Date('2026-11-15T16:00:00Z'),
        to: new Date('2026-11-22T16:00:00Z'),
        total: 9,
      },
    ]);
    expect(await reports.get('2026-W47')).toEqual(second);
    expect(await reports.list()).toEqual([
      {
        week: '2026-W47',
        from: '2026-11-15T16:00:00.000Z',
        to: '2026-11-22T15:59:59.999Z',
        generatedAt: monday0700.toISOString(),
      },
    ]);
  });

  it('should summarise an empty week with zeros and no rows', async () => {
    const s = await reports.generate('2026-W30');
    expect(s).toMatchObject({
      week: '2026-W30',
      firstDay: '2026-07-20',
      lastDay: '2026-07-26',
      total: 0,
      complaints: 0,
      netSentiment: null,
      netSentimentChange: null,
      netSentiment4WeekAvg: null,
      topKecamatan: null,
      topKecamatanComplaints: 0,
    });
    expect(s.volume.every((v) => v.count === 0)).toBe(true);
    expect(s.volume).toHaveLength(12); // 4 intents + 8 platforms (7 social + Open311), no OPD rows
    expect([s.sentiment, s.topics, s.opd, s.locations, s.emerging]).toEqual([[], [], [], [], []]);
  });

  it('should show a week with one OPD only as one OPD row everywhere', async () => {
    await seedCases(ds, [
      { at: wita('2026-11-03T08:00'), topic: 'jalan rusak', opdCode: 'DPUPR', kecamatan: 'Bulupoddo' },
      {
        at: wita('2026-11-04T08:00'),
        topic: 'jembatan',
        opdCode: 'DPUPR',
        kecamatan: 'Bulupoddo',
        sentiment: 'positive',
      },
      {
        at: wita('2026-11-08T23:59'),
        topic: 'jalan rusak',
        opdCode: 'DPUPR',
        kecamatan: 'Tellu Limpoe',
        sentiment: 'neutral',
      },
    ]);
    const s = await reports.generate('2026-W45');
    expect(s.volume.filter((v) => v.dimension === 'opd')).toEqual([
      { dimension: 'opd', key: 'DPUPR', label: 'Dinas Pekerjaan Umum dan Penataan Ruang', count: 3 },
    ]);
    expect(s.opd.map((o) => [o.opdCode, o.received, o.backlog])).toEqual([['DPUPR', 3, 3]]);
    expect(s.sentiment.filter((r) => r.scope === 'opd').map((r) => [r.key, r.total, r.net])).toEqual([
      ['DPUPR', 3, 0],
    ]);
    expect(s.locations).toEqual([
      { kecamatan: 'Bulupoddo', complaints: 2 },
      { kecamatan: 'Tellu Limpoe', complaints: 1 },
    ]);
  });

  it('should find emerging topics against their 28-day baseline, with a minimum count', async () => {
    const days = (from: string, n: number): string[] =>
      Array.from({ length: n }, (_, i) =>
        new Date(Date.parse(`${from}T00:00:00Z`) + i * 86_400_000).toISOString().slice(0, 10),
      );
    const baseline = days('2026-10-19', 28); // the 28 days before Monday 16 November
    const week = days('2026-11-16', 7);
    const at = (d: string, i: number) => wita(`${d}T${String(8 + (i % 12)).padStart(2, '0')}:00`);
    const rows: Parameters<typeof seedCases>[1] = [];
    const add = (topic: string, d: string, n: number) => {
      for (let i = 0; i < n; i++) rows.push({ at: at(d, i), topic, opdCode: 'DLH', sentiment: 'negative' });
    };
    // sampah: 1 a day, then 6 on Wednesday → past 1 + 2·max(0, √1) = 3
    for (const d of [...baseline, ...week]) add('sampah', d, d === '2026-11-18' ? 6 : 1);
    // jalan rusak: a steady 6 a day, 8 on Thursday → below 6 + 2·√6 ≈ 10.9: ordinary
    for (const d of [...baseline, ...week]) add('jalan rusak', d, d === '2026-11-19' ? 8 : 6);
    // banjir: nothing before, 4 on Friday → under the minimum of 5
    add('banjir', '2026-11-20', 4);
    // lampu jalan: nothing before, 5 on Saturday and 7 on Sunday → over on both days, furthest on Saturday
    add('lampu jalan', '2026-11-21', 5);
    add('lampu jalan', '2026-11-22', 7);
    await seedCases(ds, rows);

    const s = await reports.generate('2026-W47');
    expect(s.emerging).toEqual([
      {
        topic: 'lampu jalan',
        date: '2026-11-21',
        count: 5,
        baselineMean: 0,
        baselineSd: 0,
        threshold: 0,
        daysOver: 2,
      },
      {
        topic: 'sampah',
        date: '2026-11-18',
        count: 6,
        baselineMean: 1,
        baselineSd: 0,
        threshold: 3,
        daysOver: 1,
      },
    ]);
  });

  it('should skip e-mail silently when SMTP is not configured', async () => {
    await seedWeek47(ds);
    const s = await reports.generate('2026-W47');
    await expect(t.get(ReportMailer).send(s)).resolves.toBe('skipped');
    const [{ emailed_at }] = await ds.query(`SELECT emailed_at FROM weekly_reports`);
    expect(emailed_at).toBeNull();
  });
});
