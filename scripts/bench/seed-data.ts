import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import pg from 'pg';

// Realistic bulk data for the benches, generated inside PostgreSQL (generate_series), so a million
// cases take minutes: seven accounts, every active OPD, all intents, statuses and sentiments in
// plausible proportions, kecamatan and desa of the configured regency, Indonesian texts built from
// phrase parts, citizen names, 52 weeks of history with deadlines and first responses. The schema
// and the OPD registry must already be in place (the app's migrations and start-up sync).

const SUBJECTS = [
  'jalan poros', 'jembatan', 'lampu jalan', 'air PDAM', 'saluran drainase', 'sampah di pasar', 'puskesmas', 'sekolah dasar',
  'pelayanan KTP', 'akta kelahiran', 'listrik desa', 'irigasi sawah', 'pupuk subsidi', 'posyandu', 'bantuan sosial', 'pasar tradisional',
];
const STATES = [
  'rusak parah', 'berlubang besar', 'mati sudah seminggu', 'tidak mengalir tiga hari', 'tersumbat dan banjir', 'menumpuk tidak diangkut',
  'antrean panjang sekali', 'belum jadi sejak bulan lalu', 'kerusakan makin parah', 'merusak kendaraan warga',
];
const ASKS = ['mohon segera diperbaiki', 'tolong ditindaklanjuti pak', 'kapan ada perbaikan?', 'usul dibangun yang baru', 'terima kasih atas perhatiannya', 'bagaimana cara mengurusnya?'];
const FIRST = ['Andi', 'Muh', 'Sitti', 'Nur', 'Ahmad', 'Hasnah', 'Rahmat', 'Dewi', 'Syamsul', 'Fatimah', 'Baharuddin', 'Irma', 'Kaharuddin', 'Rosmini', 'Ilham'];
const LAST = ['Amir', 'Rahman', 'Hasan', 'Sulaiman', 'Basri', 'Yusuf', 'Jufri', 'Halim', 'Saleh', 'Mappasessu', 'Daeng Lalo', 'Tahir'];

function regions(configDir: string): Array<{ kec: string; desa: string }> {
  const out: Array<{ kec: string; desa: string }> = [];
  const dir = join(configDir, 'regions');
  for (const f of readdirSync(dir).filter((n) => n.endsWith('.json'))) {
    const r = JSON.parse(readFileSync(join(dir, f), 'utf8')) as { districts: Array<{ name: string; villages: Array<{ name: string }> }> };
    for (const d of r.districts) for (const v of d.villages) out.push({ kec: d.name, desa: v.name });
  }
  return out.length ? out : [{ kec: 'Sinjai Utara', desa: 'Biringere' }];
}

