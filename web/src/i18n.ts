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
  open311: 'Open311 (situs/aplikasi)',
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
  notice_sent: 'Pemberitahuan otomatis ke warga terkirim',
  notice_failed: 'Pemberitahuan otomatis ke warga gagal',
  notice_uncertain: 'Pemberitahuan otomatis belum pasti terkirim: periksa di platform',
  rated: 'Warga memberi penilaian',
  reopened_by_citizen: 'Dibuka kembali: warga menilai belum selesai',
  confidentiality_changed: 'Kerahasiaan laporan diubah',
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
  returned_to_triage: 'Dikembalikan ke triase Diskominfo (bukan kewenangan)',
  merged_in: 'Duplikat digabungkan ke kasus ini',
  reopened: 'Dibuka kembali',
  auto_closed: 'Ditutup otomatis',
  flags_changed: 'Sifat laporan diubah (anonim/rahasia)',
  lapor_marked: 'Ditandai untuk SP4N-LAPOR!',
  lapor_forwarded: 'Diteruskan ke SP4N-LAPOR!',
  lapor_status_changed: 'Status di SP4N-LAPOR! berubah',
};

/** Why a case stands where it is (status reasons, event reasons): every code the server writes. */
export const STATUS_REASON: Record<string, string> = {
  ...REJECT_REASON,
  klasifikasi_ragu: 'Mesin ragu dengan klasifikasinya',
  opd_tidak_dikenali: 'OPD tujuan tidak dikenali mesin',
  dialihkan: 'Dialihkan dari OPD lain',
  dilabel_ulang: 'Label diubah petugas',
  dibuka_kembali: 'Dibuka kembali',
  di_luar_kewenangan: 'Di luar kewenangan Pemkab: teruskan ke instansi yang berwenang',
  kode_layanan_berbeda: 'Layanan yang dipilih pelapor berbeda dengan hasil klasifikasi',
};

/** Who did it: people by their user name, the service itself as "Sistem". */
export const actorLabel = (actor: string | null | undefined): string => (!actor ? '' : actor === 'system' ? 'Sistem' : actor);

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

/** 2026-12-08 → 08/12/2026 (dd/mm/yyyy, whatever the browser's own locale). */
export function isoToDmy(iso: string | null | undefined): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso ?? '');
  return m ? `${m[3]}/${m[2]}/${m[1]}` : '';
}

/** 8/12/2026 or 08-12-2026 → 2026-12-08; null when it is not a real date. */
export function dmyToIso(text: string): string | null {
  const m = /^(\d{1,2})[/.-](\d{1,2})[/.-](\d{4})$/.exec(text.trim());
  if (!m) return null;
  const iso = `${m[3]}-${m[2].padStart(2, '0')}-${m[1].padStart(2, '0')}`;
  const d = new Date(`${iso}T00:00:00Z`);
  return !Number.isNaN(d.getTime()) && d.toISOString().slice(0, 10) === iso ? iso : null;
}
