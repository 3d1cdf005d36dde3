import { Logger } from '@nestjs/common';
import type { Logger as TypeOrmLoggerInterface } from 'typeorm';

const oneLine = (s: string, max = 300): string => {
  const flat = s.replace(/\s+/g, ' ').trim();
  return flat.length > max ? `${flat.slice(0, max)}…` : flat;
};

/**
 * TypeORM's log, through Nest's logger: a failed query is one line (its SQL without the bound
 * values, which may hold citizens' text or tokens); "database unavailable" errors are handed to
 * `observe` (DatabaseOutage), which logs an outage once instead of once per query.
 */
export class TypeOrmLogger implements TypeOrmLoggerInterface {
  private readonly logger = new Logger('TypeORM');

  constructor(private readonly observe: (err: unknown) => boolean = () => false) {}

  logQuery(): void {}

  logQueryError(error: string | Error, query: string): void {
    if (this.observe(error)) return;
    this.logger.error(`query failed: ${error instanceof Error ? error.message : error} [${oneLine(query)}]`);
  }

  logQuerySlow(time: number, query: string): void {
    this.logger.warn(`slow query (${time} ms) [${oneLine(query)}]`);
  }

  logSchemaBuild(): void {}

  logMigration(message: string): void {
    this.logger.log(message);
  }

  log(level: 'log' | 'info' | 'warn', message: unknown): void {
    if (level === 'warn') this.logger.warn(String(message));
    else this.logger.debug(String(message));
  }

  /** pg pool `error` events (an idle connection dropped by the server). */
  poolError(err: Error): void {
    if (!this.observe(err)) this.logger.warn(`PostgreSQL pool error: ${err.message}`);
  }
}