/** Adds `n` cases (with their posts and a created event) to the database at `url`; returns the time taken in s. */
export async function seedCases(url: string, n: number, configDir: string, log: (s: string) => void = () => undefined): Promise<number> {
  const started = Date.now();
  const c = new pg.Client({ connectionString: url });
  await c.connect();
  try {
    const opds = (await c.query<{ code: string }>(`SELECT code FROM opds WHERE active ORDER BY code`)).rows.map((r) => r.code);
    if (!opds.length) throw new Error('no OPDs in the database: start the service once on it (migrations and the OPD registry sync)');
    const places = regions(configDir);
    await c.query(
      `INSERT INTO connector_accounts (platform, external_account_id, handle, display_name, enabled)
       SELECT p::platform, 'bench-' || p, 'bench_' || p, 'Bench ' || p, false
       FROM unnest(enum_range(NULL::platform)) p
       ON CONFLICT (platform, external_account_id) DO NOTHING`,
    );
    const [{ start }] = (await c.query<{ start: string }>(`SELECT coalesce(max(id), 0) + 1 AS start FROM posts`)).rows;
    const CHUNK = 100_000;
    for (let from = Number(start); from < Number(start) + n; from += CHUNK) {
      const to = Math.min(from + CHUNK, Number(start) + n) - 1;
      await c.query('BEGIN');
      // Posts: spread over 52 weeks in arrival order (ids grow with time, as intake makes them), more
      // recent ones denser; 1 in 12 are private WhatsApp messages.
      await c.query(
        `INSERT INTO posts (platform, account_id, external_id, dedupe_key, kind, author_id, author_name, author_username, text,
                            posted_at, reply_target, raw, processing_state)
         SELECT a.platform, a.id, 'bench-' || g, 'bench:' || g,
                (CASE WHEN a.platform = 'whatsapp' THEN 'direct_message' WHEN a.platform = 'x' THEN 'mention' ELSE 'comment' END)::post_kind,
                'u' || (g % 250000), ($3::text[])[1 + g % array_length($3::text[], 1)] || ' ' || ($4::text[])[1 + (g / 7) % array_length($4::text[], 1)],
                lower(($3::text[])[1 + g % array_length($3::text[], 1)]) || '_' || (g % 250000),
                ($5::text[])[1 + g % array_length($5::text[], 1)] || ' di desa ' || ($8::text[])[1 + (g * 7) % array_length($8::text[], 1)] || ' ' ||
                  ($6::text[])[1 + (g / 3) % array_length($6::text[], 1)] || ', ' || ($7::text[])[1 + (g / 5) % array_length($7::text[], 1)],
                now() - power(1 - (g - $9)::float8 / $10, 1.3) * interval '364 days' + random() * interval '5 minutes', '{}'::jsonb, '{}'::jsonb, 'processed'
         FROM generate_series($1::bigint, $2::bigint) g
         JOIN (SELECT id, platform, row_number() OVER (ORDER BY platform) - 1 AS k FROM connector_accounts WHERE external_account_id LIKE 'bench-%') a
           ON a.k = CASE WHEN g % 12 = 0 THEN 4 ELSE g % 7 END -- 4: whatsapp in the enum's order`,
        [from, to, FIRST, LAST, SUBJECTS, STATES, ASKS, places.map((p) => p.desa), Number(start), n],
      );
      // Cases: one per post; intents, statuses and OPDs in plausible shares; deadlines and responses.
      await c.query(
        `INSERT INTO cases (tracking_number, post_id, intent, intent_confidence, sentiment, sentiment_confidence, topic, opd_code,
                            routing_confidence, suggested_opd_code, location_kecamatan, location_desa, status, status_reason, model_version,
                            created_at, dispositioned_at, first_response_at, answered_at, closed_at, due_at, sla_state)
         SELECT 'SW-' || extract(year FROM p.posted_at)::int || '-' || lpad(p.id::text, 6, '0'), p.id, x.intent, 0.9, x.sentiment, 0.8,
                ($3::text[])[1 + p.id % array_length($3::text[], 1)], x.opd, 0.85, x.opd,
                ($4::text[])[1 + (p.id * 7) % array_length($4::text[], 1)], ($5::text[])[1 + (p.id * 7) % array_length($5::text[], 1)],
                x.status, NULL, 'bench', p.posted_at,
                CASE WHEN x.status <> 'perlu_ditinjau' THEN p.posted_at + interval '2 hours' END,
                CASE WHEN x.status IN ('diproses', 'menunggu_validasi', 'selesai') THEN p.posted_at + (random() * interval '6 days') END,
                CASE WHEN x.status IN ('menunggu_validasi', 'selesai') THEN p.posted_at + interval '7 days' END,
                CASE WHEN x.status IN ('selesai', 'ditolak') THEN p.posted_at + interval '10 days' END,
                CASE WHEN x.status IN ('perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi') THEN p.posted_at + interval '7 days' END,
                CASE WHEN x.status IN ('perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi')
                     THEN CASE WHEN p.posted_at + interval '7 days' < now() THEN 'overdue' ELSE 'ok' END END
         FROM posts p
         CROSS JOIN LATERAL (
           SELECT (ARRAY['complaint','complaint','complaint','complaint','aspiration','question','question','other'])[1 + p.id % 8]::intent AS intent,
                  (ARRAY['negative','negative','neutral','positive'])[1 + (p.id / 8) % 4]::sentiment AS sentiment,
                  CASE WHEN p.id % 8 = 7 THEN NULL ELSE ($6::text[])[1 + (p.id / 3) % array_length($6::text[], 1)] END AS opd,
                  (CASE WHEN p.id % 8 = 7 THEN 'ditolak'
                        WHEN p.posted_at > now() - interval '30 days'
                          THEN (ARRAY['perlu_ditinjau','didisposisikan','diproses','menunggu_validasi','selesai'])[1 + (p.id / 11) % 5]
                        ELSE (ARRAY['selesai','selesai','selesai','selesai','selesai','selesai','diproses','menunggu_validasi'])[1 + (p.id / 11) % 8] END)::case_status AS status
         ) x
         WHERE p.id BETWEEN $1 AND $2 AND p.external_id LIKE 'bench-%'`,
        [from, to, SUBJECTS, places.map((p) => p.kec), places.map((p) => p.desa), opds],
      );
      await c.query(
        `UPDATE posts p SET case_id = c.id FROM cases c WHERE c.post_id = p.id AND p.id BETWEEN $1 AND $2 AND p.case_id IS NULL`,
        [from, to],
      );
      await c.query(
        `INSERT INTO case_events (case_id, type, actor_label, data, created_at)
         SELECT c.id, 'created', 'system', jsonb_build_object('after', jsonb_build_object('status', c.status, 'opdCode', c.opd_code)), c.created_at
         FROM cases c WHERE c.post_id BETWEEN $1 AND $2`,
        [from, to],
      );
      await c.query('COMMIT');
      log(`  ${to - Number(start) + 1} of ${n} cases (${((Date.now() - started) / 1000).toFixed(0)} s)`);
    }
    await c.query('ANALYZE posts; ANALYZE cases; ANALYZE case_events');
  } finally {
    await c.end();
  }
  return (Date.now() - started) / 1000;
}
