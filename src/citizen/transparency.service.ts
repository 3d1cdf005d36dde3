import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { Clock } from '../common/clock.js';
import { maskPii } from '../common/pii.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { shiftWeek, weekAt, weekBounds } from '../reports/iso-week.js';
import { StatsService, type OpdPerformance } from '../stats/stats.service.js';

// The regency's public figures (issue 15 §4): per OPD, the weekly trend, the top themes by
// kecamatan and recently finished public cases. Computed at most once a minute per instance, so a
// link from the Bupati's account costs the database one computation a minute, not one per visitor.

const TTL_MS = 60_000;
const PERIOD_DAYS = 30;
const WEEKS = 8;

export const LICENCE = { name: 'CC BY 4.0', url: 'https://creativecommons.org/licenses/by/4.0/deed.id' };

export interface TransparencyFigures {
  regency: string;
  licence: typeof LICENCE;
  attribution: string;
  generatedAt: string;
  period: { from: string; to: string; days: number };
  opd: Array<
    Pick<
      OpdPerformance,
      | 'opdCode'
      | 'opdName'
      | 'received'
      | 'answered'
      | 'medianFirstResponseHours'
      | 'withinSlaShare'
      | 'ratings'
      | 'avgRating'
      | 'resolvedShare'
    >
  >;
  weekly: Array<{ week: string; received: number; finished: number }>;
  themes: Array<{ kecamatan: string; topic: string; count: number }>;
  recent: Array<{
    trackingNumber: string;
    opdName: string | null;
    topic: string | null;
    kecamatan: string | null;
    finishedAt: string;
    answer: string | null;
  }>;
}

/** What each published field means (the data dictionary the PPID publishes with the files). */
export const DATA_DICTIONARY: Record<string, string> = {
  'opd.opdCode': 'Kode OPD (Organisasi Perangkat Daerah) tujuan laporan',
  'opd.opdName': 'Nama OPD',
  'opd.received': 'Jumlah laporan yang diteruskan ke OPD dalam periode',
  'opd.answered': 'Jumlah laporan tersebut yang sudah ditanggapi OPD (tindak lanjut pertama)',
  'opd.medianFirstResponseHours': 'Median jam dari diteruskan sampai tanggapan pertama OPD',
  'opd.withinSlaShare':
    'Bagian laporan yang ditanggapi dalam batas waktu hari kerja (0–1), dari yang sudah bisa dinilai',
  'opd.ratings': 'Jumlah penilaian warga dalam periode',
  'opd.avgRating': 'Rata-rata penilaian warga (1 = sangat tidak puas, 5 = sangat puas)',
  'opd.resolvedShare': 'Bagian penilaian yang menyatakan masalah sudah selesai (0–1)',
  'weekly.week': 'Minggu ISO (Senin–Minggu, zona waktu daerah), mis. 2026-W47',
  'weekly.received': 'Laporan (pengaduan, aspirasi, pertanyaan) yang diterima pada minggu itu',
  'weekly.finished': 'Laporan yang selesai pada minggu itu',
  'themes.kecamatan': 'Kecamatan yang disebut dalam laporan',
  'themes.topic': 'Tema laporan (hasil klasifikasi)',
  'themes.count': 'Jumlah laporan dalam periode',
  'recent.trackingNumber': 'Nomor laporan; halaman /lacak/{nomor} menampilkan perjalanannya',
  'recent.answer':
    'Jawaban OPD; data pribadi (NIK, nomor telepon) disamarkan. Identitas pelapor dan laporan rahasia tidak pernah diterbitkan',
};

