import { Injectable, SetMetadata, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request, Response } from 'express';
import { DomainError } from '../common/errors/domain-error.js';

// Why not @nestjs/throttler: 6.7.1 (the newest) is CommonJS and require()s the ESM-only
// @nestjs/common 12. Node ≥ 20.19 loads that, but Jest's module runtime cannot, so no test could
// run the app with it. This is the same fixed window, per client address and route, in memory
// (per instance: several instances each allow the limit).

const LIMIT_KEY = 'publicRateLimit';
/** Requests per minute per client address on this route (default 60). */
export const RateLimit = (perMinute: number): MethodDecorator & ClassDecorator =>
  SetMetadata(LIMIT_KEY, perMinute);

const WINDOW_MS = 60_000;

@Injectable()
export class PublicRateLimitGuard implements CanActivate {
  private windows = new Map<string, { start: number; count: number }>();

  constructor(private readonly reflector: Reflector) {}

  canActivate(ctx: ExecutionContext): boolean {
    const limit =
      this.reflector.getAllAndOverride<number | undefined>(LIMIT_KEY, [ctx.getHandler(), ctx.getClass()]) ??
      60;
    const req = ctx.switchToHttp().getRequest<Request>();
    const now = Date.now();
    if (this.windows.size > 50_000)
      for (const [k, w] of this.windows) if (now - w.start >= WINDOW_MS) this.windows.delete(k);
    // The TCP peer (or what `trust proxy` makes of X-Forwarded-For behind the proxy), never a raw header.
    const key = `${ctx.getClass().name}.${ctx.getHandler().name}:${req.ip ?? req.socket.remoteAddress ?? ''}`;
    let w = this.windows.get(key);
    if (!w || now - w.start >= WINDOW_MS) this.windows.set(key, (w = { start: now, count: 0 }));
    w.count++;
    if (w.count <= limit) return true;
    const wait = Math.ceil((w.start + WINDOW_MS - now) / 1000);
    ctx.switchToHttp().getResponse<Response>().setHeader('Retry-After', String(wait));
    throw new DomainError('too_many_requests', `Terlalu banyak permintaan. Coba lagi dalam ${wait} detik.`, {
      retryAfterSec: wait,
    });
  }
}
