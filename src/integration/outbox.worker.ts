import { Inject, Injectable, Logger, type BeforeApplicationShutdown, type OnApplicationBootstrap } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { DatabaseOutage } from '../health/database-outage.js';
import { backoffMs, OUTBOX_SENDERS, OutboxSendError, type OutboxSender } from './outbox-sender.js';
import type { OutboxItem } from './outbox.entity.js';
import { OutboxRepository } from './outbox.repository.js';

const BATCH = 20;

/**
 * Works the outbox: claims due rows (SKIP LOCKED, so instances share the work), sends each through
 * its kind's sender, and records the outcome: sent (with its effect, in one transaction), retried
 * with capped backoff, or failed with the reason. Never throws into the timer.
 */
@Injectable()
export class OutboxWorker implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(OutboxWorker.name);
  private readonly senders: Map<string, OutboxSender>;
  private timer?: NodeJS.Timeout;
  private running?: Promise<number>;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outage: DatabaseOutage,
    private readonly repo: OutboxRepository,
    @Inject(OUTBOX_SENDERS) senders: OutboxSender[],
  ) {
    this.senders = new Map(senders.map((s) => [s.kind, s]));
  }

  onApplicationBootstrap(): void {
    if (!this.config.pipeline.schedulerEnabled) return;
    this.timer = setInterval(() => this.poke(), this.config.integration.outboxTickMs);
  }

  async beforeApplicationShutdown(): Promise<void> {
    clearInterval(this.timer);
    await this.running?.catch(() => 0);
  }

  /** Starts a drain unless one runs (after a commit that wrote rows, or on the timer); off with the scheduler. */
  poke(): void {
    if (!this.config.pipeline.schedulerEnabled || this.running || this.outage.down) return;
    this.running = this.drain()
      .catch((e: unknown) => {
        if (!this.outage.observe(e)) this.logger.error({ stage: 'outbox', error: String(e) });
        return 0;
      })
      .finally(() => (this.running = undefined));
  }

  /** Sends everything due now; returns how many rows were attempted. Tests call it directly. */
  async drain(leaseMs = Math.max(30_000, 3 * this.config.pipeline.httpTimeoutMs)): Promise<number> {
    let total = 0;
    for (;;) {
      const items = await this.repo.claim([...this.senders.keys()], BATCH, leaseMs);
      for (const item of items) await this.attempt(item);
      total += items.length;
      if (items.length < BATCH) return total;
    }
  }

  private async attempt(item: OutboxItem): Promise<void> {
    const sender = this.senders.get(item.kind)!;
    let result: Record<string, unknown>;
    try {
      result = await sender.send(item);
    } catch (e) {
      const err = e instanceof OutboxSendError ? e : new OutboxSendError(e instanceof Error ? e.message : String(e), true);
      if (err.retryable && item.attempts < sender.maxAttempts) {
        const delay = Math.max(backoffMs(item.attempts), (err.retryAfterSec ?? 0) * 1000);
        await this.repo.markRetry(item.id, err.message, err.status ?? null, delay);
        this.logger.warn({ stage: 'outbox', kind: item.kind, id: item.id, attempt: item.attempts, retryInMs: delay, error: err.message });
      } else {
        await this.repo.markFailed(item.id, err.message, err.status ?? null);
        this.logger.warn({ stage: 'outbox', kind: item.kind, id: item.id, attempt: item.attempts, failed: true, error: err.message });
        await sender.onGivenUp?.(item, err.message).catch((x: unknown) => this.logger.error({ stage: 'outbox', id: item.id, error: String(x) }));
      }
      return;
    }
    await this.ds.transaction(async (m) => {
      await this.repo.markSent(m, item.id, result, typeof result.status === 'number' ? result.status : null);
      await sender.onSent?.(m, item, result);
    });
  }
}
