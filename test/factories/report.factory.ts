import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import type { CaseStatus, Intent, Sentiment } from '../../src/cases/case.types.js';
import type { Platform } from '../../src/common/platform.js';

// Seeds posts with their cases at exact instants for report and spike tests. Rows go in through
// jsonb_to_recordset, so hundreds of cases cost two statements.

export interface SeedCase {
  /** When the case was opened (and, unless postedAt is given, when the post was written). */
  at: Date | string;
  postedAt?: Date | string;
  intent?: Intent;
  sentiment?: Sentiment;
  topic?: string | null;
  opdCode?: string | null;
  kecamatan?: string | null;
  platform?: Platform;
  text?: string;
  status?: CaseStatus;
  intentConfidence?: number;
  /** Defaults to `at` for a case with an OPD. */
  dispositionedAt?: Date | string | null;
  firstResponseAt?: Date | string | null;
  slaState?: 'ok' | 'at_risk' | 'overdue' | null;
  deleted?: boolean;
}

/** An instant given as local WITA time, e.g. wita('2026-11-22T23:30'). */
export const wita = (local: string): Date => new Date(`${local.length === 16 ? `${local}:00` : local}+08:00`);

const iso = (d: Date | string | null | undefined): string | null =>
  d === null || d === undefined ? null : new Date(d).toISOString();

let batch = 0;

export async function seedCases(ds: DataSource, rows: SeedCase[]): Promise<void> {
  if (!rows.length) return;
  await ds.query(
    `INSERT INTO connector_accounts (platform, external_account_id, handle)
     SELECT p::platform, 'seed-' || p, 'pemkab-' || p FROM unnest(enum_range(NULL::platform)) AS p
     WHERE NOT EXISTS (SELECT 1 FROM connector_accounts a WHERE a.platform = p AND a.external_account_id = 'seed-' || p)`,
  );
  const prefix = `${randomBytes(3).toString('hex')}${++batch}`;
  const recs = rows.map((r, i) => {
    const opd = r.opdCode ?? null;
    return {
      i,
      dk: `${prefix}-${i}`,
      platform: r.platform ?? 'x',
      text: r.text ?? `laporan ${r.topic ?? 'umum'} ${i}`,
      posted_at: iso(r.postedAt ?? r.at),
      deleted: r.deleted ?? false,
      intent: r.intent ?? 'complaint',
      ic: r.intentConfidence ?? 0.8,
      sentiment: r.sentiment ?? 'negative',
      topic: r.topic ?? null,
      opd,
      kec: r.kecamatan ?? null,
      status: r.status ?? (opd ? 'didisposisikan' : 'perlu_ditinjau'),
      disp: r.dispositionedAt === undefined ? (opd ? iso(r.at) : null) : iso(r.dispositionedAt),
      fr: iso(r.firstResponseAt),
      sla: r.slaState ?? null,
      at: iso(r.at),
    };
  });
  const json = JSON.stringify(recs);
  await ds.query(
    `INSERT INTO posts (platform, account_id, external_id, dedupe_key, kind, author_id, author_name, text, posted_at, reply_target, raw, processing_state, deleted, ingested_at)
     SELECT r.platform::platform, a.id, r.dk, 'seed:' || r.dk, 'mention', 'u-' || r.dk, 'Warga', r.text, r.posted_at, '{}', '{}', 'processed', r.deleted, r.at
     FROM jsonb_to_recordset($1::jsonb) AS r(i int, dk text, platform text, text text, posted_at timestamptz, deleted boolean, at timestamptz)
     JOIN connector_accounts a ON a.platform = r.platform::platform AND a.external_account_id = 'seed-' || r.platform ORDER BY r.i`,
    [json],
  );
  await ds.query(
    `INSERT INTO cases (tracking_number, post_id, intent, intent_confidence, sentiment, sentiment_confidence, topic, opd_code, routing_confidence,
                        location_kecamatan, status, dispositioned_at, first_response_at, sla_state, model_version, created_at, updated_at)
     SELECT 'SW-T-' || r.dk, p.id, r.intent::intent, r.ic, r.sentiment::sentiment, 0.9, r.topic, r.opd, 0.9,
            r.kec, r.status::case_status, r.disp, r.fr, r.sla, 'seed', r.at, r.at
     FROM jsonb_to_recordset($1::jsonb) AS r(i int, dk text, intent text, ic real, sentiment text, topic text, opd text, kec text, status text,
                                             disp timestamptz, fr timestamptz, sla text, at timestamptz)
     JOIN posts p ON p.dedupe_key = 'seed:' || r.dk ORDER BY r.i`,
    [json],
  );
  await ds.query(
    `UPDATE posts p SET case_id = c.id FROM cases c WHERE c.post_id = p.id AND p.case_id IS NULL`,
  );
}

