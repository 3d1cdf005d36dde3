import { DataSource } from 'typeorm';
import { Clock } from '../../src/common/clock.js';
import { ReportsScheduler } from '../../src/reports/reports.scheduler.js';
import { WeeklyReportService } from '../../src/reports/weekly-report.service.js';
import {
  attachment,
  binaryParser,
  HAS_PDFTOTEXT,
  pdfText,
  PDFTOTEXT_MISSING,
  readableMail,
  startSmtpCapture,
  type SmtpCapture,
} from '../factories/report-tools.js';
import { seedCases, seedWeek47, wita } from '../factories/report.factory.js';
import { startTestApp, type TestApp } from '../factories/test-app.js';

// Skips without pdftotext on a developer machine; on CI (CI=true) a missing binary fails the test.
const itPdf = HAS_PDFTOTEXT || process.env.CI === 'true' ? it : it.skip;
if (!HAS_PDFTOTEXT && process.env.CI !== 'true')
  console.warn(`reports-api: PDF text test skipped: ${PDFTOTEXT_MISSING}`);

describe('weekly report API, PDF, CSV and e-mail', () => {
  let t: TestApp;
  let smtp: SmtpCapture;
  let ds: DataSource;
  const tokens: Record<string, string> = {};
  const get = (path: string, role = 'pimpinan') =>
    t.http().get(path).set('authorization', `Bearer ${tokens[role]}`);

  beforeAll(async () => {
    smtp = await startSmtpCapture();
    t = await startTestApp({
      SMTP_URL: smtp.url,
      REPORT_RECIPIENTS: 'sekda@sinjaikab.go.id, diskominfo@sinjaikab.go.id',
      REPORT_EMAIL_FROM: 'Suara Warga <suara@sinjaikab.go.id>',
    });
    ds = t.get(DataSource);
    t.get(Clock).now = () => wita('2026-11-23T07:00');
    for (const role of ['admin', 'operator', 'pimpinan'] as const) tokens[role] = await t.tokenFor(role);
    tokens.opd = await t.tokenFor('opd', ['DPUPR']);
    await seedWeek47(ds);
    // The Monday 07:00 run: the ISO week just ended, stored, then e-mailed once.
    await expect(t.get(ReportsScheduler).runWeekly()).resolves.toBe('done');
  });
  afterAll(async () => {
    await t.close();
    await smtp.stop();
  });

  it('should list stored weeks and serve one as JSON to admin, operator and pimpinan', async () => {
    const list = await get('/api/reports/weekly').expect(200);
    expect(list.body).toEqual({
      items: [
        {
          week: '2026-W47',
          from: '2026-11-15T16:00:00.000Z',
          to: '2026-11-22T15:59:59.999Z',
          generatedAt: '2026-11-22T23:00:00.000Z',
        },
      ],
    });
    for (const role of ['admin', 'operator', 'pimpinan']) {
      const r = await get('/api/reports/weekly/2026-W47', role).expect(200);
      expect([r.body.week, r.body.total, r.body.netSentiment, r.body.topKecamatan]).toEqual([
        '2026-W47',
        8,
        -0.25,
        'Sinjai Utara',
      ]);
    }
  });

  it('should refuse OPD staff and anonymous callers', async () => {
    for (const path of [
      '/api/reports/weekly',
      '/api/reports/weekly/2026-W47',
      '/api/reports/weekly/2026-W47.pdf',
      '/api/reports/weekly/2026-W47.csv?table=opd',
    ])
      await get(path, 'opd').expect(403);
    await t.http().get('/api/reports/weekly/2026-W47').expect(401);
  });

  it('should answer 404 for a week not computed and 400 for a malformed week or table', async () => {
    await get('/api/reports/weekly/2026-W40').expect(404);
    await get('/api/reports/weekly/2026-W40.pdf').expect(404);
    await get('/api/reports/weekly/2026-W40.csv?table=volume').expect(404);
    for (const bad of ['2026-W54', '2025-W53', '2026-47', 'minggu-lalu', '2026-W47.xlsx']) {
      const r = await get(`/api/reports/weekly/${bad}`).expect(400);
      expect(r.body.message[0]).toMatch(/ISO week such as 2026-W47/);
    }
    await get('/api/reports/weekly/2026-W99.pdf').expect(400);
    const r = await get('/api/reports/weekly/2026-W47.csv?table=posts').expect(400);
    expect(r.body.message).toEqual([
      'table must be one of volume, sentiment, topics, opd, locations, emerging',
    ]);
  });

  it('should give the underlying tables as CSV', async () => {
    const volume = await get('/api/reports/weekly/2026-W47.csv?table=volume')
      .expect(200)
      .expect('content-type', 'text/csv; charset=utf-8');
    expect(volume.headers['content-disposition']).toBe(
      'attachment; filename="ringkasan-2026-W47-volume.csv"',
    );
    expect(volume.text.split('\n').slice(0, 6)).toEqual([
      '\ufeffweek,dimension,key,label,count',
      '2026-W47,intent,complaint,Pengaduan,5',
      '2026-W47,intent,aspiration,Aspirasi,1',
      '2026-W47,intent,question,Pertanyaan,1',
      '2026-W47,intent,other,Lainnya,1',
      '2026-W47,platform,facebook,Facebook,2',
    ]);
    expect(volume.text).toContain('2026-W47,opd,tanpa_opd,Belum didisposisikan (triase / bukan laporan),1\n');
    expect((await get('/api/reports/weekly/2026-W47.csv').expect(200)).text).toBe(volume.text); // volume by default

    const sentiment = await get('/api/reports/weekly/2026-W47.csv?table=sentiment', 'operator').expect(200);
    expect(sentiment.text.split('\n').slice(0, 3)).toEqual([
      '\ufeffweek,scope,key,label,total,positive,neutral,negative,net,net_prev_week,net_change,net_4_week_avg',
      '2026-W47,opd,DPUPR,Dinas Pekerjaan Umum dan Penataan Ruang,3,0,1,2,-0.667,0,-0.667,0.333',
      '2026-W47,opd,PDAM,Perumda Air Minum,2,0,0,2,-1,,,1',
    ]);
    const csv = async (table: string) =>
      (await get(`/api/reports/weekly/2026-W47.csv?table=${table}`).expect(200)).text
        .split('\n')
        .filter(Boolean);
    expect(await csv('topics')).toEqual([
      '\ufeffweek,rank,topic,count,share',
      '2026-W47,1,jalan rusak,3,0.375',
      '2026-W47,2,air mati,2,0.25',
      '2026-W47,3,ktp,1,0.125',
      '2026-W47,4,taman,1,0.125',
    ]);
    expect(await csv('locations')).toEqual([
      '\ufeffweek,kecamatan,complaints',
      '2026-W47,Sinjai Utara,3',
      '2026-W47,Sinjai Selatan,1',
      '2026-W47,Sinjai Timur,1',
    ]);
    expect((await csv('opd'))[1]).toBe(
      '2026-W47,DPUPR,Dinas Pekerjaan Umum dan Penataan Ruang,3,2,3,1,4,0,2026-11-22T23:00:00.000Z,0,,',
    );
    expect(await csv('emerging')).toEqual([
      '\ufeffweek,topic,date,count,baseline_mean,baseline_sd,threshold,days_over',
    ]);
  });

  it('should keep spreadsheet formulas in topic names inert', async () => {
    await seedCases(t.get(DataSource), [
      { at: wita('2026-11-03T08:00'), topic: '=HYPERLINK("http://x")', opdCode: 'DPUPR' },
    ]);
    await t.get(WeeklyReportService).generate('2026-W45');
    const r = await get('/api/reports/weekly/2026-W45.csv?table=topics').expect(200);
    expect(r.text).toContain(`2026-W45,1,"'=HYPERLINK(""http://x"")",1,1\n`);
  });

  itPdf(
    'should render an A4 PDF whose text carries the figures, masked examples and page numbers',
    async () => {
      const r = await get('/api/reports/weekly/2026-W47.pdf')
        .buffer(true)
        .parse(binaryParser)
        .expect(200)
        .expect('content-type', 'application/pdf');
      const pdf = r.body as Buffer;
      expect(pdf.subarray(0, 5).toString()).toBe('%PDF-');
      expect(pdf.toString('latin1')).toMatch(/\/MediaBox \[0 0 595\.28 841\.89\]/);
      const text = pdfText(pdf);
      const pages = text.split('\f').filter((p) => p.trim());
      // What a Sekda reads: two to three pages (the full tables are in the CSVs).
      expect(pages.length).toBeGreaterThanOrEqual(2);
      expect(pages.length).toBeLessThanOrEqual(3);
      pages.forEach((p, i) => expect(p).toContain(`Halaman ${i + 1} dari ${pages.length}`));
      const flat = text.replace(/[ \t]+/g, ' ');
      for (const s of [
        'Ringkasan Mingguan Suara Warga',
        'Kabupaten Sinjai - Minggu 2026-W47',
        '16 Nov – 22 Nov 2026, WITA · dibuat',
        'Jumlah kasus 8 (minggu lalu 2, naik 300%)',
        'Pengaduan 5 (minggu lalu 2, naik 150%)',
        'Tren harian',
        'Sen, 16 Nov',
        'Min, 22 Nov',
        'Tema teratas',
        'Sentimen bersih -0,25 (minggu lalu 0,00, rata-rata 4 minggu +0,50)',
        'Kecamatan dengan aduan terbanyak Sinjai Utara (3 aduan)',
        'Volume menurut platform',
        'X (Twitter)',
        'Sentimen per OPD',
        'Dinas Pekerjaan Umum dan 3 2 3 jam 100% 4 0', // its row in Kinerja OPD (the name wraps)
        'Kinerja OPD',
        'Tidak ada isu yang melonjak minggu ini.',
        'hubungi saya [telepon disamarkan] NIK [NIK disamarkan]',
      ])
        expect(flat).toContain(s);
      expect(flat).toMatch(/jalan rusak 3 37,5%/);
      expect(flat).toMatch(/Perumda Air Minum 2 0 – – 3 1/);
      expect(flat).not.toMatch(/081234567890|7307011234560001|RAHASIA/);
      expect(flat).not.toContain('Sentimen per topik'); // the long table of one-count words is in the CSV only
    },
  );

  it('should e-mail the summary with its PDF once to the configured recipients', async () => {
    expect(smtp.mails).toHaveLength(1);
    const [m] = smtp.mails;
    expect(m.from).toBe('suara@sinjaikab.go.id');
    expect(m.to).toEqual(['sekda@sinjaikab.go.id', 'diskominfo@sinjaikab.go.id']);
    const mail = readableMail(m.raw);
    expect(mail).toContain('Subject: Ringkasan mingguan Suara Warga 2026-W47 - Kabupaten Sinjai');
    expect(mail).toContain('Jumlah kasus: 8, di antaranya 5 pengaduan.');
    expect(mail).toContain('Kecamatan dengan aduan terbanyak: Sinjai Utara (3).');
    expect(mail).toContain('filename=ringkasan-2026-W47.pdf');
    expect(attachment(m.raw, 'application/pdf')!.subarray(0, 5).toString()).toBe('%PDF-');

    await expect(t.get(ReportsScheduler).runWeekly()).resolves.toBe('done'); // recomputed, not re-sent
    expect(smtp.mails).toHaveLength(1);
    const [{ emailed_at }] = await ds.query(`SELECT emailed_at FROM weekly_reports WHERE week = '2026-W47'`);
    expect(emailed_at).toEqual(wita('2026-11-23T07:00'));
  });

  describe('POST /api/reports/weekly/:week ("Buat ringkasan sekarang")', () => {
    const post = (path: string, role: string) => t.http().post(path).set('authorization', `Bearer ${tokens[role]}`).send({});

    it('should compute this week so far for the Sekda, stored and listed, with its seven days and last week beside it', async () => {
      const r = await post('/api/reports/weekly/2026-W48', 'pimpinan').expect(200);
      expect([r.body.week, r.body.partial, r.body.zoneName]).toEqual(['2026-W48', true, 'WITA']);
      expect(r.body.daily.map((d: { date: string }) => d.date)).toEqual(['2026-11-23', '2026-11-24', '2026-11-25', '2026-11-26', '2026-11-27', '2026-11-28', '2026-11-29']);
      // Last week (W47) is this week's comparison: its figures are the stored W47's own.
      const w47 = (await get('/api/reports/weekly/2026-W47').expect(200)).body;
      expect(r.body.previousWeek).toEqual(w47.figures);
      expect(w47.figures).toMatchObject({ total: 8, complaints: 5 });
      expect(w47.daily.reduce((a: number, d: { total: number }) => a + d.total, 0)).toBe(8);
      expect((await get('/api/reports/weekly').expect(200)).body.items.map((i: { week: string }) => i.week).slice(0, 2)).toEqual(['2026-W48', '2026-W47']);
      expect(smtp.mails).toHaveLength(1); // on demand is never e-mailed
    });

    it('should let an admin recompute a past week, with the same figures from the same data', async () => {
      const before = (await get('/api/reports/weekly/2026-W47').expect(200)).body;
      const r = await post('/api/reports/weekly/2026-W47', 'admin').expect(200);
      expect({ ...r.body, generatedAt: null, backlogAsOf: null }).toEqual({ ...before, generatedAt: null, backlogAsOf: null });
      expect(r.body.partial).toBe(false);
    });

    it('should refuse other roles, a week not begun and a malformed week', async () => {
      await post('/api/reports/weekly/2026-W47', 'operator').expect(403);
      await post('/api/reports/weekly/2026-W47', 'opd').expect(403);
      await t.http().post('/api/reports/weekly/2026-W47').send({}).expect(401);
      const future = await post('/api/reports/weekly/2026-W49', 'pimpinan').expect(422);
      expect(future.body.message).toBe('Minggu 2026-W49 belum dimulai, jadi belum ada yang bisa diringkas');
      await post('/api/reports/weekly/2026-W99', 'pimpinan').expect(400);
      await get('/api/reports/weekly/2026-W49').expect(404);
    });
  });
});
