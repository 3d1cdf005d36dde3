import { Injectable, type CanActivate, type ExecutionContext } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import type { Request } from 'express';
import { DomainError } from '../common/errors/domain-error.js';
import { AuthService } from './auth.service.js';
import type { Principal } from './principal.js';
import { IS_PUBLIC, ROLES_KEY } from './public.decorator.js';
import type { Role } from './user.entity.js';

/** Global guard: every route needs a valid access token unless marked @Public(); @Roles() narrows further. */
@Injectable()
export class JwtAuthGuard implements CanActivate {
  constructor(
    private readonly auth: AuthService,
    private readonly reflector: Reflector,
  ) {}

  async canActivate(ctx: ExecutionContext): Promise<boolean> {
    if (ctx.getType() !== 'http') return true;
    const targets = [ctx.getHandler(), ctx.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;
    const req = ctx.switchToHttp().getRequest<Request & { user?: Principal }>();
    const m = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '');
    if (!m) throw new DomainError('unauthorized', 'Perlu login');
    req.user = await this.auth.verify(m[1]);
    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(ROLES_KEY, targets);
    if (roles && !roles.includes(req.user.role)) throw new DomainError('forbidden', 'Peran Anda tidak boleh melakukan ini');
    return true;
  }
}
