// Ringkasan (for the Sekda): daily trends by intent and sentiment, OPD performance, top topics and
// the weekly summaries with PDF/CSV downloads. Every block degrades on its own to "belum tersedia".
import { api, download, errorText, isUnavailable } from '../api.js';
import type { View, ViewContext } from '../context.js';
import { empty, h, put, select, unavailable } from '../dom.js';
import { fmt, humanizeKey, INTENT, SENTIMENT } from '../i18n.js';
import type { OpdPerformance, Topics, Trends, WeeklyList } from '../types.js';

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
    h('table', { class: `table ${cls}`.trim() }, h('thead', null, h('tr', null, ...headers.map((x) => h('th', { scope: 'col' }, x)))), h('tbody', null, ...rows.map((r) => h('tr', null, ...r.map((cell) => h('td', null, cell)))))),
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
      const w = await api.get<WeeklyList>('/api/reports/weekly');
      const items = Array.isArray(w?.items) ? w.items : [];
      if (!items.length) return put(weeklyBox, empty('Belum ada ringkasan mingguan. Ringkasan dibuat setiap Senin pukul 07.00.'));
      put(
        weeklyBox,
        table(
          ['Minggu', 'Periode', 'Dibuat', 'Unduh'],
          items.map((r) => [
            h('a', { href: `/ringkasan/mingguan/${encodeURIComponent(r.week)}` }, r.week),
            `${fmt.date(r.from)} – ${fmt.date(r.to)}`,
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

function downloadButton(text: string, week: string, ext: 'pdf' | 'csv', ctx: ViewContext, table?: string): HTMLButtonElement {
  const b = h('button', { type: 'button', class: 'ghost small', 'data-download': ext }, table ? `${text}: ${humanizeKey(table)}` : text);
  b.addEventListener('click', () => {
    b.disabled = true;
    download(`/api/reports/weekly/${encodeURIComponent(week)}.${ext}`, `ringkasan-${week}${table ? `-${table}` : ''}.${ext}`, table ? { table } : undefined)
      .catch((e: unknown) => ctx.toast(`Unduh ${text}: ${errorText(e)}`, 'error'))
      .finally(() => (b.disabled = false));
  });
  return b;
}

/** Renders a summary JSON of unknown shape as text: scalars as rows, arrays of objects as tables. */
function renderValue(v: unknown, depth = 0): Node {
  if (v === null || v === undefined) return document.createTextNode('–');
  if (typeof v === 'number') return document.createTextNode(fmt.number(v));
  if (typeof v === 'string' || typeof v === 'boolean' || typeof v === 'bigint') return document.createTextNode(String(v));
  if (typeof v !== 'object') return document.createTextNode('–');
  if (Array.isArray(v)) {
    if (!v.length) return document.createTextNode('–');
    if (v.every((x) => x && typeof x === 'object' && !Array.isArray(x))) {
      const cols = [...new Set(v.flatMap((x) => Object.keys(x as object)))];
      return table(
        cols.map(humanizeKey),
        v.map((row) => cols.map((k) => renderValue((row as Record<string, unknown>)[k], depth + 1))),
        'compact',
      );
    }
    return document.createTextNode(v.map((x) => (typeof x === 'object' ? JSON.stringify(x) : String(x))).join(', '));
  }
  if (depth > 3) return document.createTextNode(JSON.stringify(v));
  return h('dl', { class: 'kv' }, ...Object.entries(v as Record<string, unknown>).flatMap(([k, x]) => [h('dt', null, humanizeKey(k)), h('dd', null, renderValue(x, depth + 1))]));
}

export function weeklyView(ctx: ViewContext): View {
  const week = ctx.params.week;
  const body = h('div', { class: 'weekly-body', 'data-testid': 'weekly-detail' }, h('p', { class: 'empty' }, 'Memuat ringkasan…'));
  const downloads = h('div', { class: 'downloads' }, downloadButton('Unduh PDF', week, 'pdf', ctx), downloadButton('Unduh CSV', week, 'csv', ctx));
  const el = h('div', { class: 'view weekly' }, h('a', { href: '/ringkasan', class: 'back' }, '← Ringkasan'), h('div', { class: 'view-head' }, h('h1', null, `Ringkasan mingguan ${week}`), h('span', { class: 'spacer' }), downloads), body);
  void api
    .get<Record<string, unknown>>(`/api/reports/weekly/${encodeURIComponent(week)}`)
    .then((summary) => {
      const sections = Object.entries(summary ?? {});
      const tables = sections.filter(([, v]) => Array.isArray(v) && v.length).map(([k]) => k);
      for (const t of tables) downloads.appendChild(downloadButton('CSV', week, 'csv', ctx, t));
      const scalar = (v: unknown): boolean => v === null || typeof v !== 'object';
      const overview = sections.filter(([, v]) => scalar(v));
      put(
        body,
        overview.length ? h('section', { class: 'panel' }, h('h2', null, 'Ikhtisar'), renderValue(Object.fromEntries(overview))) : null,
        ...sections.filter(([, v]) => !scalar(v)).map(([k, v]) => h('section', { class: 'panel' }, h('h2', null, humanizeKey(k)), renderValue(v))),
      );
    })
    .catch((e: unknown) => put(body, failure('Ringkasan minggu ini', e)));
  return { title: `Ringkasan ${week}`, el };
}