@Injectable()
export class TransparencyService {
  private cached: { at: number; value: Promise<TransparencyFigures> } | null = null;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly stats: StatsService,
  ) {}

  /** The figures, computed at most once a minute (concurrent callers share one computation). */
  figures(): Promise<TransparencyFigures> {
    const now = Date.now();
    if (!this.cached || now - this.cached.at >= TTL_MS) {
      const value = this.compute();
      this.cached = { at: now, value };
      value.catch(() => (this.cached = null));
    }
    return this.cached.value;
  }

  private async compute(): Promise<TransparencyFigures> {
    const to = this.clock.now();
    const from = new Date(to.getTime() - PERIOD_DAYS * 86_400_000);
    const tz = this.config.timezone;
    const perf = await this.stats.opdPerformance(from, to);
    const opd = perf
      .filter((o) => o.opdCode !== this.config.triageOpd && (o.received > 0 || o.ratings > 0))
      .map(
        ({
          opdCode,
          opdName,
          received,
          answered,
          medianFirstResponseHours,
          withinSlaShare,
          ratings,
          avgRating,
          resolvedShare,
        }) => ({
          opdCode,
          opdName,
          received,
          answered,
          medianFirstResponseHours,
          withinSlaShare,
          ratings,
          avgRating,
          resolvedShare,
        }),
      );
    const thisWeek = weekAt(to, tz);
    const first = weekBounds(shiftWeek(thisWeek, -(WEEKS - 1)), tz).from;
    const weeklyRows = await this.ds.query<Array<{ at: Date; kind: 'received' | 'finished' }>>(
      `SELECT created_at AS at, 'received' AS kind FROM cases WHERE intent <> 'other' AND created_at >= $1
       UNION ALL SELECT closed_at, 'finished' FROM cases WHERE status = 'selesai' AND closed_at >= $1`,
      [first],
    );
    const weekly = Array.from({ length: WEEKS }, (_, i) => ({
      week: shiftWeek(thisWeek, i - (WEEKS - 1)),
      received: 0,
      finished: 0,
    }));
    for (const r of weeklyRows) {
      const w = weekly.find((x) => x.week === weekAt(new Date(r.at), tz));
      if (w) w[r.kind]++;
    }
    const themes = await this.ds.query<Array<{ kecamatan: string; topic: string; count: number }>>(
      `SELECT kecamatan, topic, count FROM (
         SELECT location_kecamatan AS kecamatan, topic, count(*)::int AS count,
                row_number() OVER (PARTITION BY location_kecamatan ORDER BY count(*) DESC, topic) AS rn
         FROM cases WHERE intent <> 'other' AND location_kecamatan IS NOT NULL AND topic IS NOT NULL AND created_at >= $1
         GROUP BY 1, 2) t
       WHERE rn <= 3 ORDER BY kecamatan, count DESC, topic`,
      [from],
    );
    // Public posts only: a WhatsApp message or a direct message never appears here.
    const recentRows = await this.ds.query<
      Array<{
        tracking_number: string;
        opd_name: string | null;
        topic: string | null;
        kecamatan: string | null;
        closed_at: Date;
        summary: string | null;
      }>
    >(
      `SELECT c.tracking_number, o.name AS opd_name, c.topic, c.location_kecamatan AS kecamatan, c.closed_at,
              (SELECT e.data->>'summary' FROM case_events e WHERE e.case_id = c.id AND e.type = 'finished' ORDER BY e.id DESC LIMIT 1) AS summary
         FROM cases c JOIN posts p ON p.id = c.post_id LEFT JOIN opds o ON o.code = c.opd_code
        WHERE c.status = 'selesai' AND p.platform <> 'whatsapp' AND p.kind <> 'direct_message'
        ORDER BY c.closed_at DESC, c.id DESC LIMIT 10`,
    );
    return {
      regency: this.config.region.name,
      licence: LICENCE,
      attribution: `Pemerintah ${this.config.region.name}, Suara Warga`,
      generatedAt: to.toISOString(),
      period: { from: from.toISOString(), to: to.toISOString(), days: PERIOD_DAYS },
      opd,
      weekly,
      themes,
      recent: recentRows.map((r) => ({
        trackingNumber: r.tracking_number,
        opdName: r.opd_name,
        topic: r.topic,
        kecamatan: r.kecamatan,
        finishedAt: new Date(r.closed_at).toISOString(),
        answer: r.summary?.trim() ? maskPii(r.summary.trim()) : null,
      })),
    };
  }
}

const csvCell = (v: string | number | null): string => {
  const s = v === null ? '' : String(v);
  // A leading =, +, - or @ would run as a formula in a spreadsheet.
  const safe = /^[=+\-@]/.test(s) ? `'${s}` : s;
  return /[",\n\r]/.test(safe) ? `"${safe.replace(/"/g, '""')}"` : safe;
};

/** The per-OPD table as CSV (the same columns as the JSON and the data dictionary). */
export function opdCsv(f: TransparencyFigures): string {
  const cols = [
    'opdCode',
    'opdName',
    'received',
    'answered',
    'medianFirstResponseHours',
    'withinSlaShare',
    'ratings',
    'avgRating',
    'resolvedShare',
  ] as const;
  return (
    [cols.join(','), ...f.opd.map((o) => cols.map((c) => csvCell(o[c])).join(','))].join('\r\n') + '\r\n'
  );
}
