import { Controller, Get, HttpStatus, Req, Res } from '@nestjs/common';
import { HealthCheck, HealthCheckService, HealthIndicatorService, TypeOrmHealthIndicator } from '@nestjs/terminus';
import { ApiOkResponse, ApiOperation, ApiResponse, ApiTags } from '@nestjs/swagger';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Request, Response } from 'express';
import { DataSource } from 'typeorm';
import { AuthService } from '../auth/auth.service.js';
import { Public } from '../auth/public.decorator.js';
import { accountActivity } from './account-activity.js';
import { ConnectorHealthService, type HealthReport } from './connector-health.service.js';
import { ApiErrors } from '../common/openapi/errors.js';
import { objectSchema } from '../common/openapi/schemas.js';

const MIGRATIONS_CACHE_MS = 60_000;

export interface PublicHealth {
  status: 'up' | 'down';
}

export type DetailedHealth = HealthReport & { connectors: Array<HealthReport['connectors'][number] & { lagSec: number | null; quarantined: number }> };

/**
 * Liveness (`/live`: the process answers), readiness (`/ready`: PostgreSQL answers and every
 * migration is applied; 503 otherwise, and while shutting down) and `/api/health` itself: up or
 * down for anyone, per-account connector details for Diskominfo staff (admin, operator).
 */
@ApiTags('health')
@ApiErrors()
@Controller('health')
export class HealthController {
  private migrationsCheckedAt = 0;

  constructor(
    private readonly auth: AuthService,
    private readonly connectors: ConnectorHealthService,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly health: HealthCheckService,
    private readonly indicators: HealthIndicatorService,
    private readonly typeorm: TypeOrmHealthIndicator,
  ) {}

  @Public()
  @Get()
  @ApiOkResponse({ schema: objectSchema('{ status: up } for anyone; for admin and operator the database and every connector account', { status: { type: 'string' } }) })
  @ApiOperation({ summary: 'up or down (503) for anyone; with an admin or operator token, the database and every connector account (state, lag, quarantined items)' })
  @ApiResponse({ status: 503, description: 'the database cannot be reached' })
  async get(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<PublicHealth | DetailedHealth> {
    const token = /^Bearer\s+(.+)$/i.exec(req.headers.authorization ?? '')?.[1];
    // An invalid or expired token is refused (401) like everywhere else; no token is the public answer.
    const user = token ? await this.auth.verify(token) : undefined;
    if (user && (user.role === 'admin' || user.role === 'operator')) {
      const report = await this.connectors.report();
      if (report.database.status === 'down') {
        res.status(HttpStatus.SERVICE_UNAVAILABLE);
        return report as DetailedHealth;
      }
      const activity = await accountActivity(this.ds);
      return { ...report, connectors: report.connectors.map((c) => ({ ...c, lagSec: null, quarantined: 0, ...activity.get(c.id) })) };
    }
    try {
      await this.ds.query('SELECT 1');
      return { status: 'up' };
    } catch {
      res.status(HttpStatus.SERVICE_UNAVAILABLE);
      return { status: 'down' };
    }
  }

  @Public()
  @Get('live')
  @ApiOkResponse({ schema: objectSchema('Terminus health check', { status: { type: 'string' } }) })
  @HealthCheck()
  @ApiOperation({ summary: 'Liveness: 200 while the process runs, whatever the database does' })
  live() {
    return this.health.check([]);
  }

  @Public()
  @Get('ready')
  @ApiOkResponse({ schema: objectSchema('Terminus health check', { status: { type: 'string' } }) })
  @HealthCheck()
  @ApiOperation({ summary: 'Readiness: 200 when PostgreSQL answers and all migrations are applied; 503 otherwise and while shutting down' })
  ready() {
    return this.health.check([
      () => this.typeorm.pingCheck('database').withTimeout(2_000),
      () =>
        this.indicators.check('migrations').attempt(async () => {
          if (Date.now() - this.migrationsCheckedAt < MIGRATIONS_CACHE_MS) return;
          if (await this.ds.showMigrations()) throw new Error('migrations are pending');
          this.migrationsCheckedAt = Date.now();
        }),
    ]);
  }
}
