// Nothing in tests reaches outside loopback: any other connection fails loudly, naming what was
// attempted (after twenty's http-mock.util.ts). Core modules are shared across the VM contexts of
// a worker, so patching them here covers code under test too.
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';

const LOOPBACK = new Set(['127.0.0.1', '::1', 'localhost', '::ffff:127.0.0.1']);
const FLAG = Symbol.for('suara-warga.no-external-network');

function isLoopback(host: unknown): boolean {
  if (host === undefined || host === null || host === '') return true;
  return typeof host === 'string' && LOOPBACK.has(host.replace(/^\[|\]$/g, ''));
}

const g = globalThis as Record<symbol, unknown>;
if (!g[FLAG]) {
  g[FLAG] = true;
  for (const mod of [http, https]) {
    const original = mod.request;
    const guarded = function (this: unknown, ...args: unknown[]) {
      const first = args[0];
      const opts = (typeof first === 'string' || first instanceof URL ? args[1] : first) as
        | { host?: string; hostname?: string; method?: string; path?: string; port?: number; protocol?: string }
        | undefined;
      const url = typeof first === 'string' ? new URL(first) : first instanceof URL ? first : undefined;
      const host = url?.hostname ?? opts?.hostname ?? opts?.host;
      if (!isLoopback(host)) {
        const method = opts?.method ?? 'GET';
        const target =
          url?.toString() ??
          `${opts?.protocol ?? 'http:'}//${String(host)}${opts?.port ? `:${opts.port}` : ''}${opts?.path ?? '/'}`;
        throw new Error(`Blocked external request in tests: ${method} ${target}`);
      }
      return (original as (...a: unknown[]) => unknown).apply(this, args);
    };
    (mod as { request: unknown }).request = guarded;
  }
  const connect = net.Socket.prototype.connect;
  net.Socket.prototype.connect = function (this: net.Socket, ...args: unknown[]) {
    // net.connect() passes its already-normalised arguments as one array.
    const argv = Array.isArray(args[0]) ? (args[0] as unknown[]) : args;
    const first = argv[0] as { host?: string; path?: string } | number | string;
    const host =
      typeof first === 'object' && first !== null && !Array.isArray(first)
        ? first.path
          ? '127.0.0.1'
          : first.host
        : typeof first === 'number'
          ? (argv[1] as string | undefined)
          : undefined;
    if (!isLoopback(host)) throw new Error(`Blocked external connection in tests: ${String(host)}`);
    return (connect as (...a: unknown[]) => net.Socket).apply(this, args);
  };
}
