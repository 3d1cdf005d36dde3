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

/**
 * The remit rules last (issue 19): misconduct goes to the Inspektorat when the classifier missed it;
 * a report for a body outside the regency's remit goes to Diskominfo's triage with that body
 * suggested, so the operator forwards it or tells the citizen where to go. A post closed as "not a
 * report" stays closed (an announcement of a planned PLN outage is no complaint).
 */
export function applyRemit(
  d: RoutingDecision,
  m: { externalBody: string | null; misconduct: boolean },
  triageOpd: string,
  inspectorate: string,
  activeOpds: ReadonlySet<string>,
): RoutingDecision & { externalBody: string | null } {
  if (d.status === 'ditolak') return { ...d, externalBody: null };
  if (m.misconduct && activeOpds.has(inspectorate)) return d.opdCode === inspectorate ? { ...d, externalBody: null } : { status: 'didisposisikan', opdCode: inspectorate, reason: null, externalBody: null };
  if (m.externalBody) return { status: 'perlu_ditinjau', opdCode: triageOpd, reason: 'di_luar_kewenangan', externalBody: m.externalBody };
  return { ...d, externalBody: null };
}
