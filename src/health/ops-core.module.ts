import { Global, Module } from '@nestjs/common';
import { ActivityLog } from './activity-log.js';
import { DatabaseOutage } from './database-outage.js';
import { PipelineMetrics } from './pipeline-metrics.js';

/** Operations plumbing every module may use: the database-outage tracker and the pipeline counters. */
@Global()
@Module({ providers: [ActivityLog, DatabaseOutage, PipelineMetrics], exports: [DatabaseOutage, PipelineMetrics] })
export class OpsCoreModule {}
