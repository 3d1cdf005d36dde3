import { applyServiceHint, type RoutingDecision } from './routing-decision.js';

const ACTIVE = new Set(['DPUPR', 'DLH', 'DISKOMINFO']);
const routed = (opdCode: string): RoutingDecision => ({ status: 'didisposisikan', opdCode, reason: null });
const triage: RoutingDecision = { status: 'perlu_ditinjau', opdCode: 'DISKOMINFO', reason: 'klasifikasi_ragu' };
const notReport: RoutingDecision = { status: 'ditolak', opdCode: null, reason: 'bukan_laporan' };

describe('applyServiceHint (Open311 service_code)', () => {
  it.each([
    ['no hint', routed('DLH'), null, routed('DLH')],
    ['an inactive or unknown hint', triage, 'NOPE', triage],
    ['a confident machine that agrees', routed('DPUPR'), 'DPUPR', routed('DPUPR')],
    ['a confident machine that disagrees', routed('DLH'), 'DPUPR', { status: 'perlu_ditinjau', opdCode: 'DISKOMINFO', reason: 'kode_layanan_berbeda' }],
    ['an unsure machine', triage, 'DPUPR', routed('DPUPR')],
    ['a machine that would close it as not a report', notReport, 'DLH', { status: 'perlu_ditinjau', opdCode: 'DISKOMINFO', reason: 'kode_layanan_berbeda' }],
  ] as const)('should decide for %s', (_what, decision, hint, expected) => {
    expect(applyServiceHint(decision, hint, 'DISKOMINFO', ACTIVE)).toEqual(expected);
  });
});
