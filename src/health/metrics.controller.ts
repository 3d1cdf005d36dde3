import { Controller, Get, Header, Inject, Req, Res } from '@nestjs/common';
import { ApiOkResponse, ApiOperation, ApiTags } from '@nestjs/swagger';
import type { Request, Response } from 'express';
import { Public } from '../auth/public.decorator.js';
import { DomainError } from '../common/errors/domain-error.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { MetricsAccess } from './metrics-access.js';
import { PipelineMetrics } from './pipeline-metrics.js';
import { MetricsCollector } from './metrics.collector.js';
import { ApiErrors } from '../common/openapi/errors.js';

@ApiTags('health')
@ApiErrors()
@Controller('metrics')
export class MetricsController {
  private readonly access: MetricsAccess;

  constructor(
    @Inject(APP_CONFIG) config: AppConfig,
    private readonly metrics: PipelineMetrics,
    // Constructed for its gauges, which register themselves on the metrics registry.
    _collector: MetricsCollector,
  ) {
    this.access = new MetricsAccess(config.metrics.token, config.metrics.allow);
  }

  // Not a user route: no login, but METRICS_TOKEN or an address from METRICS_ALLOW (default loopback).
  @Public()
  @Get()
  @ApiOkResponse({ description: 'Prometheus text format', content: { 'text/plain': { schema: { type: 'string' } } } })
  @Header('Cache-Control', 'no-store')
  @ApiOperation({ summary: 'Prometheus metrics: needs `Authorization: Bearer <METRICS_TOKEN>` or a request from METRICS_ALLOW (default loopback)' })
  async get(@Req() req: Request, @Res({ passthrough: true }) res: Response): Promise<string> {
    const verdict = this.access.check(req.headers.authorization, req.socket.remoteAddress);
    if (verdict === 'token') throw new DomainError('unauthorized', 'Token metrik salah');
    if (verdict === 'address') throw new DomainError('forbidden', 'Metrik hanya untuk Prometheus: kirim METRICS_TOKEN atau minta dari alamat di METRICS_ALLOW');
    res.setHeader('Content-Type', this.metrics.registry.contentType);
    return this.metrics.registry.metrics();
  }
}
