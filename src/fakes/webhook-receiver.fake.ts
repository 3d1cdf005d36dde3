import { FakeServer, type Fault, type FakeRequest, type FakeResponse } from './fake-server.js';

// A webhook subscriber (issue 18): records every delivery with its raw body and Standard Webhooks
// headers and answers 200, unless a fault is injected (e.g. three 500s in a row). Verifying the
// signatures is left to whoever reads the deliveries, as a real receiver would.

export interface ReceivedWebhook {
  path: string;
  id: string;
  timestamp: string;
  signature: string;
  body: string;
  status: number;
}

export class WebhookReceiverFake extends FakeServer {
  readonly received: ReceivedWebhook[] = [];

  protected resetState(): void {
    this.received.length = 0;
  }

  private record(req: FakeRequest, status: number): void {
    const h = (n: string): string => String(req.headers[n] ?? '');
    this.received.push({ path: req.path, id: h('webhook-id'), timestamp: h('webhook-timestamp'), signature: h('webhook-signature'), body: req.body, status });
  }

  protected route(req: FakeRequest): FakeResponse | undefined {
    if (req.method !== 'POST' || !req.path.startsWith('/hooks/')) return undefined;
    this.record(req, 200);
    return { status: 200, body: { ok: true } };
  }

  protected faultResponse(fault: Fault, req: FakeRequest): FakeResponse {
    const status = fault.status ?? 500;
    this.record(req, status);
    return { status, body: { error: 'receiver failed' } };
  }
}
