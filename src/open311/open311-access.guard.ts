import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import type { Request, Response } from 'express';
import type { ApiKey } from './api-key.entity.js';
import { ApiKeyService } from './api-key.service.js';
import { Open311Error } from './open311.format.js';

export type Open311Request_ = Request & { open311Key?: ApiKey };

/**
 * POST requests need a valid `api_key` (§1.1: the only call that does; 403 otherwise) and are
 * counted against the key's own per-minute limit (429 with Retry-After beyond it). Reads are open
 * as the spec wants; limit them per address at the proxy if needed.
 */
@Injectable()
export class Open311AccessGuard implements CanActivate {
  constructor(private readonly keys: ApiKeyService) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    const req = ctx.switchToHttp().getRequest<Open311Request_>();
    if (req.method !== 'POST') return true;
    const body = (req.body ?? {}) as Record<string, unknown>;
    const header = req.headers['x-api-key'];
    const plain = typeof body.api_key === 'string' ? body.api_key : typeof header === 'string' ? header : '';
    if (!plain) throw new Open311Error(403, "api_key was not provided -- can't proceed with create_request.");
    const key = await this.keys.verify(plain);
    if (!key) throw new Open311Error(403, "Invalid api_key received -- can't proceed with create_request.");
    req.open311Key = key;
    const hit = await this.keys.hit(key);
    const res = ctx.switchToHttp().getResponse<Response>();
    res.setHeader('X-RateLimit-Limit', String(hit.limit));
    res.setHeader('X-RateLimit-Remaining', String(hit.remaining));
    if (hit.retryAfterSec) {
      res.setHeader('Retry-After', String(hit.retryAfterSec));
      throw new Open311Error(429, 'Too many requests for this api_key; retry after the time in Retry-After.');
    }
    return true;
  }
}
