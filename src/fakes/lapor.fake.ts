import { FakeServer, type Fault, type FakeRequest, type FakeResponse } from './fake-server.js';

// A stand-in for SP4N-LAPOR! (upstream-apis.md §2.3, a derived model, not a spec): the provisional
// wire of lapor-http.adapter.ts, idempotent on Idempotency-Key, with the process statuses moved
// by the control endpoint (POST /__fake/lapor/status {tracking_id, status, tindak_lanjut}).

export interface FakeLaporReport {
  tracking_id: string;
  idempotency_key: string;
  status: string;
  tindak_lanjut: string | null;
  updated_at: string;
  body: Record<string, unknown>;
}

export class LaporFake extends FakeServer {
  token = 'lapor-test-token';
  readonly reports = new Map<string, FakeLaporReport>();
  private readonly byKey = new Map<string, string>();
  private seq = 0;

  protected resetState(): void {
    this.reports.clear();
    this.byKey.clear();
  }

  /** Ends an outage: injected faults are dropped, the reports stay. */
  heal(): void {
    this.faults = [];
  }

  setStatus(trackingId: string, status: string, tindakLanjut: string | null = null): void {
    const r = this.reports.get(trackingId);
    if (!r) throw new Error(`no report ${trackingId}`);
    Object.assign(r, { status, tindak_lanjut: tindakLanjut ?? r.tindak_lanjut, updated_at: new Date().toISOString() });
  }

  protected override control(req: FakeRequest): FakeResponse | undefined {
    if (req.method === 'POST' && req.path === '/__fake/lapor/status') {
      const b = req.json<{ tracking_id: string; status: string; tindak_lanjut?: string }>();
      this.setStatus(b.tracking_id, b.status, b.tindak_lanjut ?? null);
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'GET' && req.path === '/__fake/lapor/reports') return { status: 200, body: [...this.reports.values()] };
    return undefined;
  }

  protected route(req: FakeRequest): FakeResponse | undefined {
    if (req.headers.authorization !== `Bearer ${this.token}`) return { status: 401, body: { error: 'token tidak valid' } };
    if (req.method === 'POST' && req.path === '/api/v1/laporan') {
      const key = req.headers['idempotency-key'];
      if (typeof key !== 'string' || !key) return { status: 400, body: { error: 'Idempotency-Key wajib' } };
      const seen = this.byKey.get(key);
      if (seen) return { status: 200, body: { tracking_id: seen, status: this.reports.get(seen)!.status } };
      const body = req.json<Record<string, unknown>>();
      if (typeof body.isi !== 'string' || !body.isi.trim()) return { status: 422, body: { error: 'isi laporan kosong' } };
      const trackingId = `LAPOR-${String(5_000_000 + ++this.seq)}`;
      this.byKey.set(key, trackingId);
      this.reports.set(trackingId, { tracking_id: trackingId, idempotency_key: key, status: 'belum_terverifikasi', tindak_lanjut: null, updated_at: new Date().toISOString(), body });
      return { status: 201, body: { tracking_id: trackingId, status: 'belum_terverifikasi' } };
    }
    if (req.method === 'GET' && req.path === '/api/v1/laporan') {
      const ids = (req.query.tracking_id ?? '').split(',').filter(Boolean);
      return { status: 200, body: { data: ids.flatMap((id) => (this.reports.has(id) ? [this.reports.get(id)!] : [])).map(({ body: _b, idempotency_key: _k, ...r }) => r) } };
    }
    return undefined;
  }

  protected faultResponse(fault: Fault): FakeResponse {
    switch (fault.kind) {
      case 'rate_limit':
        return { status: 429, body: { error: 'terlalu banyak permintaan' }, headers: { 'retry-after': String(fault.resetInSec ?? 60) } };
      case 'expired_token':
        return { status: 401, body: { error: 'token kedaluwarsa' } };
      default:
        return { status: fault.status ?? 503, body: { error: 'layanan LAPOR! sedang tidak tersedia' } };
    }
  }
}
