import { maskPii } from '../common/pii.js';
import type { CaseStatus } from '../cases/case.types.js';

// Case → Open311 request (upstream-apis.md §1.6) and the FixMyStreet extended states (§1.8).
// Only what a member of the public may read: PII masked by the one policy (common/pii.ts),
// confidential channels never selected (see PUBLIC_CASE_SQL), no author, no staff notes.

/** Cases the public may read: not from a private channel (WhatsApp, direct messages; platform.ts), not marked rahasia. */
export const PUBLIC_CASE_SQL = `p.platform <> 'whatsapp' AND p.kind <> 'direct_message' AND NOT c.rahasia`;

const CLOSED: CaseStatus[] = ['selesai', 'ditolak'];

export function open311Status(s: CaseStatus): 'open' | 'closed' {
  return CLOSED.includes(s) ? 'closed' : 'open';
}

// FixMyStreet's extended states (mysociety wiki "Open311 FMS Additional states"), lower-case as FMS sends them.
export function fmsStatus(s: CaseStatus, reason: string | null): string {
  switch (s) {
    case 'baru':
    case 'perlu_ditinjau':
      return 'open';
    case 'didisposisikan':
      return 'action_scheduled';
    case 'diproses':
    case 'menunggu_validasi':
      return 'in_progress';
    case 'selesai':
      return 'fixed';
    case 'ditolak':
      return reason === 'digabung' || reason === 'duplikat' ? 'duplicate' : reason === 'bukan_wewenang' ? 'not_councils_responsibility' : 'no_further_action';
  }
}

/** Public Indonesian wording of each state, used as an update's description (never staff text). */
export const STATUS_TEXT: Record<CaseStatus, string> = {
  baru: 'Laporan diterima.',
  perlu_ditinjau: 'Laporan diterima dan sedang ditinjau Diskominfo.',
  didisposisikan: 'Laporan diteruskan ke OPD yang berwenang.',
  diproses: 'Laporan sedang ditindaklanjuti OPD.',
  menunggu_validasi: 'OPD sudah menjawab; jawaban sedang divalidasi.',
  selesai: 'Laporan selesai ditindaklanjuti.',
  ditolak: 'Laporan ditutup.',
};

export interface CaseRow {
  id: string;
  tracking_number: string;
  status: CaseStatus;
  status_reason: string | null;
  service_code: string;
  service_name: string | null;
  opd_code: string | null;
  opd_name: string | null;
  created_at: Date;
  updated_at: Date;
  closed_at: Date | null;
  due_at: Date | null;
  location_kecamatan: string | null;
  location_desa: string | null;
  text: string;
  deleted: boolean;
  location: { lat?: number; long?: number; address_string?: string; address_id?: string; media_url?: string } | null;
  reply_text: string | null;
  summary: string | null;
}

export interface Open311Request {
  service_request_id: string;
  status: 'open' | 'closed';
  status_notes: string | null;
  service_name: string | null;
  service_code: string;
  description: string | null;
  agency_responsible: string | null;
  service_notice: string | null;
  requested_datetime: string;
  updated_datetime: string | null;
  expected_datetime: string | null;
  address: string | null;
  address_id: string | null;
  zipcode: string | null;
  lat: number | null;
  long: number | null;
  media_url: string | null;
  /** FixMyStreet extension: the finer state behind open/closed. */
  extended_status: string;
}

const iso = (d: Date | null): string | null => (d ? d.toISOString() : null);
const latest = (a: Date, b: Date): Date => (b > a ? b : a);

function address(r: CaseRow): string | null {
  if (r.location?.address_string) return maskPii(r.location.address_string);
  // Where the caller gave none: the desa and kecamatan the classifier read in the text.
  const parts = [r.location_desa && `Desa/Kel. ${r.location_desa}`, r.location_kecamatan && `Kec. ${r.location_kecamatan}`].filter(Boolean);
  return parts.length ? parts.join(', ') : null;
}

/**
 * status_notes is the public answer: the last reply posted on the platform (already public), or
 * for a case closed after validation, the OPD's validated answer. Never internal notes.
 */
function statusNotes(r: CaseRow): string | null {
  const t = r.reply_text ?? (r.status === 'selesai' ? r.summary : null);
  return t ? maskPii(t) : null;
}

export function toOpen311Request(r: CaseRow): Open311Request {
  const status = open311Status(r.status);
  return {
    service_request_id: r.tracking_number,
    status,
    status_notes: statusNotes(r),
    service_name: r.service_name,
    service_code: r.service_code,
    // A post its author deleted on the platform is not republished here.
    description: r.deleted ? null : maskPii(r.text).slice(0, 4000),
    agency_responsible: r.opd_name,
    service_notice: null,
    requested_datetime: r.created_at.toISOString(),
    // Never before requested_datetime (a case's creation time and its row's timestamp differ by milliseconds).
    updated_datetime: iso(latest(r.created_at, status === 'closed' ? (r.closed_at ?? r.updated_at) : r.updated_at)),
    expected_datetime: status === 'closed' ? null : iso(r.due_at),
    address: address(r),
    address_id: r.location?.address_id ?? null,
    zipcode: null,
    lat: typeof r.location?.lat === 'number' ? r.location.lat : null,
    long: typeof r.location?.long === 'number' ? r.location.long : null,
    media_url: r.location?.media_url ?? null,
    extended_status: fmsStatus(r.status, r.status_reason),
  };
}