/** The tracking number of the case opened from the post with this text. */
export async function trackingNumberOf(ds: DataSource, text: string): Promise<string> {
  const [row] = await ds.query<Array<{ tracking_number: string }>>(
    `SELECT c.tracking_number FROM cases c JOIN posts p ON p.id = c.post_id WHERE p.text = $1`,
    [text],
  );
  return row.tracking_number;
}

export async function clearCases(ds: DataSource): Promise<void> {
  await ds.query('TRUNCATE weekly_reports, alerts, case_events, cases, posts CASCADE');
}

export const WITH_PII = 'Jalan di Lappa rusak parah, hubungi saya 081234567890 NIK 7307011234560001';
export const WHATSAPP_SECRET = 'RAHASIA: air mati di rumah saya, Jl. Persatuan 12';

/**
 * The reference scenario around 2026-W47 (16–22 November 2026, WITA): 8 cases in the week,
 * including one at Sunday 23:30 WITA; one at Monday 00:30 WITA (W48), one at the Sunday 23:30
 * before (W46), and older cases for the previous-week and 4-week comparisons.
 */
export async function seedWeek47(ds: DataSource): Promise<void> {
  await seedCases(ds, [
    // W47
    {
      at: wita('2026-11-16T00:00'),
      topic: 'jalan rusak',
      opdCode: 'DPUPR',
      kecamatan: 'Sinjai Utara',
      platform: 'x',
      text: 'jalan rusak di Lappa sejak bulan lalu',
      status: 'diproses',
      firstResponseAt: wita('2026-11-16T02:00'),
    },
    {
      at: wita('2026-11-17T09:00'),
      topic: 'jalan rusak',
      opdCode: 'DPUPR',
      kecamatan: 'Sinjai Utara',
      platform: 'facebook',
      text: WITH_PII,
      intentConfidence: 0.95,
      status: 'menunggu_validasi',
      firstResponseAt: wita('2026-11-17T13:00'),
    },
    {
      at: wita('2026-11-18T10:00'),
      topic: 'jalan rusak',
      opdCode: 'DPUPR',
      kecamatan: 'Sinjai Timur',
      platform: 'instagram',
      sentiment: 'neutral',
      text: 'jalan poros Sinjai Timur berlubang',
    },
    {
      at: wita('2026-11-19T11:00'),
      topic: 'air mati',
      opdCode: 'PDAM',
      kecamatan: 'Sinjai Utara',
      platform: 'whatsapp',
      text: WHATSAPP_SECRET,
    },
    {
      at: wita('2026-11-20T12:00'),
      topic: 'taman',
      opdCode: 'DISPERKIM',
      intent: 'aspiration',
      sentiment: 'positive',
      platform: 'x',
      text: 'usul taman bermain di alun-alun',
    },
    {
      at: wita('2026-11-21T13:00'),
      topic: 'ktp',
      opdCode: 'DISDUKCAPIL',
      intent: 'question',
      sentiment: 'neutral',
      platform: 'tiktok',
      text: 'syarat ktp-el baru apa saja?',
    },
    {
      at: wita('2026-11-22T23:30'),
      topic: 'air mati',
      opdCode: 'PDAM',
      kecamatan: 'Sinjai Selatan',
      platform: 'facebook',
      text: 'air pdam mati sejak sore',
    },
    {
      at: wita('2026-11-22T12:00'),
      intent: 'other',
      sentiment: 'positive',
      platform: 'x',
      status: 'ditolak',
      text: 'terima kasih pemkab',
    },
    // W48: Monday 00:30 WITA
    {
      at: wita('2026-11-23T00:30'),
      topic: 'jalan rusak',
      opdCode: 'DPUPR',
      kecamatan: 'Sinjai Utara',
      platform: 'x',
      text: 'jalan rusak lagi di Lappa',
    },
    // W46, including its Sunday 23:30 WITA
    {
      at: wita('2026-11-15T23:30'),
      topic: 'jalan rusak',
      opdCode: 'DPUPR',
      platform: 'x',
      status: 'selesai',
      text: 'jalan rusak minggu lalu',
    },
    {
      at: wita('2026-11-10T10:00'),
      topic: 'jalan rusak',
      opdCode: 'DPUPR',
      sentiment: 'positive',
      platform: 'x',
      status: 'selesai',
      text: 'jalan sudah diperbaiki, terima kasih',
    },
    // W43 and W44: the 4 weeks before W47
    {
      at: wita('2026-10-20T10:00'),
      topic: 'air mati',
      opdCode: 'PDAM',
      sentiment: 'positive',
      platform: 'x',
      slaState: 'overdue',
      text: 'air lancar lagi',
    },
    {
      at: wita('2026-10-27T10:00'),
      topic: 'jalan rusak',
      opdCode: 'DPUPR',
      intent: 'aspiration',
      sentiment: 'positive',
      platform: 'x',
      status: 'selesai',
      text: 'usul pelebaran jalan',
    },
  ]);
}
