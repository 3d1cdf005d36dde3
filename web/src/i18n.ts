// Bahasa Indonesia labels and formatters. Codes come from the API; users only ever see these names.
import type { Opd, Role } from './types.js';

export const INTENT: Record<string, string> = {
  complaint: 'Pengaduan',
  aspiration: 'Aspirasi',
  question: 'Pertanyaan',
  other: 'Lainnya',
};

export const SENTIMENT: Record<string, string> = { negative: 'Negatif', neutral: 'Netral', positive: 'Positif' };

export const STATUS: Record<string, string> = {
  baru: 'Baru',
  perlu_ditinjau: 'Perlu ditinjau',
  didisposisikan: 'Didisposisikan',
  diproses: 'Diproses',
  menunggu_validasi: 'Menunggu validasi',
  selesai: 'Selesai',
  ditolak: 'Ditolak',
};

export const PLATFORM: Record<string, string> = {
  facebook: 'Facebook',
  instagram: 'Instagram',
  x: 'X',
  tiktok: 'TikTok',
  whatsapp: 'WhatsApp',
  telegram: 'Telegram',
  youtube: 'YouTube',
};

export const ROLE: Record<Role, string> = {
  admin: 'Administrator',
  operator: 'Operator Diskominfo',
  opd: 'Staf OPD',
  pimpinan: 'Pimpinan',
};

export const REJECT_REASON: Record<string, string> = {
  bukan_kewenangan: 'Bukan kewenangan OPD/Pemda',
  spam: 'Spam',
  duplikat: 'Duplikat',
  bukan_laporan: 'Bukan laporan',
};

export const EVENT: Record<string, string> = {
  created: 'Kasus dibuat',
  accepted: 'Diterima OPD',
  note: 'Catatan internal',
  reply_sent: 'Balasan publik terkirim',
  reply_failed: 'Balasan publik gagal',
  reply_uncertain: 'Balasan belum pasti terkirim: periksa di platform',
  rerouted: 'Dialihkan',
  relabelled: 'Label diubah',
  finished: 'Diselesaikan OPD',
  validated: 'Divalidasi Diskominfo',
  returned: 'Dikembalikan ke OPD',
  rejected: 'Ditolak',
  help_requested: 'Minta bantuan OPD lain',
  answer_proposed: 'Usulan jawaban dari OPD pembantu',
  merged: 'Digabungkan',
  followup_attached: 'Tindak lanjut warga dilampirkan',
  post_deleted: 'Unggahan warga dihapus di platform',
  post_edited: 'Unggahan warga disunting di platform',
  sla_at_risk: 'Tenggat hampir lewat',
  sla_overdue: 'Melewati tenggat',
};

export const REPLY_STATE: Record<string, string> = {
  pending: 'Menunggu dikirim',
  sent: 'Terkirim',
  failed: 'Gagal',
  unknown: 'Status tidak diketahui',
  window_closed: 'Jendela balasan WhatsApp tertutup',
  uncertain: 'Tidak pasti: periksa di platform sebelum mengirim ulang',
};

export const ALERT_TYPE: Record<string, string> = {
  sla_at_risk: 'Hampir lewat tenggat',
  sla_overdue: 'Lewat tenggat',
  spike: 'Lonjakan',
};

/** The default OPD registry of domain.md, used when GET /api/opds is not available. */
export const DEFAULT_OPDS: Opd[] = [
  ['DISKOMINFO', 'Dinas Komunikasi, Informatika, Statistik dan Persandian'],
  ['DPUPR', 'Dinas Pekerjaan Umum dan Penataan Ruang'],
  ['DISPERKIM', 'Dinas Perumahan dan Kawasan Permukiman'],
  ['DLH', 'Dinas Lingkungan Hidup'],
  ['DINKES', 'Dinas Kesehatan'],
  ['RSUD', 'Rumah Sakit Umum Daerah'],
  ['DISDIK', 'Dinas Pendidikan dan Kebudayaan'],
  ['DISDUKCAPIL', 'Dinas Kependudukan dan Pencatatan Sipil'],
  ['DISHUB', 'Dinas Perhubungan'],
  ['DINSOS', 'Dinas Sosial'],
  ['BPBD', 'Badan Penanggulangan Bencana Daerah'],
  ['DAMKAR', 'Dinas Pemadam Kebakaran dan Penyelamatan'],
  ['SATPOLPP', 'Satuan Polisi Pamong Praja'],
  ['DPMPTSP', 'Dinas Penanaman Modal dan PTSP'],
  ['DISNAKER', 'Dinas Tenaga Kerja'],
  ['DPMD', 'Dinas Pemberdayaan Masyarakat dan Desa'],
  ['INSPEKTORAT', 'Inspektorat Daerah'],
  ['DISPERINDAG', 'Dinas Perdagangan dan Perindustrian'],
  ['DISTAN', 'Dinas Pertanian dan Peternakan'],
  ['BAPENDA', 'Badan Pendapatan Daerah'],
  ['PDAM', 'Perumda Air Minum'],
].map(([code, name]) => ({ code, name }));

