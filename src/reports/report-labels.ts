import { PLATFORM_LABEL as COMMON_PLATFORM_LABEL } from '../common/platform.js';

// Bahasa Indonesia labels and number/date formats shared by the PDF, the e-mail and the alerts.

export const INTENT_LABEL: Record<string, string> = {
  complaint: 'Pengaduan',
  aspiration: 'Aspirasi',
  question: 'Pertanyaan',
  other: 'Lainnya',
};
// One list of platform names for reports, exports and views (src/common/platform.ts).
export const PLATFORM_LABEL: Record<string, string> = COMMON_PLATFORM_LABEL;
export const SENTIMENT_LABEL: Record<string, string> = {
  positive: 'Positif',
  neutral: 'Netral',
  negative: 'Negatif',
};
export const UNROUTED_LABEL = 'Belum didisposisikan (triase / bukan laporan)';

const num = new Intl.NumberFormat('id-ID', { maximumFractionDigits: 1 });
const signed = new Intl.NumberFormat('id-ID', {
  maximumFractionDigits: 2,
  minimumFractionDigits: 2,
  signDisplay: 'exceptZero',
});

export const fmtNumber = (n: number | null | undefined): string =>
  n === null || n === undefined ? '–' : num.format(n);
/** Net sentiment on −1..+1, shown with sign and 2 decimals (e.g. −0,25). */
export const fmtNet = (n: number | null | undefined): string =>
  n === null || n === undefined ? '–' : signed.format(n);
export const fmtPercent = (share: number | null | undefined): string =>
  share === null || share === undefined ? '–' : `${num.format(Math.round(share * 1000) / 10)}%`;
export const fmtHours = (h: number | null | undefined): string =>
  h === null || h === undefined ? '–' : `${num.format(h)} jam`;

/** 16 November 2026 (local date string YYYY-MM-DD). */
export function fmtLocalDate(date: string): string {
  return new Intl.DateTimeFormat('id-ID', {
    timeZone: 'UTC',
    day: 'numeric',
    month: 'long',
    year: 'numeric',
  }).format(new Date(`${date}T00:00:00Z`));
}

/** 23 November 2026 07.00 in the regency's zone, with its abbreviation (WIB/WITA/WIT) where known. */
export function fmtDateTime(iso: string, timeZone: string): string {
  const s = new Intl.DateTimeFormat('id-ID', {
    timeZone,
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    hour: '2-digit',
    minute: '2-digit',
    hourCycle: 'h23',
  }).format(new Date(iso));
  return `${s} ${ZONE_ABBR[timeZone] ?? timeZone}`;
}

export const ZONE_ABBR: Record<string, string> = {
  'Asia/Jakarta': 'WIB',
  'Asia/Pontianak': 'WIB',
  'Asia/Makassar': 'WITA',
  'Asia/Jayapura': 'WIT',
};

/** "WITA" for Asia/Makassar; the zone's own name where Indonesia has no abbreviation for it. */
export const zoneName = (timeZone: string): string => ZONE_ABBR[timeZone] ?? timeZone;

const SHORT_MONTH = ['Jan', 'Feb', 'Mar', 'Apr', 'Mei', 'Jun', 'Jul', 'Agu', 'Sep', 'Okt', 'Nov', 'Des'];

/** A week's span in local dates, "30 Nov – 6 Des 2026" (the year once when both ends share it). */
export function fmtWeekSpan(firstDay: string, lastDay: string): string {
  const [y1, m1, d1] = firstDay.split('-').map(Number);
  const [y2, m2, d2] = lastDay.split('-').map(Number);
  const start = y1 === y2 ? `${d1} ${SHORT_MONTH[m1 - 1]}` : `${d1} ${SHORT_MONTH[m1 - 1]} ${y1}`;
  return `${start} – ${d2} ${SHORT_MONTH[m2 - 1]} ${y2}`;
}

/** "minggu lalu 2, naik 300%" (or "turun 0,25" for net sentiment): a figure against the week before. */
export function fmtWeekChange(cur: number | null, prev: number | null | undefined, net = false): string {
  if (cur === null || prev === null || prev === undefined) return 'minggu lalu –';
  const was = `minggu lalu ${net ? fmtNet(prev) : fmtNumber(prev)}`;
  const diff = cur - prev;
  if (Math.abs(diff) < 1e-9) return `${was}, tetap`;
  const dir = diff > 0 ? 'naik' : 'turun';
  if (net) return `${was}, ${dir} ${fmtNet(Math.abs(diff)).replace(/^\+/, '')}`;
  if (prev === 0) return `${was}, naik dari nol`;
  return `${was}, ${dir} ${fmtNumber(Math.round((Math.abs(diff) / prev) * 100))}%`;
}
