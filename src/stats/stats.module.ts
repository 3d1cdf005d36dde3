import { Module } from '@nestjs/common';
import { CasesModule } from '../cases/cases.module.js';
import { SlaScheduler } from '../sla/sla.scheduler.js';
import { StatsController } from './stats.controller.js';
import { StatsService } from './stats.service.js';

@Module({ imports: [CasesModule], controllers: [StatsController], providers: [SlaScheduler, StatsService], exports: [SlaScheduler, StatsService] })
export class StatsModule {}
