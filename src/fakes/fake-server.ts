import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { Socket } from 'node:net';

// Shared machinery of the fake platform servers (platform-apis.md §6.6): a real HTTP server on
// loopback, a request log, and a control endpoint that schedules failures.

export type FaultKind =
  | 'rate_limit' // platform's throttle signal with a reset time
  | 'quota' // usage / quota cap
  | 'server_error' // 5xx
  | 'hang' // never answer (client timeout)
  | 'bad_json' // 200 with a body that is not JSON
  | 'html' // an HTML error page
  | 'empty' // 200 with an empty body
  | 'expired_token' // the platform's expired/revoked token signal
  | 'permission' // permission removed
  | 'conflict' // another consumer holds the stream (Telegram 409, §7.4)
  | 'reset' // drop the connection
  | 'lost_response'; // do the work, then never answer (unknown outcome of a write)

export interface Fault {
  kind: FaultKind;
  /** Only requests whose path contains this string (default: any non-control request). */
  path?: string;
  method?: string;
  /** How many matching requests fail (default 1; -1 = until reset). */
  times?: number;
  /** Let this many matching requests through first. */
  after?: number;
  status?: number;
  /** For rate_limit: seconds until the window resets. */
  resetInSec?: number;
}

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  headers: Record<string, string | string[] | undefined>;
  body: string;
  at: string;
}

export interface FakeResponse {
  status: number;
  body?: unknown;
  /** Raw text body (used for malformed bodies); overrides `body`. */
  text?: string;
  headers?: Record<string, string>;
  hang?: boolean;
  destroy?: boolean;
}

export interface FakeRequest {
  method: string;
  url: URL;
  path: string;
  query: Record<string, string>;
  headers: IncomingMessage['headers'];
  body: string;
  json<T = unknown>(): T;
}

export abstract class FakeServer {
  private server?: Server;
  private readonly sockets = new Set<Socket>();
  protected faults: Array<Fault & { seen: number; used: number }> = [];
  readonly requests: RecordedRequest[] = [];
  baseUrl = '';
  /** Delay before every platform response, to make runs slow enough to interrupt. */
  latencyMs = 0;
  /** The next platform request gets exactly this (wrong-shape bodies, odd envelopes). */
  respondOnce?: FakeResponse;

  /** Platform routes; return undefined for 404. */
  protected abstract route(req: FakeRequest): Promise<FakeResponse | undefined> | FakeResponse | undefined;
  /** The platform's own error channel for an injected fault. */
  protected abstract faultResponse(fault: Fault, req: FakeRequest): FakeResponse;
  /** Platform-specific control routes under /__fake/. */
  protected control(_req: FakeRequest): Promise<FakeResponse | undefined> | FakeResponse | undefined {
    return undefined;
  }
  protected abstract resetState(): void;

  async start(port = 0, host = '127.0.0.1'): Promise<string> {
    this.server = createServer((req, res) => void this.dispatch(req, res));
    this.server.on('connection', (s) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    await new Promise<void>((resolve, reject) => {
      this.server!.once('error', reject);
      this.server!.listen(port, host, () => resolve());
    });
    const addr = this.server.address() as { port: number };
    this.baseUrl = `http://${host}:${addr.port}`;
    return this.baseUrl;
  }

  async stop(): Promise<void> {
    if (!this.server) return;
    for (const s of this.sockets) s.destroy();
    await new Promise<void>((resolve) => this.server!.close(() => resolve()));
    this.server = undefined;
  }

  inject(fault: Fault): void {
    this.faults.push({ times: 1, after: 0, ...fault, seen: 0, used: 0 });
  }

  reset(): void {
    this.faults = [];
    this.requests.length = 0;
    this.respondOnce = undefined;
    this.resetState();
  }

  requestsTo(pathPart: string): RecordedRequest[] {
    return this.requests.filter((r) => r.path.includes(pathPart));
  }

  private takeFault(req: FakeRequest): Fault | undefined {
    for (const f of this.faults) {
      if (f.path && !req.path.includes(f.path)) continue;
      if (f.method && f.method.toUpperCase() !== req.method) continue;
      if (f.times !== -1 && f.used >= (f.times ?? 1)) continue;
      f.seen++;
      if (f.seen <= (f.after ?? 0)) continue;
      f.used++;
      return f;
    }
    return undefined;
  }

  private async dispatch(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks).toString('utf8');
    const url = new URL(req.url ?? '/', this.baseUrl || 'http://127.0.0.1');
    const fr: FakeRequest = {
      method: (req.method ?? 'GET').toUpperCase(),
      url,
      path: url.pathname,
      query: Object.fromEntries(url.searchParams),
      headers: req.headers,
      body,
      json: <T>() => (body ? (JSON.parse(body) as T) : ({} as T)),
    };
    let out: FakeResponse | undefined;
    try {
      if (fr.path.startsWith('/__fake/')) out = await this.builtinControl(fr);
      else {
        this.requests.push({ method: fr.method, path: fr.path, query: fr.query, headers: req.headers, body, at: new Date().toISOString() });
        const once = this.respondOnce;
        this.respondOnce = undefined;
        const fault = once ? undefined : this.takeFault(fr);
        if (fault?.kind === 'lost_response') {
          await this.route(fr);
          return; // the socket stays open: the client times out not knowing the outcome
        }
        out = once ?? (fault ? this.genericFault(fault, fr) : await this.route(fr));
      }
    } catch (e) {
      out = { status: 500, body: { error: e instanceof Error ? e.message : String(e) } };
    }
    out ??= { status: 404, body: { error: `no fake route for ${fr.method} ${fr.path}` } };
    if (this.latencyMs && !fr.path.startsWith('/__fake/')) await new Promise((r) => setTimeout(r, this.latencyMs));
    if (out.hang) return; // the socket stays open until the client gives up or the fake stops
    if (out.destroy) {
      req.socket.destroy();
      return;
    }
    const text = out.text ?? (out.body === undefined ? '' : JSON.stringify(out.body));
    res.writeHead(out.status, { 'content-type': out.text !== undefined ? 'text/plain' : 'application/json; charset=utf-8', ...out.headers });
    res.end(text);
  }

  private genericFault(fault: Fault, req: FakeRequest): FakeResponse {
    switch (fault.kind) {
      case 'hang':
        return { status: 0, hang: true };
      case 'reset':
        return { status: 0, destroy: true };
      case 'bad_json':
        return { status: 200, text: '{"data": [ {"id": "12', headers: { 'content-type': 'application/json' } };
      case 'empty':
        return { status: 200, text: '', headers: { 'content-type': 'application/json' } };
      case 'html':
        return {
          status: fault.status ?? 502,
          text: '<!DOCTYPE html><html><head><title>502 Bad Gateway</title></head><body><h1>Bad Gateway</h1></body></html>',
          headers: { 'content-type': 'text/html' },
        };
      default:
        return this.faultResponse(fault, req);
    }
  }

  private async builtinControl(req: FakeRequest): Promise<FakeResponse | undefined> {
    if (req.method === 'POST' && req.path === '/__fake/inject') {
      const f = req.json<Fault | Fault[]>();
      for (const x of Array.isArray(f) ? f : [f]) this.inject(x);
      return { status: 200, body: { ok: true, faults: this.faults.length } };
    }
    if (req.method === 'POST' && req.path === '/__fake/reset') {
      this.reset();
      return { status: 200, body: { ok: true } };
    }
    if (req.method === 'GET' && req.path === '/__fake/requests') return { status: 200, body: this.requests };
    return this.control(req);
  }
}
