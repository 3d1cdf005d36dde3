import { Module } from '@nestjs/common';
import { SlaPolicy } from '../sla/sla-policy.js';
import { StatsService } from '../stats/stats.service.js';
import { ReportMailer } from './report-mailer.service.js';
import { ReportQueriesRepository } from './report-queries.repository.js';
import { ReportsController } from './reports.controller.js';
import { ReportsScheduler } from './reports.scheduler.js';
import { SpikeAlertService } from './spike-alert.service.js';
import { WeeklyReportRepository } from './weekly-report.repository.js';
import { WeeklyReportService } from './weekly-report.service.js';

// StatsService and SlaPolicy are stateless and provided here rather than through StatsModule:
// that module pulls in CasesModule and the classifier, which the `npm run report` context (and
// a report) does not need.
@Module({
  controllers: [ReportsController],
  providers: [
    ReportMailer,
    ReportQueriesRepository,
    ReportsScheduler,
    SlaPolicy,
    SpikeAlertService,
    StatsService,
    WeeklyReportRepository,
    WeeklyReportService,
  ],
  exports: [ReportMailer, SpikeAlertService, WeeklyReportService],
})
export class ReportsModule {}
