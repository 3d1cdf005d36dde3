import type { IncomingMessage, ServerResponse } from 'node:http';
import type { LoggerService } from '@nestjs/common';
import { pino, type Logger as Pino } from 'pino';
import { redactText, REDACT_PATHS } from './redact.js';

const PINO_LEVEL = { debug: 'debug', log: 'info', warn: 'warn', error: 'error' } as const;

const clean = (v: unknown): unknown => (typeof v === 'string' ? redactText(v) : v);

/** The production logger: one JSON object per line on stdout, tokens and personal data redacted. */
export function createPino(level: keyof typeof PINO_LEVEL): Pino {
  return pino({
    level: PINO_LEVEL[level],
    base: { service: 'suara-warga', pid: process.pid },
    timestamp: pino.stdTimeFunctions.isoTime,
    formatters: { level: (label) => ({ level: label }) },
    redact: { paths: REDACT_PATHS, censor: '[redacted]' },
    hooks: {
      // Messages and top-level string fields go through the same redaction as the text console.
      logMethod(args, method) {
        const out = args.map((a: unknown) =>
          a && typeof a === 'object' && !(a instanceof Error) ? Object.fromEntries(Object.entries(a).map(([k, v]) => [k, clean(v)])) : clean(a),
        ) as Parameters<typeof method>;
        method.apply(this, out);
      },
    },
  });
}

/** Options for pino-http (through nestjs-pino): one line per request, none for probes and scrapes. */
export function httpLogOptions(logger: Pino) {
  return {
    logger,
    autoLogging: { ignore: (req: IncomingMessage) => /^\/api\/(health|metrics)(\/|\?|$)/.test(req.url ?? '') },
    // 503 is "database unavailable": DatabaseOutage logs the outage once, not once per request.
    customLogLevel: (_req: IncomingMessage, res: ServerResponse, err?: Error) =>
      res.statusCode === 503 ? 'silent' : err || res.statusCode >= 500 ? 'error' : res.statusCode >= 400 ? 'warn' : 'info',
    // pino-http invents an Error with its own stack for every 5xx; the exception filter already logs the real one.
    customErrorObject: (_req: IncomingMessage, _res: ServerResponse, _err: Error, val: Record<string, unknown>) => {
      const { err: _invented, ...rest } = val;
      return rest;
    },
    // Only what an operator needs; never bodies or query strings (search terms are citizens' words).
    serializers: {
      req: (req: { id: unknown; method: string; url: string }) => ({ id: req.id, method: req.method, path: req.url.split('?')[0] }),
      res: (res: { statusCode: number }) => ({ statusCode: res.statusCode }),
    },
  };
}

/** Nest's LoggerService over pino, for the logs before the app (and nestjs-pino's Logger) exists. */
export class PinoNestLogger implements LoggerService {
  constructor(readonly pino: Pino) {}
  private call(level: 'debug' | 'info' | 'warn' | 'error' | 'fatal' | 'trace', message: unknown, params: unknown[]): void {
    const last = params.at(-1);
    const context = typeof last === 'string' ? last : undefined;
    // Nest's error(message, stack, context).
    const stack = params.length > 1 && typeof params[0] === 'string' ? params[0] : undefined;
    if (message instanceof Error) this.pino[level]({ context, err: message });
    else if (message && typeof message === 'object') this.pino[level]({ context, stack, ...message });
    else this.pino[level]({ context, stack }, String(message));
  }
  log(m: unknown, ...p: unknown[]): void {
    this.call('info', m, p);
  }
  error(m: unknown, ...p: unknown[]): void {
    this.call('error', m, p);
  }
  warn(m: unknown, ...p: unknown[]): void {
    this.call('warn', m, p);
  }
  debug(m: unknown, ...p: unknown[]): void {
    this.call('debug', m, p);
  }
  verbose(m: unknown, ...p: unknown[]): void {
    this.call('trace', m, p);
  }
  fatal(m: unknown, ...p: unknown[]): void {
    this.call('fatal', m, p);
  }
}
