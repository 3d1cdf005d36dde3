import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
// cron: the CronJob class @nestjs/schedule itself runs (same version), needed to register jobs
// with a time zone through SchedulerRegistry.
import { CronJob } from 'cron';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import { DatabaseOutage } from '../health/database-outage.js';
import type { AppConfig } from '../config/app-config.js';
import { shiftWeek, weekAt } from './iso-week.js';
import { ReportMailer } from './report-mailer.service.js';
import { SpikeAlertService } from './spike-alert.service.js';
import { WeeklyReportService } from './weekly-report.service.js';

export const WEEKLY_REPORT_JOB = 'weekly-report';
export const SPIKE_CHECK_JOB = 'spike-check';
/** Monday 07:00 in the regency's time zone. */
export const WEEKLY_REPORT_CRON = '0 7 * * 1';
/** Every 15 minutes over a sliding 60-minute window, so a spike shows within the hour it starts. */
export const SPIKE_CHECK_CRON = '*/15 * * * *';

export type JobOutcome = 'done' | 'skipped' | 'failed';

/**
 * The weekly summary (Monday 07:00 local, the ISO week just ended, then the optional e-mail) and
 * the spike check, both behind POLL_SCHEDULER_ENABLED like the other schedulers. A run that is
 * still going when the next tick comes is not doubled. Handlers never throw into the scheduler.
 */
@Injectable()
export class ReportsScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(ReportsScheduler.name);
  private readonly running = new Map<string, Promise<unknown>>();

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly mailer: ReportMailer,
    private readonly outage: DatabaseOutage,
    private readonly registry: SchedulerRegistry,
    private readonly reports: WeeklyReportService,
    private readonly spikes: SpikeAlertService,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pipeline.schedulerEnabled) return;
    this.add(WEEKLY_REPORT_JOB, WEEKLY_REPORT_CRON, () => this.runWeekly());
    this.add(SPIKE_CHECK_JOB, SPIKE_CHECK_CRON, () => this.spikes.check());
  }

  private add(name: string, cronTime: string, run: () => Promise<unknown>): void {
    const job = CronJob.from({
      cronTime,
      timeZone: this.config.timezone,
      onTick: () => {
        if (this.running.has(name)) return;
        this.running.set(
          name,
          run().finally(() => this.running.delete(name)),
        );
      },
    });
    this.registry.addCronJob(name, job);
    job.start();
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const name of [WEEKLY_REPORT_JOB, SPIKE_CHECK_JOB]) {
      if (!this.registry.doesExist('cron', name)) continue;
      await this.registry.getCronJob(name).stop();
      this.registry.deleteCronJob(name);
    }
    await Promise.allSettled(this.running.values());
  }

  /** The summary of the ISO week before the current local one, stored, then e-mailed if configured. */
  async runWeekly(): Promise<JobOutcome> {
    const week = shiftWeek(weekAt(this.clock.now(), this.config.timezone), -1);
    try {
      const summary = await this.reports.generate(week);
      await this.mailer.send(summary);
      return 'done';
    } catch (e) {
      if (!this.outage.observe(e)) this.logger.error({ stage: 'weekly_report', week, error: e instanceof Error ? e.message : String(e) });
      return 'failed';
    }
  }
}