export function label(map: Record<string, string>, code: string | null | undefined): string {
  if (!code) return '–';
  return map[code] ?? code;
}

const dateTime = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium', timeStyle: 'short' });
const timeOnly = new Intl.DateTimeFormat('id-ID', { hour: '2-digit', minute: '2-digit' });
const dayMonth = new Intl.DateTimeFormat('id-ID', { day: 'numeric', month: 'short' });
const dateOnly = new Intl.DateTimeFormat('id-ID', { dateStyle: 'medium' });
const rtf = new Intl.RelativeTimeFormat('id', { numeric: 'auto' });
const num = new Intl.NumberFormat('id-ID');

function parse(iso: string | null | undefined): Date | null {
  if (!iso) return null;
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? null : d;
}

export const fmt = {
  dateTime: (iso: string | null | undefined): string => {
    const d = parse(iso);
    return d ? dateTime.format(d) : '–';
  },
  date: (iso: string | null | undefined): string => {
    const d = parse(iso);
    return d ? dateOnly.format(d) : '–';
  },
  time: (iso: string | null | undefined): string => {
    const d = parse(iso);
    return d ? timeOnly.format(d) : '–';
  },
  dayMonth: (iso: string): string => {
    const d = parse(iso.length === 10 ? `${iso}T00:00:00` : iso);
    return d ? dayMonth.format(d) : iso;
  },
  number: (n: number | null | undefined): string => (typeof n === 'number' && Number.isFinite(n) ? num.format(n) : '–'),
  percent: (share: number | null | undefined): string =>
    typeof share === 'number' && Number.isFinite(share) ? `${num.format(Math.round(share * (share <= 1 ? 100 : 1)))}%` : '–',
  hours: (h: number | null | undefined): string => (typeof h === 'number' && Number.isFinite(h) ? `${num.format(Math.round(h * 10) / 10)} jam` : '–'),
  confidence: (c: number | null | undefined): string => (typeof c === 'number' ? `${Math.round(c * 100)}%` : '–'),
  /** "5 menit yang lalu". */
  relative: (iso: string | null | undefined, now = Date.now()): string => {
    const d = parse(iso);
    if (!d) return '–';
    const s = Math.round((d.getTime() - now) / 1000);
    const abs = Math.abs(s);
    if (abs < 45) return 'baru saja';
    if (abs < 3600) return rtf.format(Math.round(s / 60), 'minute');
    if (abs < 86400) return rtf.format(Math.round(s / 3600), 'hour');
    return rtf.format(Math.round(s / 86400), 'day');
  },
};

/** Deadline countdown: "sisa 2 hari 3 jam" or "lewat 5 jam"; null when there is no deadline. */
export function countdown(dueAt: string | null | undefined, now = Date.now()): { text: string; state: 'ok' | 'soon' | 'late' } | null {
  const d = parse(dueAt);
  if (!d) return null;
  const ms = d.getTime() - now;
  const abs = Math.abs(ms);
  const days = Math.floor(abs / 86_400_000);
  const hours = Math.floor((abs % 86_400_000) / 3_600_000);
  const minutes = Math.floor((abs % 3_600_000) / 60_000);
  const span = days > 0 ? `${days} hari${hours ? ` ${hours} jam` : ''}` : hours > 0 ? `${hours} jam${minutes ? ` ${minutes} menit` : ''}` : `${Math.max(minutes, 1)} menit`;
  if (ms < 0) return { text: `lewat ${span}`, state: 'late' };
  return { text: `sisa ${span}`, state: ms < 86_400_000 ? 'soon' : 'ok' };
}

/** "createdAt" → "Created at", for rendering summary JSON whose keys we do not know in advance. */
export function humanizeKey(key: string): string {
  const words = key
    .replace(/([a-z0-9])([A-Z])/g, '$1 $2')
    .replace(/[_-]+/g, ' ')
    .trim()
    .toLowerCase();
  return words.charAt(0).toUpperCase() + words.slice(1);
}
