import { Injectable } from '@nestjs/common';
import { ThrottlerGuard, normalizeIp } from '@nestjs/throttler';
import type { Request } from 'express';
import { DomainError } from '../common/errors/domain-error.js';

/** The client a login comes from: its address (X-Forwarded-For only behind a trusted proxy, TRUST_PROXY). */
export const clientOf = (req: Request): string => normalizeIp(req.ip ?? req.socket.remoteAddress ?? 'unknown', 64);

/**
 * @nestjs/throttler's per-client limit on login, with the house's error shape: 429, an Indonesian
 * message and Retry-After (the guard sets the header before throwing).
 */
@Injectable()
export class LoginThrottlerGuard extends ThrottlerGuard {
  protected override getTracker(req: Record<string, unknown>): Promise<string> {
    return Promise.resolve(clientOf(req as unknown as Request));
  }

  protected override throwThrottlingException(_ctx: unknown, detail: { timeToBlockExpire: number }): Promise<void> {
    const wait = Math.max(1, detail.timeToBlockExpire);
    throw new DomainError('too_many_requests', `Terlalu banyak percobaan login dari alamat ini. Coba lagi dalam ${wait} detik.`, { retryAfterSec: wait });
  }
}
