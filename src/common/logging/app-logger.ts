import { ConsoleLogger, type LogLevel } from '@nestjs/common';
import { redactText } from './redact.js';

// The readable console (demo, development). Stage logs are objects ({ stage, platform, accountId,
// runId, counts }); they become one `key=value` line instead of a multi-line dump. Tokens and
// personal data are redacted as in the JSON (pino) logs.

const fmt = (v: unknown): string => {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'string') return /[\s="]/.test(v) ? JSON.stringify(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? '';
};

// Nest's own start-up chatter (every module and route, ~80 lines) is debug in the console.
const NEST_BOOT = new Set(['NestFactory', 'InstanceLoader', 'RoutesResolver', 'RouterExplorer', 'NestApplication']);

export class AppLogger extends ConsoleLogger {
  override log(message: unknown, ...rest: unknown[]): void {
    const context = rest.at(-1);
    if (typeof context === 'string' && NEST_BOOT.has(context)) super.debug(message, ...rest);
    else super.log(message, ...rest);
  }

  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    if (message && typeof message === 'object' && !(message instanceof Error) && !Array.isArray(message))
      return redactText(
        Object.entries(message as Record<string, unknown>)
          .filter(([, v]) => v !== undefined)
          .map(([k, v]) => `${k}=${fmt(v)}`)
          .join(' '),
      );
    return redactText(super.stringifyMessage(message, logLevel));
  }
}
