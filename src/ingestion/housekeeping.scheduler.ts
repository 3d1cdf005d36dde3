import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { BLOCKING_HEALTH_STATES } from '../common/platform.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';
import type { ReplyTarget } from '../connectors/connector.interface.js';
import { ConnectorRegistry } from '../connectors/connector.registry.js';
import { withAdvisoryLock } from '../database/advisory-lock.js';
import { DatabaseOutage } from '../health/database-outage.js';
import { PostRepository } from '../posts/post.repository.js';
import { RepliesService } from '../replies/replies.service.js';
import { IngestionService } from './ingestion.service.js';

const REPLIES = 'housekeeping-replies';
const REFRESH = 'housekeeping-refresh';

/**
 * Fixed housekeeping, behind the scheduler flag: replies left pending or unknown are checked and
 * finished (§6.5), and the posts of open cases are re-read, because edits and deletions are
 * invisible to time watermarks on Facebook, Instagram and TikTok (§6.4 #9–10).
 */
@Injectable()
export class HousekeepingScheduler implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(HousekeepingScheduler.name);
  private running = new Set<Promise<unknown>>();

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly ingestion: IngestionService,
    private readonly outage: DatabaseOutage,
    private readonly posts: PostRepository,
    private readonly registry: ConnectorRegistry,
    private readonly replies: RepliesService,
    private readonly schedulerRegistry: SchedulerRegistry,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pipeline.schedulerEnabled) return;
    this.every(REPLIES, 60_000, () => this.replies.resumeStale());
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
      if (!account.enabled || BLOCKING_HEALTH_STATES.includes(account.healthState) || account.healthState === 'rate_limited') continue;
      try {
        const connector = await this.registry.forAccount(account);
        if (!connector.refreshItems) continue;
        const posts = await this.posts.openCasePosts(account.id, 100);
        if (!posts.length) continue;
        const states = await connector.refreshItems(posts.map((p) => ({ externalId: p.externalId, replyTarget: p.replyTarget as unknown as ReplyTarget })));
        const n = await this.ingestion.applyItemStates(account.id, states);
        changed += n;
        this.logger.log({ stage: 'refresh', platform: account.platform, accountId: account.id, checked: posts.length, changed: n });
      } catch (e) {
        this.logger.warn({ stage: 'refresh', platform: account.platform, accountId: account.id, error: e instanceof Error ? e.message : String(e) });
      }
    }
    return changed;
  }
}
