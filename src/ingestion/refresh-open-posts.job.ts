import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainEvents } from '../common/events.js';
import { BLOCKING_HEALTH_STATES, type HealthState } from '../common/platform.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { ConnectorAccount } from '../connectors/connector-account.entity.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';
import type { RefreshRef, ReplyTarget } from '../connectors/connector.interface.js';
import { isConnectorError } from '../connectors/connector-error.js';
import { ConnectorRegistry } from '../connectors/connector.registry.js';
import { PostRepository } from '../posts/post.repository.js';
import { withJitter } from './backoff.js';
import { IngestionService } from './ingestion.service.js';

// Refs handed to a connector at once; it splits them into the platform's own batches (X 100 a
// call, Graph 50, TikTok 30 per video), so a chunk costs one or two calls on X and Graph.
const CHUNK = 100;

export interface RefreshOutcome {
  checked: number;
  changed: number;
  outcome: 'done' | 'skipped' | 'failed';
}

/**
 * Re-reads the posts of an account's open cases, the opener and every follow-up (edits and
 * deletions are invisible to time watermarks, §6.4 #9–10), oldest-checked first so that across
 * runs every open post comes round. A deletion is marked (never erased) and recorded on the case;
 * an edit keeps the old text as a revision. A throttle pauses the account like a poll would (Meta
 * extends blocks when called early, §1.7); no error ever marks a post deleted.
 */
@Injectable()
export class RefreshOpenPostsJob {
  private readonly logger = new Logger(RefreshOpenPostsJob.name);

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
    private readonly ingestion: IngestionService,
    private readonly posts: PostRepository,
    private readonly registry: ConnectorRegistry,
  ) {}

  async run(account: ConnectorAccount): Promise<RefreshOutcome> {
    const ctx = { stage: 'refresh', platform: account.platform, accountId: account.id };
    const started = this.clock.now();
    if (!account.enabled || BLOCKING_HEALTH_STATES.includes(account.healthState) || this.pausedAt(account, started))
      return { checked: 0, changed: 0, outcome: 'skipped' };
    const connector = await this.registry.forAccount(account);
    if (!connector.refreshItems) return { checked: 0, changed: 0, outcome: 'skipped' };
    let checked = 0;
    let changed = 0;
    let chunk: string[] = [];
    try {
      while (checked < this.config.pipeline.refreshMaxPostsPerRun) {
        const posts = await this.posts.postsToRefresh(account.id, started, Math.min(CHUNK, this.config.pipeline.refreshMaxPostsPerRun - checked));
        if (!posts.length) break;
        chunk = posts.map((p) => p.id);
        const refs: RefreshRef[] = posts.map((p) => ({ externalId: p.externalId, replyTarget: p.replyTarget as unknown as ReplyTarget, kind: p.kind }));
        const states = await connector.refreshItems(refs);
        changed += await this.ingestion.applyItemStates(account.id, states);
        // Items the platform did not answer for are checked too: they wait for their next turn
        // instead of blocking the head of the queue.
        await this.posts.markChecked(posts.map((p) => p.id), this.clock.now());
        checked += posts.length;
      }
    } catch (e) {
      const err = isConnectorError(e) ? e : undefined;
      this.logger.warn({ ...ctx, checked, changed, error: err?.kind ?? 'unexpected', detail: e instanceof Error ? e.message : String(e) });
      if (err && (err.kind === 'rate_limited' || err.kind === 'quota_exhausted')) await this.pause(account, err.kind, err.message, err.retryAt);
      // Any other failure: the chunk goes to the back of the queue (nothing marked deleted), so one
      // item the platform keeps refusing never holds back the account's other open posts.
      else await this.posts.markChecked(chunk, this.clock.now()).catch(() => undefined);
      return { checked, changed, outcome: 'failed' };
    }
    if (checked) this.logger.log({ ...ctx, checked, changed, ms: this.clock.now().getTime() - started.getTime() });
    return { checked, changed, outcome: 'done' };
  }

  private pausedAt(a: ConnectorAccount, now: Date): boolean {
    return (a.healthState === 'rate_limited' || a.healthState === 'quota_exhausted') && (!a.retryAt || a.retryAt > now);
  }

  /** The account waits for the platform's reset, polls included, as after a throttled poll. */
  private async pause(account: ConnectorAccount, kind: 'rate_limited' | 'quota_exhausted', detail: string, retryAt?: Date): Promise<void> {
    const now = this.clock.now().getTime();
    const fallback = kind === 'quota_exhausted' ? 60 * 60_000 : 15 * 60_000;
    const until = new Date(Math.max(retryAt?.getTime() ?? now + fallback, now) + withJitter(1000));
    const state: HealthState = kind;
    await this.accounts.update(account.id, { healthState: state, healthDetail: detail, retryAt: until, nextPollAt: until });
    if (account.healthState !== state)
      this.events.emit('connector.health_changed', {
        accountId: account.id,
        platform: account.platform,
        handle: account.handle,
        from: account.healthState,
        to: state,
        detail,
        retryAt: until.toISOString(),
      });
  }
}
