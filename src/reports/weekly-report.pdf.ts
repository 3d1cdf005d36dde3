// The weekly summary as an A4 PDF in Bahasa Indonesia (layout only; drawing helpers in pdf-writer.ts).
import {
  fmtDateTime,
  fmtWeekChange,
  fmtWeekSpan,
  fmtHours,
  fmtLocalDate,
  fmtNet,
  fmtNumber,
  fmtPercent,
  INTENT_LABEL,
  PLATFORM_LABEL,
  SENTIMENT_LABEL,
} from './report-labels.js';
import { BAR, INK, MARGIN, MUTED, PdfWriter, pdfSafe, type Col } from './pdf-writer.js';
import type { WeeklySummary } from './weekly-report.types.js';

// Two to three pages, what a Sekda reads: page 1 the week at a glance (figures against last week,
// the day-by-day trend, volumes), then OPD performance, the top themes and places, and a few
// example posts. The full tables are in the CSV downloads.
const TOP_THEMES = 5;
const TOP_PLACES = 5;
const EXAMPLE_TOPICS = 3;

const DAY = new Intl.DateTimeFormat('id-ID', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });

const count = (s: WeeklySummary, dim: string): Array<{ label: string; value: number }> =>
  s.volume.filter((v) => v.dimension === dim).map((v) => ({ label: v.label, value: v.count }));

