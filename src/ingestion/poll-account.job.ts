import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { Clock } from '../common/clock.js';
import { DomainEvents } from '../common/events.js';
import type { HealthState } from '../common/platform.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CaseIntakeService } from '../cases/case-intake.service.js';
import type { ConnectorAccount } from '../connectors/connector-account.entity.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';
import { ConnectorError, isConnectorError } from '../connectors/connector-error.js';
import { ConnectorRegistry } from '../connectors/connector.registry.js';
import { DatabaseOutage } from '../health/database-outage.js';
import { PipelineMetrics } from '../health/pipeline-metrics.js';
import { backoffMs, withJitter } from './backoff.js';
import { IngestionService } from './ingestion.service.js';

export type JobOutcome = 'done' | 'skipped' | 'failed';

export interface RunResult {
  outcome: JobOutcome;
  pages: number;
  fetched: number;
  inserted: number;
  error?: ConnectorError;
}

/**
 * One poll run of one account: fetch → persist + cursor (one transaction per page) → classify →
 * route → notify, until the connector has nothing more or the run's page budget is spent.
 * Connector errors are decided here, once: pause, back off, or stop polling the account.
 * Never throws into the scheduler.
 */
@Injectable()
export class PollAccountJob {
  private readonly logger = new Logger(PollAccountJob.name);

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly events: DomainEvents,
    private readonly ingestion: IngestionService,
    private readonly intake: CaseIntakeService,
    private readonly metrics: PipelineMetrics,
    private readonly outage: DatabaseOutage,
    private readonly registry: ConnectorRegistry,
  ) {}

  async run(account: ConnectorAccount, owner: string, signal: AbortSignal): Promise<RunResult> {
    const runId = randomUUID().slice(0, 8);
    const ctx = { platform: account.platform, accountId: account.id, handle: account.handle, runId };
    const p = this.config.pipeline;
    let cursor = account.cursor;
    const result: RunResult = { outcome: 'done', pages: 0, fetched: 0, inserted: 0 };
    // Routine runs log at debug; the console shows ActivityLog's totals once a minute and warnings.
    this.logger.debug({ stage: 'run', event: 'start', ...ctx });
    // Intake of stored pages runs beside the fetching of the next one; its failure surfaces below.
    let intake: Promise<Error | null> = Promise.resolve(null);
    try {
      const connector = await this.registry.forAccount(account);
      let hasMore = true;
      while (hasMore && result.pages < p.maxPagesPerRun && !signal.aborted) {
        // The signal only stops the loop between pages: an in-flight page is finished and stored.
        const page = await connector.fetchSince(cursor);
        result.pages++;
        result.fetched += page.items.length;
        this.logger.debug({ stage: 'fetch', ...ctx, items: page.items.length, hasMore: page.hasMore, rateRemaining: page.rateLimit?.remaining });
        for (const w of page.warnings ?? []) this.logger.warn({ stage: 'fetch', ...ctx, warning: w });
        const out = await this.ingestion.persistPage(account.id, page, { previousCursor: cursor });
        result.inserted += out.inserted;
        this.metrics.recordPage(account, page.items.length, out);
        this.logger.debug({ stage: 'persist', ...ctx, inserted: out.inserted, updated: out.updated, duplicates: out.unchanged });
        if (out.quarantined) this.logger.warn({ stage: 'persist', ...ctx, quarantined: out.quarantined });
        cursor = out.cursor;
        hasMore = page.hasMore;
        await this.accounts.renewLease(account.id, owner, this.leaseMs());
        if (out.inserted) intake = this.intake.kick().then(() => null, (e: unknown) => (e instanceof Error ? e : new Error(String(e))));
        if (out.stalled) {
          // An ordered drain keeps its order: back off and try the item again, up to the limit.
          const max = this.config.pipeline.webhookDrainMaxAttempts;
          throw new ConnectorError('transient', `item ${out.stalled.externalId} could not be stored (attempt ${out.stalled.attempts} of ${max}, then quarantined): ${out.stalled.error.slice(0, 200)}`);
        }
      }
      const intakeError = await intake;
      if (intakeError) throw intakeError;
      // More pages left (budget spent, or shutting down): come back at once rather than after the interval.
      const next = hasMore ? 0 : withJitter(account.pollIntervalSec * 1000);
      await this.finish(account, owner, 'ok', null, { nextPollAt: new Date(this.clock.now().getTime() + next), retryAt: null, consecutiveFailures: 0, consecutiveAuthFailures: 0, lastSuccessAt: this.clock.now() });
    } catch (e) {
      result.outcome = 'failed';
      // PostgreSQL unreachable: not the platform's fault, so the account's health is left alone. The
      // page was not stored and the cursor did not move; the next run after the outage fetches it again.
      if (!isConnectorError(e) && this.outage.observe(e)) return result;
      result.error = isConnectorError(e) ? e : new ConnectorError('transient', e instanceof Error ? e.message : String(e));
      await this.onFailure(account, owner, result.error, ctx).catch((err: unknown) =>
        this.logger.error({ stage: 'run', ...ctx, error: `could not record failure: ${String(err)}` }),
      );
      // Pages committed before the failure still deserve their cases.
      await intake;
      await this.intake.kick().catch(() => undefined);
    }
    this.logger.debug({ stage: 'run', event: 'end', ...ctx, outcome: result.outcome, pages: result.pages, fetched: result.fetched, inserted: result.inserted });
    return result;
  }

  /** A run renews its lease after every page; a crashed run's lease lapses soon after. */
  leaseMs(): number {
    return Math.max(5_000, this.config.pipeline.httpTimeoutMs * 3);
  }

  private async onFailure(account: ConnectorAccount, owner: string, err: ConnectorError, ctx: Record<string, string>): Promise<void> {
    const now = this.clock.now().getTime();
    const p = this.config.pipeline;
    const failures = account.consecutiveFailures + 1;
    let state: HealthState;
    let retryAt: Date | null = null;
    let authFailures = 0;
    switch (err.kind) {
      case 'rate_limited':
        state = 'rate_limited';
        // Meta extends blocks when called early, X counts them: wait for the reset, plus jitter.
        retryAt = new Date(Math.max(err.retryAt?.getTime() ?? now + 15 * 60_000, now) + withJitter(1000));
        break;
      case 'quota_exhausted':
        state = 'quota_exhausted';
        retryAt = err.retryAt ?? new Date(now + 60 * 60_000);
        break;
      case 'auth_expired':
        authFailures = account.consecutiveAuthFailures + 1;
        state = authFailures >= p.authFailureThreshold ? 'auth_expired' : 'degraded';
        retryAt = state === 'auth_expired' ? null : new Date(now + backoffMs(failures, p.backoffBaseMs, p.backoffMaxMs));
        break;
      case 'permission':
        state = 'permission_missing';
        break;
      case 'conflict':
        // Another consumer holds the stream (Telegram webhook or a second poller, §7.4): a clear
        // state, retried slowly in case it goes away, never a tight loop.
        state = 'conflict';
        retryAt = new Date(Math.max(err.retryAt?.getTime() ?? 0, now + backoffMs(failures, p.backoffBaseMs, p.backoffMaxMs)));
        break;
      default:
        // transient, timeout, malformed response, invalid request: back off, capped.
        state = failures >= p.downAfterFailures ? 'down' : 'degraded';
        retryAt = new Date(now + backoffMs(failures, p.backoffBaseMs, p.backoffMaxMs));
    }
    this.logger.warn({ stage: 'run', ...ctx, error: err.kind, detail: err.message, health: state, retryAt: retryAt?.toISOString() ?? null });
    await this.finish(account, owner, state, err.message, {
      retryAt,
      // Blocked accounts are not polled again until re-authorised.
      nextPollAt: state === 'auth_expired' || state === 'permission_missing' ? null : retryAt,
      consecutiveFailures: failures,
      consecutiveAuthFailures: authFailures,
    });
  }

  private async finish(account: ConnectorAccount, owner: string, state: HealthState, detail: string | null, patch: Partial<ConnectorAccount>): Promise<void> {
    await this.accounts.finishRun(account.id, owner, { ...patch, healthState: state, healthDetail: detail, lastPolledAt: this.clock.now() });
    if (account.healthState !== state)
      this.events.emit('connector.health_changed', {
        accountId: account.id,
        platform: account.platform,
        handle: account.handle,
        from: account.healthState,
        to: state,
        detail,
        retryAt: patch.retryAt?.toISOString() ?? null,
      });
  }
}
