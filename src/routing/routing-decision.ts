import type { CaseStatus } from '../cases/case.types.js';
import type { Classification } from '../classification/classification.types.js';

export interface RoutingDecision {
  status: CaseStatus;
  opdCode: string | null;
  reason: string | null;
}

/**
 * Where a new case goes. Confident reports go to their OPD; anything the machine is unsure of,
 * or that matches no OPD, goes to Diskominfo's triage queue; confident `other` (thanks, spam,
 * chatter) is closed as "not a report" and stays visible and countable.
 */
export function decideRouting(c: Classification, threshold: number, triageOpd: string, activeOpds: ReadonlySet<string>): RoutingDecision {
  if (c.intent === 'other') {
    return c.intentConfidence >= threshold
      ? { status: 'ditolak', opdCode: null, reason: 'bukan_laporan' }
      : { status: 'perlu_ditinjau', opdCode: triageOpd, reason: 'klasifikasi_ragu' };
  }
  if (!c.opdCode || !activeOpds.has(c.opdCode)) return { status: 'perlu_ditinjau', opdCode: triageOpd, reason: 'opd_tidak_dikenali' };
  if (c.intentConfidence < threshold || c.routingConfidence < threshold)
    return { status: 'perlu_ditinjau', opdCode: triageOpd, reason: 'klasifikasi_ragu' };
  return { status: 'didisposisikan', opdCode: c.opdCode, reason: null };
}

/**
 * A channel where the citizen picks a service (Open311 `service_code`, one per OPD) gives a hint.
 * An unsure machine follows the hint; a confident machine that disagrees, or would close the report
 * as "not a report", sends it to triage, where a person decides between the two.
 */
export function applyServiceHint(d: RoutingDecision, hint: string | null, triageOpd: string, activeOpds: ReadonlySet<string>): RoutingDecision {
  if (!hint || !activeOpds.has(hint)) return d;
  if (d.status === 'didisposisikan') return d.opdCode === hint ? d : { status: 'perlu_ditinjau', opdCode: triageOpd, reason: 'kode_layanan_berbeda' };
  if (d.status === 'ditolak') return { status: 'perlu_ditinjau', opdCode: triageOpd, reason: 'kode_layanan_berbeda' };
  return { status: 'didisposisikan', opdCode: hint, reason: null };
}
