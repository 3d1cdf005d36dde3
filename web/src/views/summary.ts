// Ringkasan (for the Sekda): daily trends by intent and sentiment, OPD performance, top topics and
// the weekly summaries with PDF/CSV downloads. Every block degrades on its own to "belum tersedia".
import { mondayOf, shiftWeek, weekAt } from '../../../src/reports/iso-week.js';
import { fmtNet, fmtPercent, fmtWeekSpan, zoneName } from '../../../src/reports/report-labels.js';
import { addDays, localDate } from '../../../src/sla/working-calendar.js';
import { api, ApiError, download, errorText, isUnavailable } from '../api.js';
import type { View, ViewContext } from '../context.js';
import { currentCalendar, loadCalendar } from '../data.js';
import { badge, empty, h, put, select, unavailable } from '../dom.js';
import { fmt, INTENT, SENTIMENT } from '../i18n.js';
import type { OpdPerformance, Role, Topics, Trends, WeekFigures, WeeklyList, WeeklySummary } from '../types.js';

const INTENT_COLORS: Record<string, string> = { complaint: '#c0392b', aspiration: '#2563eb', question: '#c88a04', other: '#7b8494' };
const SENTIMENT_COLORS: Record<string, string> = { negative: '#c0392b', neutral: '#7b8494', positive: '#1e8e4e' };

type Charts = typeof import('../charts.js');
let chartsModule: Promise<Charts> | null = null;
const loadCharts = (): Promise<Charts> => (chartsModule ??= import('../charts.js'));

function failure(what: string, e: unknown): HTMLElement {
  return isUnavailable(e) ? unavailable(what) : h('p', { class: 'empty error' }, `${what}: ${errorText(e)}`);
}

function table(headers: string[], rows: Array<Array<string | Node>>, cls = ''): HTMLElement {
  return h(
    'div',
    { class: 'table-wrap' },
    h('table', { class: `table ${cls}`.trim() }, h('thead', null, h('tr', null, ...headers.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((cell, i) => h('td', { 'data-label': headers[i] }, cell)))))),
  );
}

