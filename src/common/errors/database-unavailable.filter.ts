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
    // Backstop for input no check caught before PostgreSQL (issue 13 §5): a data exception
    // (class 22: a number past int8, a malformed uuid, NUL) or a NOT NULL violation caused by the
    // request is a 422 with a message, never a 500.
    const code = (error as { driverError?: { code?: unknown } } | null)?.driverError?.code;
    if (host.getType() === 'http' && typeof code === 'string' && (code.startsWith('22') || code === '23502')) {
      const res = host.switchToHttp().getResponse<Response>();
      if (!res.headersSent)
        res.status(HttpStatus.UNPROCESSABLE_ENTITY).json({ statusCode: HttpStatus.UNPROCESSABLE_ENTITY, error: 'validation', message: 'Permintaan berisi nilai yang tidak valid (angka, id atau teks yang tidak dapat diterima)' });
      return;
    }
    super.catch(error, host);
  }
}
