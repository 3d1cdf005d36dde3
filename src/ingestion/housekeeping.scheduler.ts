import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';
import { withAdvisoryLock } from '../database/advisory-lock.js';
import { DatabaseOutage } from '../health/database-outage.js';
import { RepliesService } from '../replies/replies.service.js';
import { RefreshOpenPostsJob } from './refresh-open-posts.job.js';

const REPLIES = 'housekeeping-replies';
const REFRESH = 'housekeeping-refresh';

/**
 * Fixed housekeeping, behind the scheduler flag: replies left pending or unknown are checked and
 * finished (§6.5), and the posts of open cases are re-read on every platform that can, because
 * edits and deletions are invisible to time watermarks and to X's since_id (§6.4 #9–10).
 */
@Injectable()
export class HousekeepingScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HousekeepingScheduler.name);
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly outage: DatabaseOutage,
    private readonly refresh: RefreshOpenPostsJob,
    private readonly replies: RepliesService,
    private readonly schedulerRegistry: SchedulerRegistry,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pipeline.schedulerEnabled) return;
    const recheck = this.config.pipeline.replyRecheckSec * 1000;
    // A reply counts as stale only once a call in flight for it must have ended (timeout), so a
    // check never resumes a reply that another worker is still sending.
    const staleAfter = Math.max(recheck, 2 * this.config.pipeline.httpTimeoutMs + 5000);
    this.every(REPLIES, recheck, () => this.replies.resumeStale(staleAfter));
    // One instance at a time re-reads open posts (each would spend the same API quota).
    this.every(REFRESH, this.config.pipeline.refreshOpenPostsMin * 60_000, () => withAdvisoryLock(this.ds, REFRESH, () => this.refreshOpenPosts()));
  }

  private every(name: string, ms: number, job: () => Promise<unknown>): void {
    let busy = false;
    const h = setInterval(() => {
      // While PostgreSQL is down the job waits for the next interval after it is back.
      if (busy || this.outage.down) return;
      busy = true;
      const p = job()
        .catch((e: unknown) => this.outage.observe(e) || this.logger.error({ stage: name, error: String(e) }))
        .finally(() => {
          busy = false;
          this.running.delete(p);
        });
      this.running.add(p);
    }, ms);
    this.schedulerRegistry.addInterval(name, h);
  }

  async beforeApplicationShutdown(): Promise<void> {
    for (const n of [REPLIES, REFRESH]) if (this.schedulerRegistry.doesExist('interval', n)) this.schedulerRegistry.deleteInterval(n);
    await Promise.allSettled([...this.running]);
  }

  /** Re-reads the posts of open cases on every account whose connector can; returns how many changed. */
  async refreshOpenPosts(): Promise<number> {
    let changed = 0;
    for (const account of await this.accounts.findAll()) {
      try {
        changed += (await this.refresh.run(account)).changed;
      } catch (e) {
        this.logger.warn({ stage: 'refresh', platform: account.platform, accountId: account.id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return changed;
  }
}