export function summaryView(ctx: ViewContext): View {
  const days = ['7', '30', '90'].includes(ctx.query.get('hari') ?? '') ? ctx.query.get('hari')! : '30';
  const period = select('hari', [['7', '7 hari'], ['30', '30 hari'], ['90', '90 hari']], days, { 'aria-label': 'Periode' });
  const charts: Array<{ destroy(): void }> = [];

  const trendBox = h('div', { class: 'trend-grid', 'data-testid': 'trends' }, h('p', { class: 'empty' }, 'Memuat tren…'));
  const perfBox = h('div', { 'data-testid': 'opd-performance' }, h('p', { class: 'empty' }, 'Memuat…'));
  const topicBox = h('div', { 'data-testid': 'topics' }, h('p', { class: 'empty' }, 'Memuat…'));
  const weeklyBox = h('div', { 'data-testid': 'weekly' }, h('p', { class: 'empty' }, 'Memuat…'));

  const el = h(
    'div',
    { class: 'view summary' },
    h('div', { class: 'view-head' }, h('h1', null, 'Ringkasan'), h('span', { class: 'spacer' }), h('label', { class: 'inline' }, 'Periode ', period)),
    h('section', { class: 'panel' }, h('h2', null, 'Tren harian'), trendBox),
    h('div', { class: 'summary-grid' }, h('section', { class: 'panel' }, h('h2', null, 'Kinerja OPD'), perfBox), h('section', { class: 'panel' }, h('h2', null, 'Topik teratas (7 hari)'), topicBox)),
    h('section', { class: 'panel' }, h('h2', null, 'Ringkasan mingguan'), weeklyBox),
  );
  period.addEventListener('change', () => ctx.navigate(`/ringkasan?hari=${period.value}`, true));

  async function loadTrends(): Promise<void> {
    try {
      const t = await api.get<Trends>('/api/stats/trends', { days });
      const rows = Array.isArray(t?.days) ? t.days : [];
      if (!rows.length) return put(trendBox, empty('Belum ada data untuk periode ini.'));
      const labels = rows.map((d) => fmt.dayMonth(d.date));
      const intentCanvas = h('canvas', { role: 'img', 'aria-label': 'Grafik jumlah kasus per hari menurut jenis' });
      const sentimentCanvas = h('canvas', { role: 'img', 'aria-label': 'Grafik jumlah kasus per hari menurut sentimen' });
      const dataTable = table(
        ['Tanggal', ...Object.values(INTENT), ...Object.values(SENTIMENT)],
        rows.map((d) => [fmt.dayMonth(d.date), ...Object.keys(INTENT).map((k) => fmt.number(d.byIntent?.[k] ?? 0)), ...Object.keys(SENTIMENT).map((k) => fmt.number(d.bySentiment?.[k] ?? 0))]),
        'compact',
      );
      put(
        trendBox,
        h('figure', { class: 'chart' }, h('figcaption', null, 'Menurut jenis'), h('div', { class: 'chart-box' }, intentCanvas)),
        h('figure', { class: 'chart' }, h('figcaption', null, 'Menurut sentimen'), h('div', { class: 'chart-box' }, sentimentCanvas)),
        h('details', { class: 'data-table' }, h('summary', null, 'Lihat data dalam tabel'), dataTable),
      );
      const { lineChart } = await loadCharts();
      charts.push(
        lineChart(
          intentCanvas,
          labels,
          Object.entries(INTENT).map(([k, name]) => ({ label: name, color: INTENT_COLORS[k], data: rows.map((d) => d.byIntent?.[k] ?? 0) })),
        ),
        lineChart(
          sentimentCanvas,
          labels,
          Object.entries(SENTIMENT).map(([k, name]) => ({ label: name, color: SENTIMENT_COLORS[k], data: rows.map((d) => d.bySentiment?.[k] ?? 0) })),
        ),
      );
    } catch (e) {
      put(trendBox, failure('Tren harian', e));
    }
  }

  async function loadPerformance(): Promise<void> {
    try {
      const p = await api.get<OpdPerformance>('/api/stats/opd-performance', { days });
      // Busiest OPDs first; OPDs with nothing in the period go to the end.
      const items = (Array.isArray(p?.items) ? p.items : []).slice().sort((a, b) => (b.received ?? 0) - (a.received ?? 0) || (b.backlog ?? 0) - (a.backlog ?? 0));
      if (!items.length) return put(perfBox, empty('Belum ada data kinerja.'));
      put(
        perfBox,
        table(
          ['OPD', 'Diterima', 'Dijawab', 'Median respons pertama', 'Dalam tenggat', 'Tunggakan', 'Lewat tenggat'],
          items.map((r) => [
            h('span', { title: r.opdName }, r.opdCode),
            fmt.number(r.received),
            fmt.number(r.answered),
            fmt.hours(r.medianFirstResponseHours),
            fmt.percent(r.withinSlaShare),
            fmt.number(r.backlog),
            h('span', { class: r.overdue > 0 ? 'num-bad' : '' }, fmt.number(r.overdue)),
          ]),
          'perf',
        ),
      );
    } catch (e) {
      put(perfBox, failure('Kinerja OPD', e));
    }
  }

  async function loadTopics(): Promise<void> {
    try {
      const t = await api.get<Topics>('/api/stats/topics', { days: 7 });
      const items = (Array.isArray(t?.items) ? t.items : []).slice(0, 12);
      if (!items.length) return put(topicBox, empty('Belum ada topik.'));
      const max = Math.max(1, ...items.map((i) => i.count));
      put(
        topicBox,
        h(
          'ol',
          { class: 'topics' },
          ...items.map((i) => {
            const bar = h('span', { class: 'bar' });
            bar.style.width = `${Math.round((i.count / max) * 100)}%`;
            return h('li', null, h('span', { class: 'bk-label' }, i.topic), h('span', { class: 'bk-bar' }, bar), h('span', { class: 'bk-n' }, fmt.number(i.count)));
          }),
        ),
      );
    } catch (e) {
      put(topicBox, failure('Topik teratas', e));
    }
  }

  async function loadWeekly(): Promise<void> {
    try {
      const [w, cal] = await Promise.all([api.get<WeeklyList>('/api/reports/weekly'), loadCalendar()]);
      const items = Array.isArray(w?.items) ? w.items : [];
      const maker = canGenerate(ctx.user.role) ? generateForm(ctx) : null;
      if (!items.length)
        return put(weeklyBox, empty('Belum ada ringkasan mingguan. Ringkasan dibuat otomatis setiap Senin pukul 07.00, atau buat sekarang.'), maker);
      put(
        weeklyBox,
        maker,
        table(
          ['Minggu', 'Periode', 'Dibuat', 'Unduh'],
          items.map((r) => [
            h('a', { href: `/ringkasan/mingguan/${encodeURIComponent(r.week)}` }, weekTitle(r.week)),
            `${fmtWeekSpan(localDate(new Date(r.from), cal.timezone), localDate(new Date(r.to), cal.timezone))}, ${zoneName(cal.timezone)}`,
            fmt.dateTime(r.generatedAt),
            h('span', { class: 'downloads' }, downloadButton('PDF', r.week, 'pdf', ctx), downloadButton('CSV', r.week, 'csv', ctx)),
          ]),
        ),
      );
    } catch (e) {
      put(weeklyBox, failure('Ringkasan mingguan', e));
    }
  }

  void loadTrends();
  void loadPerformance();
  void loadTopics();
  void loadWeekly();
  return {
    title: 'Ringkasan',
    el,
    dispose() {
      charts.forEach((c) => c.destroy());
    },
  };
}

