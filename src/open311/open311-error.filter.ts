import { Catch, HttpException, type ArgumentsHost, type ExceptionFilter } from '@nestjs/common';
import type { Request, Response } from 'express';
import { CONTENT_TYPE, errorBody, guessFormat, Open311Error } from './open311.format.js';

/** Errors of /open311 in the spec's shape (§1.7), in the format the URL asked for. */
@Catch(Open311Error, HttpException)
export class Open311ErrorFilter implements ExceptionFilter {
  catch(e: Open311Error | HttpException, host: ArgumentsHost): void {
    const req = host.switchToHttp().getRequest<Request>();
    const res = host.switchToHttp().getResponse<Response>();
    const format = guessFormat(req.path);
    let status: number;
    let description: string;
    if (e instanceof Open311Error) {
      status = e.status;
      description = e.message;
    } else {
      // The spec knows 400, 403 and 404; anything else a caller did wrong is a 400.
      const s = e.getStatus();
      status = s === 403 || s === 404 || s === 429 || s >= 500 ? s : 400;
      description = e.message;
    }
    res.status(status).type(CONTENT_TYPE[format]).send(errorBody(format, status, description));
  }
}
