import { Controller, Get } from '@nestjs/common';
import { ApiOperation, ApiTags } from '@nestjs/swagger';
import { Public } from '../auth/public.decorator.js';
import { ConnectorHealthService, type HealthReport } from './connector-health.service.js';

@ApiTags('health')
@Controller('health')
export class HealthController {
  constructor(private readonly health: ConnectorHealthService) {}

  @Public()
  @Get()
  @ApiOperation({ summary: '200 while the service runs; the body reports the database and every connector account' })
  get(): Promise<HealthReport> {
    return this.health.report();
  }
}
