import { ConsoleLogger, type LogLevel } from '@nestjs/common';

// Stage logs are objects ({ stage, platform, accountId, runId, counts }). In JSON mode Nest
// prints them as one JSON line; in text mode they become one `key=value` line instead of a
// multi-line dump, so a run reads as one line per stage.

const fmt = (v: unknown): string => {
  if (v === null || v === undefined) return String(v);
  if (typeof v === 'string') return /[\s="]/.test(v) ? JSON.stringify(v) : v;
  if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'bigint') return v.toString();
  return JSON.stringify(v) ?? '';
};

export class AppLogger extends ConsoleLogger {
  protected override stringifyMessage(message: unknown, logLevel: LogLevel): string {
    if (!this.options.json && message && typeof message === 'object' && !(message instanceof Error) && !Array.isArray(message))
      return Object.entries(message as Record<string, unknown>)
        .filter(([, v]) => v !== undefined)
        .map(([k, v]) => `${k}=${fmt(v)}`)
        .join(' ');
    return super.stringifyMessage(message, logLevel);
  }
}