const TABLE_LABEL: Record<string, string> = {
  volume: 'Volume',
  sentiment: 'Sentimen',
  topics: 'Topik',
  opd: 'Kinerja OPD',
  locations: 'Kecamatan',
  emerging: 'Isu yang naik',
};

function downloadButton(text: string, week: string, ext: 'pdf' | 'csv', ctx: ViewContext, table?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'ghost small', 'data-download': ext }, table ? `${text}: ${TABLE_LABEL[table] ?? table}` : text);
  b.addEventListener('click', () => {
    b.disabled = true;
    download(`/api/reports/weekly/${encodeURIComponent(week)}.${ext}`, `ringkasan-${week}${table ? `-${table}` : ''}.${ext}`, table ? { table } : undefined)
      .catch((e: unknown) => ctx.toast(`Unduh ${text}: ${errorText(e)}`, 'error'))
      .finally(() => (b.disabled = false));
  });
  return b;
}

const canGenerate = (role: Role): boolean => role === 'pimpinan' || role === 'admin';

/** "Minggu ke-49 2026" for 2026-W49. */
function weekTitle(week: string): string {
  const [y, n] = week.split('-W');
  return `Minggu ke-${Number(n)} ${y}`;
}

/** POST /api/reports/weekly/{week}: the summary is computed now and stored. */
async function generate(week: string): Promise<WeeklySummary> {
  return api.post<WeeklySummary>(`/api/reports/weekly/${encodeURIComponent(week)}`);
}

