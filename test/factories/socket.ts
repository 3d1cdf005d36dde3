import { io, type Socket } from 'socket.io-client';

export interface Collected<T> {
  socket: Socket;
  received: T[];
  waitFor(pred: (items: T[]) => boolean, timeoutMs?: number): Promise<T[]>;
}

/** A dashboard client that records every `event` it receives. */
export async function connectDashboard<T = Record<string, unknown>>(url: string, token: string, event = 'case.created'): Promise<Collected<T>> {
  const socket = io(url, { auth: { token }, transports: ['websocket'], reconnection: false, forceNew: true });
  const received: T[] = [];
  socket.on(event, (p: T) => received.push(p));
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error('socket connect timeout')), 5000);
    socket.once('connect', () => {
      clearTimeout(timer);
      resolve();
    });
    socket.once('connect_error', (e) => {
      clearTimeout(timer);
      socket.close();
      reject(e);
    });
  });
  return {
    socket,
    received,
    waitFor: (pred, timeoutMs = 10_000) =>
      new Promise((resolve, reject) => {
        const started = Date.now();
        const check = (): void => {
          if (pred(received)) return resolve(received);
          if (Date.now() - started > timeoutMs) return reject(new Error(`timed out waiting for ${event}; got ${received.length}`));
          setTimeout(check, 25);
        };
        check();
      }),
  };
}

export function catchUp<T>(socket: Socket, sinceId: string): Promise<{ items: T[] } | { error: string }> {
  return socket.timeout(5000).emitWithAck('catch_up', { sinceId }) as Promise<{ items: T[] } | { error: string }>;
}

export async function eventually<T>(fn: () => Promise<T>, pred: (v: T) => boolean, timeoutMs = 15_000, stepMs = 100): Promise<T> {
  const start = Date.now();
  for (;;) {
    const v = await fn();
    if (pred(v)) return v;
    if (Date.now() - start > timeoutMs) throw new Error(`condition not met within ${timeoutMs} ms; last value: ${JSON.stringify(v).slice(0, 500)}`);
    await new Promise((r) => setTimeout(r, stepMs));
  }
}
