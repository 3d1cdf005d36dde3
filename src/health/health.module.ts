import { Module } from '@nestjs/common';
import { TerminusModule } from '@nestjs/terminus';
import { AuthModule } from '../auth/auth.module.js';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { ConnectorHealthService } from './connector-health.service.js';
import { HealthController } from './health.controller.js';
import { MetricsCollector } from './metrics.collector.js';
import { MetricsController } from './metrics.controller.js';

// Terminus logs nothing itself: a failing readiness probe during an outage would log every few
// seconds; DatabaseOutage logs the outage once.
@Module({
  imports: [AuthModule, ConnectorsModule, TerminusModule.forRoot({ logger: false })],
  controllers: [HealthController, MetricsController],
  providers: [ConnectorHealthService, MetricsCollector],
})
export class HealthModule {}