/** Renders a stored summary as an A4 PDF in Bahasa Indonesia. */
export function renderWeeklyPdf(s: WeeklySummary): Promise<Buffer> {
  const w = new PdfWriter({
    Title: `Ringkasan mingguan ${s.week} - ${s.region}`,
    CreationDate: new Date(s.generatedAt),
  });
  const d = w.doc;
  d.font('Helvetica-Bold')
    .fontSize(18)
    .fillColor(INK)
    .text('Ringkasan Mingguan Suara Warga', { width: w.width });
  d.font('Helvetica-Bold')
    .fontSize(13)
    .text(pdfSafe(`${s.region} - Minggu ${s.week}`), { width: w.width });
  d.font('Helvetica')
    .fontSize(10)
    .fillColor(MUTED)
    .text(
      pdfSafe(
        `${fmtWeekSpan(s.firstDay, s.lastDay)}, ${s.zoneName}${s.partial ? ' (minggu berjalan)' : ''} · dibuat ${fmtDateTime(s.generatedAt, s.timezone)}`,
      ),
      { width: w.width },
    );
  d.moveDown(0.5)
    .moveTo(MARGIN, d.y)
    .lineTo(MARGIN + w.width, d.y)
    .lineWidth(1)
    .strokeColor(BAR)
    .stroke();

  w.heading('Ikhtisar');
  const f = s.figures;
  const p = s.previousWeek;
  w.keyValues([
    ['Jumlah kasus', `${fmtNumber(f.total)} (${fmtWeekChange(f.total, p?.total)})`],
    ['Pengaduan', `${fmtNumber(f.complaints)} (${fmtWeekChange(f.complaints, p?.complaints)})`],
    ['Sentimen negatif', `${fmtNumber(f.negative)} (${fmtWeekChange(f.negative, p?.negative)})`],
    ['Diteruskan ke OPD', `${fmtNumber(f.received)} (${fmtWeekChange(f.received, p?.received)})`],
    ['Ditanggapi OPD', `${fmtNumber(f.answered)} (${fmtWeekChange(f.answered, p?.answered)})`],
    [
      'Sentimen (positif / netral / negatif)',
      `${fmtNumber(s.positive)} / ${fmtNumber(s.neutral)} / ${fmtNumber(s.negative)}`,
    ],
    [
      'Sentimen bersih',
      `${fmtNet(s.netSentiment)} (minggu lalu ${fmtNet(s.netSentimentPrevWeek)}, rata-rata 4 minggu ${fmtNet(s.netSentiment4WeekAvg)})`,
    ],
    [
      'Kecamatan dengan aduan terbanyak',
      s.topKecamatan ? `${s.topKecamatan} (${fmtNumber(s.topKecamatanComplaints)} aduan)` : '–',
    ],
    ['Isu yang sedang naik', s.emerging.length ? s.emerging.map((e) => e.topic).join(', ') : 'tidak ada'],
  ]);
  if (!s.total) w.note('Tidak ada kasus yang masuk pada minggu ini.');
  w.note('Sentimen bersih = (positif - negatif) / jumlah, dari -1 sampai +1.');

  w.heading('Tren harian');
  if (s.daily.length) w.bars(s.daily.map((d) => ({ label: DAY.format(new Date(`${d.date}T00:00:00Z`)), value: d.total })));
  else w.note('Tren harian belum ada pada ringkasan ini: hitung ulang untuk menambahkannya.');
  w.heading('Volume menurut jenis laporan');
  w.bars(count(s, 'intent'));
  w.heading('Volume menurut platform');
  w.bars(count(s, 'platform').filter((b) => b.value > 0));

  const sentimentCols: Col[] = [
    { header: '', width: 150 },
    ...['Jumlah', 'Positif', 'Netral', 'Negatif', 'Bersih', 'Minggu lalu', 'Selisih', 'Rerata 4 minggu'].map(
      (h) => ({ header: h, width: 46, align: 'right' as const }),
    ),
  ];
  for (const [scope, title, first] of [['opd', 'Sentimen per OPD', 'OPD']] as const) {
    w.heading(title);
    w.table(
      sentimentCols.map((c, i) => (i === 0 ? { ...c, header: first } : c)),
      s.sentiment
        .filter((r) => r.scope === scope)
        .map((r) => [
          r.label,
          fmtNumber(r.total),
          fmtNumber(r.positive),
          fmtNumber(r.neutral),
          fmtNumber(r.negative),
          fmtNet(r.net),
          fmtNet(r.netPrevWeek),
          fmtNet(r.netChange),
          fmtNet(r.net4WeekAvg),
        ]),
    );
  }

  w.heading('Tema teratas');
  w.table(
    [
      { header: 'No', width: 30, align: 'right' },
      { header: 'Topik', width: 250 },
      { header: 'Jumlah', width: 80, align: 'right' },
      { header: 'Porsi', width: 80, align: 'right' },
    ],
    s.topics.slice(0, TOP_THEMES).map((t) => [String(t.rank), t.topic, fmtNumber(t.count), fmtPercent(t.share)]),
  );

  w.heading('Isu yang sedang naik');
  w.note(
    'Topik yang jumlah hariannya melampaui rata-rata 28 hari sebelumnya + 2 simpangan baku (minimal 5 kasus sehari).',
  );
  w.table(
    [
      { header: 'Topik', width: 170 },
      { header: 'Tanggal', width: 110 },
      { header: 'Jumlah', width: 60, align: 'right' },
      { header: 'Rata-rata', width: 60, align: 'right' },
      { header: 'Ambang', width: 60, align: 'right' },
      { header: 'Hari', width: 40, align: 'right' },
    ],
    s.emerging.map((e) => [
      e.topic,
      fmtLocalDate(e.date),
      fmtNumber(e.count),
      fmtNumber(e.baselineMean),
      fmtNumber(e.threshold),
      fmtNumber(e.daysOver),
    ]),
    'Tidak ada isu yang melonjak minggu ini.',
  );

  w.heading('Kinerja OPD');
  w.table(
    [
      { header: 'OPD', width: 150 },
      ...['Diterima', 'Dijawab', 'Median respons', 'Dalam tenggat', 'Tunggakan', 'Lewat tenggat'].map(
        (h) => ({ header: h, width: 58, align: 'right' as const }),
      ),
    ],
    s.opd.map((o) => [
      o.opdName,
      fmtNumber(o.received),
      fmtNumber(o.answered),
      fmtHours(o.medianFirstResponseHours),
      fmtPercent(o.withinSlaShare),
      fmtNumber(o.backlog),
      fmtNumber(o.overdue),
    ]),
  );
  w.note(`Tunggakan dan lewat tenggat dihitung pada ${fmtDateTime(s.backlogAsOf, s.timezone)}.`);

  w.heading('Kecamatan dengan aduan terbanyak');
  w.bars(s.locations.slice(0, TOP_PLACES).map((l) => ({ label: l.kecamatan, value: l.complaints })));

  w.heading('Contoh unggahan per tema teratas');
  w.note('Data pribadi disamarkan; pesan pribadi (WhatsApp, chat pribadi Telegram) bersifat rahasia dan tidak ditampilkan.');
  const withSamples = s.topics.slice(0, EXAMPLE_TOPICS).filter((t) => t.samples.length);
  if (!withSamples.length) w.note('Tidak ada contoh unggahan.');
  for (const t of withSamples) {
    w.ensure(40);
    d.font('Helvetica-Bold')
      .fontSize(9.5)
      .fillColor(INK)
      .text(pdfSafe(t.topic), MARGIN, d.y, { width: w.width });
    for (const p of t.samples) {
      w.paragraph(
        `${p.trackingNumber} · ${PLATFORM_LABEL[p.platform] ?? p.platform} · ${fmtDateTime(p.postedAt, s.timezone)} · ${INTENT_LABEL[p.intent] ?? p.intent}, ${SENTIMENT_LABEL[p.sentiment] ?? p.sentiment}`,
        8,
      );
      w.paragraph(`"${p.text}"`, 16);
    }
  }

  w.footer(`Suara Warga · ${s.region} · ${s.week}`);
  return w.toBuffer();
}