/** "Buat ringkasan sekarang" for this week so far, and any past week to recompute. */
function generateForm(ctx: ViewContext): HTMLElement {
  const cal = currentCalendar();
  const thisWeek = weekAt(new Date(), cal.timezone);
  const now = h('button', { type: 'button', class: 'primary', 'data-testid': 'generate-now' }, 'Buat ringkasan sekarang');
  // A list of recent weeks rather than type=week, which a browser in English labels "Week 49".
  const weeks = Array.from({ length: 26 }, (_, i) => shiftWeek(thisWeek, -i - 1)).map((w): [string, string] => {
    const monday = mondayOf(w)!;
    return [w, `${weekTitle(w)} (${fmtWeekSpan(monday, addDays(monday, 6))})`];
  });
  const pick = select('week', weeks, weeks[0][0], { 'aria-label': 'Minggu' });
  const again = h('button', { type: 'submit', class: 'ghost' }, 'Hitung ulang minggu ini');
  const form = h('form', { class: 'generate-form' }, now, h('span', { class: 'or' }, 'atau pilih minggu lain:'), pick, again);
  const run = (week: string, button: HTMLButtonElement): void => {
    button.disabled = true;
    const label = button.textContent;
    button.textContent = 'Sedang dihitung…';
    generate(week)
      .then(() => {
        ctx.toast(`Ringkasan ${weekTitle(week)} sudah dibuat.`, 'ok');
        ctx.navigate(`/ringkasan/mingguan/${encodeURIComponent(week)}`);
      })
      .catch((e: unknown) => ctx.toast(`Buat ringkasan: ${errorText(e)}`, 'error'))
      .finally(() => {
        button.disabled = false;
        button.textContent = label;
      });
  };
  now.addEventListener('click', () => run(thisWeek, now));
  form.addEventListener('submit', (ev) => {
    ev.preventDefault();
    if (mondayOf(pick.value)) run(pick.value, again);
    else ctx.toast('Pilih minggu terlebih dahulu.', 'error');
  });
  return form;
}

/** "▲ 60%" against last week; `higherIsBetter` colours it (more complaints is not good news). */
function change(cur: number | null, prev: number | null | undefined, higherIsBetter: boolean, net = false): HTMLElement {
  if (cur === null || prev === null || prev === undefined) return h('span', { class: 'delta' }, 'minggu lalu –');
  const diff = cur - prev;
  const was = `minggu lalu ${net ? fmtNet(prev) : fmt.number(prev)}`;
  if (Math.abs(diff) < 1e-9) return h('span', { class: 'delta same' }, `${was} · tetap`);
  const up = diff > 0;
  const amount = net ? fmtNet(diff).replace(/^[+-−]/, '') : prev === 0 ? null : `${fmt.number(Math.round((Math.abs(diff) / prev) * 100))}%`;
  const text = amount === null ? `${was} · naik dari nol` : `${was} · ${up ? '▲ naik' : '▼ turun'} ${amount}`;
  return h('span', { class: `delta ${up === higherIsBetter ? 'good' : 'bad'}`, 'data-delta': String(diff) }, text);
}

function tiles(s: WeeklySummary): HTMLElement {
  const f = s.figures;
  const p: Partial<WeekFigures> = s.previousWeek ?? {};
  const tile = (key: string, title: string, value: string, delta: HTMLElement): HTMLElement =>
    h('div', { class: 'tile', 'data-figure': key }, h('span', { class: 'tile-l' }, title), h('span', { class: 'tile-n' }, value), delta);
  return h(
    'div',
    { class: 'tiles', 'data-testid': 'figures' },
    tile('total', 'Jumlah kasus', fmt.number(f.total), change(f.total, p.total, false)),
    tile('complaints', 'Pengaduan', fmt.number(f.complaints), change(f.complaints, p.complaints, false)),
    tile('negative', 'Sentimen negatif', fmt.number(f.negative), change(f.negative, p.negative, false)),
    tile('net', 'Sentimen bersih', fmtNet(f.netSentiment), change(f.netSentiment, p.netSentiment, true, true)),
    tile('received', 'Diteruskan ke OPD', fmt.number(f.received), change(f.received, p.received, false)),
    tile('answered', 'Ditanggapi OPD', fmt.number(f.answered), change(f.answered, p.answered, true)),
  );
}

const DAY_NAME = new Intl.DateTimeFormat('id-ID', { weekday: 'short', day: 'numeric', month: 'short', timeZone: 'UTC' });
const dayLabel = (date: string): string => DAY_NAME.format(new Date(`${date}T00:00:00Z`));

function bars(items: Array<{ label: string; value: number; note?: string }>, testid: string): HTMLElement {
  if (!items.length) return empty('Tidak ada data.');
  const max = Math.max(1, ...items.map((i) => i.value));
  return h(
    'ol',
    { class: 'topics', 'data-testid': testid },
    ...items.map((i) => {
      const bar = h('span', { class: 'bar' });
      bar.style.width = `${Math.round((i.value / max) * 100)}%`;
      return h('li', null, h('span', { class: 'bk-label' }, i.label), h('span', { class: 'bk-bar' }, bar), h('span', { class: 'bk-n' }, i.note ?? fmt.number(i.value)));
    }),
  );
}

