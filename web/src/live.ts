// The live connection (socket.io). It reconnects after any drop, renews the token when the handshake
// says "unauthorized", and on every (re)connect asks `catch_up` for cases after the highest id seen,
// so nothing missed while offline is lost. Views subscribe to one stream of LiveEvents.
import { io, type Socket } from 'socket.io-client';
import { auth, session } from './api.js';
import type { Alert, CaseView, HealthEvent } from './types.js';

export type LiveState = 'connecting' | 'online' | 'offline';

export type LiveEvent =
  | { type: 'created'; c: CaseView }
  | { type: 'updated'; c: CaseView & { change?: string } }
  | { type: 'caught_up'; items: CaseView[] }
  | { type: 'health'; h: HealthEvent }
  | { type: 'alert'; a: Alert }
  | { type: 'state'; state: LiveState };

type Handler = (e: LiveEvent) => void;

const RETRY_MIN_MS = 500;
const RETRY_MAX_MS = 5000;

export class Live {
  private socket: Socket | null = null;
  private handlers = new Set<Handler>();
  private maxId = 0n;
  private retryTimer: number | undefined;
  private retryMs = RETRY_MIN_MS;
  private stopped = true;
  private socketToken = '';
  state: LiveState = 'connecting';

  constructor() {
    auth.onToken(() => {
      // A refreshed token: reconnect so the server sees it (the auth callback reads it on connect).
      if (this.socket && !this.stopped && !this.socket.connected) this.socket.connect();
    });
    window.addEventListener('offline', () => this.setState('offline'));
    window.addEventListener('online', () => {
      if (!this.socket || this.stopped) return;
      if (this.socket.connected) this.setState('online');
      else this.socket.connect();
    });
  }

  on(fn: Handler): () => void {
    this.handlers.add(fn);
    return () => this.handlers.delete(fn);
  }

  /** Records a case id the user has seen (from REST or socket); catch_up asks for what came after. */
  seen(id: string | undefined | null): void {
    if (!id || !/^\d+$/.test(id)) return;
    const n = BigInt(id);
    if (n > this.maxId) this.maxId = n;
  }

  get highestSeenId(): string {
    return this.maxId.toString();
  }

  start(): void {
    if (this.socket) return;
    this.stopped = false;
    const socket = io({
      path: '/socket.io',
      // WebSocket first: behind a load balancer without sticky sessions (several instances),
      // long-polling would spread one session's requests over instances. Polling stays a fallback.
      transports: ['websocket', 'polling'],
      tryAllTransports: true,
      // Read on every (re)connect, so a refreshed token is used.
      auth: (cb) => {
        this.socketToken = session.get()?.accessToken ?? '';
        cb({ token: this.socketToken });
      },
      reconnection: true,
      reconnectionDelay: RETRY_MIN_MS,
      reconnectionDelayMax: RETRY_MAX_MS,
      timeout: 8000,
    });
    this.socket = socket;
    this.setState('connecting');

    socket.on('connect', () => {
      this.retryMs = RETRY_MIN_MS;
      window.clearTimeout(this.retryTimer);
      this.setState('online');
      this.catchUp();
    });
    socket.on('disconnect', (reason) => {
      if (this.stopped) return;
      this.setState('offline');
      // The server closed the socket on purpose: socket.io does not retry by itself then.
      if (reason === 'io server disconnect') this.retryLater();
    });
    socket.on('connect_error', (err: Error) => {
      if (this.stopped) return;
      this.setState('offline');
      if (err.message === 'unauthorized') {
        // A REST call may already have renewed the token: then just try again with it.
        const current = session.get()?.accessToken;
        if (current && current !== this.socketToken) return this.retryLater();
        void auth.refresh().then((ok) => {
          if (ok) this.retryLater();
          else auth.expire();
        });
        return;
      }
      // A refusal by a server middleware leaves the socket inactive: retry ourselves.
      if (!socket.active) this.retryLater();
    });

    socket.on('case.created', (c: CaseView) => {
      this.seen(c.id);
      this.emit({ type: 'created', c });
    });
    socket.on('case.updated', (c: CaseView & { change?: string }) => {
      this.seen(c.id);
      this.emit({ type: 'updated', c });
    });
    socket.on('connector.health', (h: HealthEvent) => this.emit({ type: 'health', h }));
    socket.on('alert', (a: Alert) => this.emit({ type: 'alert', a }));
  }

  stop(): void {
    this.stopped = true;
    window.clearTimeout(this.retryTimer);
    this.socket?.removeAllListeners();
    this.socket?.disconnect();
    this.socket = null;
    this.maxId = 0n;
  }

  private retryLater(): void {
    window.clearTimeout(this.retryTimer);
    const wait = this.retryMs;
    this.retryMs = Math.min(this.retryMs * 2, RETRY_MAX_MS);
    this.retryTimer = window.setTimeout(() => {
      if (!this.stopped && this.socket && !this.socket.connected) this.socket.connect();
    }, wait);
  }

  private catchUp(): void {
    const socket = this.socket;
    if (!socket || this.maxId === 0n) return;
    socket
      .timeout(10_000)
      .emitWithAck('catch_up', { sinceId: this.maxId.toString() })
      .then((res: { items?: CaseView[]; error?: string }) => {
        const items = Array.isArray(res?.items) ? res.items : [];
        items.forEach((c) => this.seen(c.id));
        if (items.length) this.emit({ type: 'caught_up', items });
      })
      .catch(() => undefined); // no ack in time: the next reconnect asks again
  }

  private setState(state: LiveState): void {
    if (this.state === state) return;
    this.state = state;
    this.emit({ type: 'state', state });
  }

  private emit(e: LiveEvent): void {
    for (const h of [...this.handlers]) {
      try {
        h(e);
      } catch (err) {
        console.error('live handler failed', err);
      }
    }
  }
}
