// SP4N-LAPOR! behind an interface (upstream-apis.md §2): there is no public current wire spec
// (the integration docs sit behind a LAPOR! developer account), so the service talks to this
// interface, built on the process model of §2.2–2.3. The HTTP adapter below is one guess at the
// wire; when a developer account shows the real API, write another adapter and bind it to
// LAPOR_ADAPTER in lapor.module — nothing else changes.

/** Klasifikasi at verification (§2.2): aspirasi, pengaduan, permintaan informasi. */
export type LaporKlasifikasi = 'pengaduan' | 'aspirasi' | 'permintaan_informasi';

/** Statuses observable in the process (§2.3), with its side exits. */
export const LAPOR_STATUSES = ['belum_terverifikasi', 'terverifikasi', 'didisposisi', 'proses', 'tindak_lanjut', 'selesai', 'tunda', 'bukan_wewenang', 'arsip'] as const;
export type LaporStatus = (typeof LAPOR_STATUSES)[number];
/** After these nothing changes on LAPOR!'s side; the case stops being read back. */
export const LAPOR_FINAL: readonly string[] = ['selesai', 'bukan_wewenang', 'arsip'];

export interface LaporReport {
  /** Same for every attempt of one forward: the receiver answers a resend with the first result. */
  idempotencyKey: string;
  /** Our tracking number, so LAPOR! staff can refer back. */
  referensi: string;
  judul: string;
  isi: string;
  klasifikasi: LaporKlasifikasi;
  kategori: string | null;
  lokasi: string | null;
  tanggal: string;
  /** Separate flags (§2.1–2.2): anonim hides the reporter, rahasia hides the report from the public. */
  anonim: boolean;
  rahasia: boolean;
  /** Null when anonim. */
  pelapor: { nama: string } | null;
  /** The OPD that handles it in the regency. */
  instansi: { kode: string; nama: string } | null;
  saluran: string;
}

export interface LaporSubmitted {
  trackingId: string;
  status: string;
}

export interface LaporState {
  trackingId: string;
  status: string;
  /** The follow-up LAPOR! shows, when there is one. */
  tindakLanjut: string | null;
  updatedAt: string | null;
}

/** A failed call; `retryable` for outages and throttles, not for a refusal. */
export class LaporError extends Error {
  constructor(
    message: string,
    public readonly retryable: boolean,
    public readonly status?: number,
    public readonly retryAfterSec?: number,
  ) {
    super(message);
    this.name = 'LaporError';
  }
}

export interface LaporAdapter {
  submit(report: LaporReport): Promise<LaporSubmitted>;
  /** Current state of forwarded reports (unknown ids are left out). */
  status(trackingIds: string[]): Promise<LaporState[]>;
}

export const LAPOR_ADAPTER = Symbol('LAPOR_ADAPTER');
