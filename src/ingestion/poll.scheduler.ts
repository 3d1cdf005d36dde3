import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CaseIntakeService } from '../cases/case-intake.service.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';
import { DatabaseOutage } from '../health/database-outage.js';
import { PollAccountJob } from './poll-account.job.js';

const TICK = 'poll-scheduler-tick';

/**
 * Picks due accounts and fans out one run per account. Each account's interval lives in its row
 * (changeable without a restart); a lease keeps runs of one account from overlapping, across
 * ticks and across instances; runs go on in parallel, so one slow or broken account never
 * delays another. On shutdown it stops picking and lets running batches finish.
 */
@Injectable()
export class PollScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(PollScheduler.name);
  private readonly owner = `${process.pid}-${randomUUID().slice(0, 8)}`;
  private readonly running = new Map<string, Promise<unknown>>();
  private readonly abort = new AbortController();
  private ticking?: Promise<void>;
  private stopped = false;

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly intake: CaseIntakeService,
    private readonly job: PollAccountJob,
    private readonly outage: DatabaseOutage,
    private readonly schedulerRegistry: SchedulerRegistry,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    // Posts stored by a run that crashed before opening their cases are picked up first, and
    // again each time the database comes back after an outage.
    await this.recoverPending();
    this.outage.onRecovered(() => void this.recoverPending());
    if (!this.config.pipeline.schedulerEnabled) return;
    const handle = setInterval(() => void this.tick(), this.config.pipeline.tickMs);
    this.schedulerRegistry.addInterval(TICK, handle);
  }

  private async recoverPending(): Promise<void> {
    try {
      const recovered = await this.intake.processPending();
      if (recovered) this.logger.log({ stage: 'recover', cases: recovered });
    } catch (e) {
      if (!this.outage.observe(e)) this.logger.error({ stage: 'recover', error: e instanceof Error ? e.message : String(e) });
    }
  }

  tick(): Promise<void> {
    // While PostgreSQL is down nothing is claimed; DatabaseOutage probes and says when it is back.
    if (this.stopped || this.outage.down) return Promise.resolve();
    this.ticking ??= this.claimAndRun().finally(() => (this.ticking = undefined));
    return this.ticking;
  }

  private async claimAndRun(): Promise<void> {
    try {
      const due = await this.accounts.claimDue(this.owner, this.job.leaseMs(), 20, [...this.running.keys()]);
      for (const account of due) {
        const run = this.job
          .run(account, this.owner, this.abort.signal)
          .catch((e: unknown) => this.logger.error({ stage: 'run', accountId: account.id, error: String(e) }))
          .finally(() => this.running.delete(account.id));
        this.running.set(account.id, run);
      }
    } catch (e) {
      if (!this.stopped && !this.outage.observe(e)) this.logger.error({ stage: 'schedule', error: e instanceof Error ? e.message : String(e) });
    }
  }

  /** Waits for every running account to finish its current batch. */
  async idle(): Promise<void> {
    while (this.running.size) await Promise.allSettled([...this.running.values()]);
  }

  async beforeApplicationShutdown(): Promise<void> {
    this.stopped = true;
    if (this.schedulerRegistry.doesExist('interval', TICK)) this.schedulerRegistry.deleteInterval(TICK);
    this.abort.abort();
    await this.ticking;
    if (this.running.size) this.logger.log({ stage: 'shutdown', waitingFor: this.running.size });
    await this.idle();
  }
}
