import { Module, type DynamicModule } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { TypeOrmModule } from '@nestjs/typeorm';
import { CoreModule } from '../common/core.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ConfigModule } from '../config/config.module.js';
import { dataSourceOptions } from '../database/data-source.js';
import { OpsCoreModule } from '../health/ops-core.module.js';
import { ReportsModule } from './reports.module.js';

/** Just enough of the service for `npm run report`: config, database (migrated), reports; no HTTP, no schedulers. */
@Module({})
export class ReportsCliModule {
  static forRoot(config: AppConfig): DynamicModule {
    if (!config.database.url)
      throw new Error('database URL must be resolved before the report context starts');
    return {
      module: ReportsCliModule,
      imports: [
        ConfigModule.forRoot({ ...config, pipeline: { ...config.pipeline, schedulerEnabled: false } }),
        CoreModule,
        OpsCoreModule,
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        TypeOrmModule.forRoot({ ...dataSourceOptions(config.database.url, 2), migrationsRun: true }),
        ReportsModule,
      ],
    };
  }
}
