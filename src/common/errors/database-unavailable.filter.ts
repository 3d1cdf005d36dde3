import { Catch, HttpStatus, type ArgumentsHost, type HttpServer } from '@nestjs/common';
import { BaseExceptionFilter } from '@nestjs/core';
import type { Response } from 'express';
import { DATABASE_RETRY_AFTER_SEC } from './database-unavailable.js';

/**
 * Catch-all of last resort: an error that means "PostgreSQL cannot be reached" answers 503 with
 * Retry-After (the request may succeed later; nothing was wrong with it), every other error goes
 * to Nest's default handling. Registered before the other global filters, so it is tried last.
 * `observe` records the outage (DatabaseOutage) and says whether the error was one.
 */
@Catch()
export class DatabaseUnavailableFilter extends BaseExceptionFilter {
  constructor(
    private readonly observe: (err: unknown) => boolean,
    httpAdapter: HttpServer,
  ) {
    super(httpAdapter);
  }

  override catch(error: unknown, host: ArgumentsHost): void {
    if (host.getType() === 'http' && this.observe(error)) {
      const res = host.switchToHttp().getResponse<Response>();
      if (!res.headersSent) {
        res.setHeader('Retry-After', String(DATABASE_RETRY_AFTER_SEC));
        res.status(HttpStatus.SERVICE_UNAVAILABLE).json({
          statusCode: HttpStatus.SERVICE_UNAVAILABLE,
          error: 'database_unavailable',
          message: 'Basis data sedang tidak dapat dijangkau, jadi permintaan ini belum diproses. Coba lagi beberapa detik lagi.',
        });
      }
      return;
    }
    super.catch(error, host);
  }
}
