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
