import { AxiosError, type AxiosInstance, type AxiosResponse } from 'axios';
import { createHttpClient } from '../../connectors/http-client.factory.js';
import { LaporError, type LaporAdapter, type LaporReport, type LaporState, type LaporSubmitted } from './lapor.adapter.js';

// PROVISIONAL wire (upstream-apis.md §2.3, derived, not a spec): JSON over HTTPS with a bearer
// token, POST /api/v1/laporan with an Idempotency-Key header → {tracking_id, status};
// GET /api/v1/laporan?tracking_id=a,b → {data: [{tracking_id, status, tindak_lanjut, updated_at}]}.
// The fake in src/fakes/lapor.fake.ts serves exactly this.

function classify(res: AxiosResponse<string>, what: string): never {
  const retryAfter = Number(res.headers['retry-after']);
  const detail = typeof res.data === 'string' ? res.data.slice(0, 200) : '';
  const retryable = res.status >= 500 || res.status === 429 || res.status === 408;
  throw new LaporError(`${what}: HTTP ${res.status} ${detail}`.trim(), retryable, res.status, Number.isFinite(retryAfter) ? retryAfter : undefined);
}

function parse<T>(res: AxiosResponse<string>, what: string): T {
  try {
    return JSON.parse(res.data) as T;
  } catch {
    throw new LaporError(`${what}: the answer is not JSON (HTTP ${res.status})`, true, res.status);
  }
}

async function call(p: Promise<AxiosResponse<string>>, what: string): Promise<AxiosResponse<string>> {
  try {
    return await p;
  } catch (e) {
    throw new LaporError(`${what}: ${e instanceof AxiosError ? (e.code ?? e.message) : String(e)}`, true);
  }
}

export class LaporHttpAdapter implements LaporAdapter {
  private readonly http: AxiosInstance;

  constructor(baseUrl: string, token: string | undefined, timeoutMs: number) {
    this.http = createHttpClient({ baseURL: baseUrl, timeoutMs, headers: token ? { Authorization: `Bearer ${token}` } : {} });
  }

  async submit(r: LaporReport): Promise<LaporSubmitted> {
    const { idempotencyKey, ...body } = r;
    const res = await call(this.http.post('/api/v1/laporan', body, { headers: { 'Content-Type': 'application/json', 'Idempotency-Key': idempotencyKey } }), 'LAPOR! submit');
    if (res.status !== 200 && res.status !== 201) classify(res, 'LAPOR! submit');
    const b = parse<{ tracking_id?: unknown; status?: unknown }>(res, 'LAPOR! submit');
    if (typeof b.tracking_id !== 'string' || !b.tracking_id) throw new LaporError('LAPOR! submit: no tracking_id in the answer', true, res.status);
    return { trackingId: b.tracking_id, status: typeof b.status === 'string' ? b.status : 'belum_terverifikasi' };
  }

  async status(ids: string[]): Promise<LaporState[]> {
    if (!ids.length) return [];
    const res = await call(this.http.get('/api/v1/laporan', { params: { tracking_id: ids.join(',') } }), 'LAPOR! status');
    if (res.status !== 200) classify(res, 'LAPOR! status');
    const b = parse<{ data?: Array<{ tracking_id?: unknown; status?: unknown; tindak_lanjut?: unknown; updated_at?: unknown }> }>(res, 'LAPOR! status');
    return (Array.isArray(b.data) ? b.data : [])
      .filter((d) => typeof d.tracking_id === 'string' && typeof d.status === 'string')
      .map((d) => ({
        trackingId: d.tracking_id as string,
        status: d.status as string,
        tindakLanjut: typeof d.tindak_lanjut === 'string' ? d.tindak_lanjut : null,
        updatedAt: typeof d.updated_at === 'string' ? d.updated_at : null,
      }));
  }
}