export function weeklyView(ctx: ViewContext): View {
  const week = ctx.params.week;
  const charts: Array<{ destroy(): void }> = [];
  const body = h('div', { class: 'weekly-body', 'data-testid': 'weekly-detail' }, h('p', { class: 'empty' }, 'Memuat ringkasan…'));
  const sub = h('p', { class: 'weekly-period', 'data-testid': 'weekly-period' });
  const downloads = h('div', { class: 'downloads' }, downloadButton('Unduh PDF', week, 'pdf', ctx));
  const again = canGenerate(ctx.user.role) ? h('button', { type: 'button', class: 'ghost', 'data-testid': 'regenerate' }, 'Hitung ulang sekarang') : null;
  const el = h(
    'div',
    { class: 'view weekly' },
    h('a', { href: '/ringkasan', class: 'back' }, '← Ringkasan'),
    h('div', { class: 'view-head' }, h('h1', null, `Ringkasan Mingguan · ${mondayOf(week) ? weekTitle(week) : week}`), h('span', { class: 'spacer' }), again, downloads),
    sub,
    body,
  );

  function render(s: WeeklySummary): void {
    charts.splice(0).forEach((c) => c.destroy());
    put(
      sub,
      `${s.region} · ${fmtWeekSpan(s.firstDay, s.lastDay)}, ${s.zoneName}`,
      s.partial ? badge(`Minggu berjalan: data sampai ${fmt.dateTime(s.generatedAt)} ${s.zoneName}`, 'partial') : h('span', { class: 'generated' }, ` · dibuat ${fmt.dateTime(s.generatedAt)} ${s.zoneName}`),
    );
    const volume = (dim: string) => s.volume.filter((v) => v.dimension === dim && v.count > 0).map((v) => ({ label: v.label, value: v.count }));
    const trendCanvas = h('canvas', { role: 'img', 'aria-label': 'Grafik jumlah kasus per hari minggu ini' });
    const opd = s.opd.filter((o) => o.received > 0 || o.backlog > 0);
    put(
      body,
      h('section', { class: 'panel' }, h('h2', null, 'Ikhtisar'), tiles(s), s.total ? null : h('p', { class: 'note' }, 'Tidak ada kasus yang masuk pada minggu ini.')),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Tren harian'),
        s.daily.length ? h('figure', { class: 'chart' }, h('div', { class: 'chart-box' }, trendCanvas)) : null,
        s.daily.length
          ? table(
              ['Hari', 'Kasus', 'Pengaduan', 'Negatif'],
              s.daily.map((d) => [dayLabel(d.date), fmt.number(d.total), fmt.number(d.complaints), fmt.number(d.negative)]),
              'compact daily',
            )
          : empty('Tren harian belum ada pada ringkasan ini: hitung ulang untuk menambahkannya.'),
      ),
      h(
        'div',
        { class: 'summary-grid' },
        h('section', { class: 'panel' }, h('h2', null, 'Menurut jenis laporan'), bars(volume('intent'), 'by-intent')),
        h('section', { class: 'panel' }, h('h2', null, 'Menurut platform'), bars(volume('platform'), 'by-platform')),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Kinerja OPD'),
        opd.length
          ? table(
              ['OPD', 'Diterima', 'Ditanggapi', 'Median respons pertama', 'Dalam tenggat', 'Tunggakan', 'Lewat tenggat'],
              opd.map((r) => [
                h('span', { title: r.opdName }, r.opdCode),
                fmt.number(r.received),
                fmt.number(r.answered),
                fmt.hours(r.medianFirstResponseHours),
                fmt.percent(r.withinSlaShare),
                fmt.number(r.backlog),
                h('span', { class: r.overdue > 0 ? 'num-bad' : '' }, fmt.number(r.overdue)),
              ]),
              'perf',
            )
          : empty('Tidak ada kasus yang diteruskan ke OPD minggu ini.'),
        h('p', { class: 'note' }, `Tunggakan dan lewat tenggat dihitung pada ${fmt.dateTime(s.backlogAsOf)} ${s.zoneName}.`),
      ),
      h(
        'div',
        { class: 'summary-grid' },
        h(
          'section',
          { class: 'panel' },
          h('h2', null, 'Tema teratas'),
          bars(
            s.topics.slice(0, 5).map((t) => ({ label: t.topic, value: t.count, note: `${fmt.number(t.count)} (${fmtPercent(t.share)})` })),
            'top-topics',
          ),
        ),
        h('section', { class: 'panel' }, h('h2', null, 'Kecamatan dengan aduan terbanyak'), bars(s.locations.slice(0, 5).map((l) => ({ label: l.kecamatan, value: l.complaints })), 'by-kecamatan')),
      ),
      h(
        'section',
        { class: 'panel' },
        h('h2', null, 'Isu yang sedang naik'),
        s.emerging.length
          ? h('ul', { class: 'emerging' }, ...s.emerging.map((e) => h('li', null, h('strong', null, e.topic), ` — ${fmt.number(e.count)} kasus pada ${dayLabel(e.date)} (biasanya ${fmt.number(Math.round(e.baselineMean * 10) / 10)} sehari)`)))
          : empty('Tidak ada isu yang melonjak minggu ini.'),
      ),
      h(
        'details',
        { class: 'panel data-table' },
        h('summary', null, 'Unduh data (CSV)'),
        h('div', { class: 'downloads' }, ...Object.keys(TABLE_LABEL).map((t) => downloadButton('CSV', week, 'csv', ctx, t))),
      ),
    );
    if (s.daily.length)
      void loadCharts().then(({ lineChart }) => {
        if (!trendCanvas.isConnected) return;
        charts.push(
          lineChart(
            trendCanvas,
            s.daily.map((d) => dayLabel(d.date)),
            [
              { label: 'Kasus', color: '#2563eb', data: s.daily.map((d) => d.total) },
              { label: 'Pengaduan', color: INTENT_COLORS.complaint, data: s.daily.map((d) => d.complaints) },
              { label: 'Negatif', color: '#8e44ad', data: s.daily.map((d) => d.negative) },
            ],
          ),
        );
      });
  }

  function notYet(): void {
    const monday = mondayOf(week);
    put(sub, monday ? `${fmtWeekSpan(monday, addDays(monday, 6))}, ${zoneName(currentCalendar().timezone)}` : '');
    const make = canGenerate(ctx.user.role) && monday ? h('button', { type: 'button', class: 'primary', 'data-testid': 'generate-now' }, 'Buat ringkasan sekarang') : null;
    make?.addEventListener('click', () => void regenerate(make));
    put(body, h('section', { class: 'panel' }, empty(`Ringkasan ${monday ? weekTitle(week) : week} belum dibuat.`), make));
  }

  async function regenerate(button: HTMLButtonElement): Promise<void> {
    button.disabled = true;
    const label = button.textContent;
    button.textContent = 'Sedang dihitung…';
    try {
      render(await generate(week));
      ctx.toast('Ringkasan sudah dihitung ulang dengan data terbaru.', 'ok');
    } catch (e) {
      ctx.toast(`Buat ringkasan: ${errorText(e)}`, 'error');
    } finally {
      button.disabled = false;
      button.textContent = label;
    }
  }
  again?.addEventListener('click', () => void regenerate(again));

  void loadCalendar()
    .then(() => api.get<WeeklySummary>(`/api/reports/weekly/${encodeURIComponent(week)}`))
    .then(render)
    .catch((e: unknown) => (e instanceof ApiError && e.status === 404 && !e.unavailable ? notYet() : put(body, failure('Ringkasan minggu ini', e))));
  return {
    title: `Ringkasan ${week}`,
    el,
    dispose() {
      charts.forEach((c) => c.destroy());
    },
  };
}

