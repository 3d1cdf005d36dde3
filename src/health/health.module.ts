import { Module } from '@nestjs/common';
import { ConnectorsModule } from '../connectors/connectors.module.js';
import { ConnectorHealthService } from './connector-health.service.js';
import { HealthController } from './health.controller.js';

@Module({ imports: [ConnectorsModule], controllers: [HealthController], providers: [ConnectorHealthService] })
export class HealthModule {}
