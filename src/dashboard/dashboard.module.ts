import { Module } from '@nestjs/common';
import { AuthModule } from '../auth/auth.module.js';
import { CasesModule } from '../cases/cases.module.js';
import { DashboardGateway } from './dashboard.gateway.js';
import { DashboardListener } from './dashboard.listener.js';

@Module({ imports: [AuthModule, CasesModule], providers: [DashboardGateway, DashboardListener] })
export class DashboardModule {}
