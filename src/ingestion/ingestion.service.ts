import { Inject, Injectable } from '@nestjs/common';
import { CaseEvent } from '../cases/case-event.entity.js';
import { DomainEvents } from '../common/events.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { FetchResult, ItemState, NormalizedItem } from '../connectors/connector.interface.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';
import { PostRepository, type UpsertOutcome } from '../posts/post.repository.js';
import { QuarantineRepository } from './quarantine/quarantine.repository.js';

export interface PersistOutcome extends UpsertOutcome {
  /** Items set aside on this page (map, store or identity failures). */
  quarantined: number;
  /** The cursor stored with the page. */
  cursor: string | null;
  /** An ordered drain stopped before an item that failed to store and will be tried again. */
  stalled?: { externalId: string; attempts: number; error: string };
}

const errorText = (e: unknown): string => (e instanceof Error ? e.message : String(e));

/**
 * The persist stage: one fetched page is upserted and the account's cursor moved in the same
 * transaction, so a crash either keeps both or neither, and a replay only meets duplicates.
 */
@Injectable()
export class IngestionService {
  constructor(
    private readonly accounts: ConnectorAccountRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly posts: PostRepository,
    private readonly quarantine: QuarantineRepository,
  ) {}

  /**
   * Stores a page and moves the cursor. No item can stop the account: when the page fails as a
   * whole, each item is stored on its own (a savepoint each) and the ones that still fail are
   * quarantined, as are items the connector could not map and re-reads that would change a post's
   * identity. An ordered drain (itemCursors) retries a failing item, in order, up to
   * WEBHOOK_DRAIN_MAX_ATTEMPTS before it is set aside. A lost connection still fails the page.
   */
  async persistPage(accountId: string, page: FetchResult, opts: { previousCursor?: string | null } = {}): Promise<PersistOutcome> {
    const touched: Array<{ caseId: string; change: string }> = [];
    const ordered = page.itemCursors?.length === page.items.length && page.items.length > 0;
    const outcome = await this.ds.transaction(async (m) => {
      const out: PersistOutcome = { inserted: 0, updated: 0, unchanged: 0, changedPostIds: [], refused: [], quarantined: 0, cursor: page.nextCursor };
      const add = (r: UpsertOutcome): void => {
        out.inserted += r.inserted;
        out.updated += r.updated;
        out.unchanged += r.unchanged;
        out.changedPostIds.push(...r.changedPostIds);
        out.refused.push(...r.refused);
      };
      const stored: string[] = [];
      const whole = page.items.length ? await this.attempt(m, 'page', () => this.upsert(m, accountId, page.items)) : ({ ok: true, value: await this.upsert(m, accountId, []) } as const);
      if (whole.ok) {
        add(whole.value);
        stored.push(...page.items.map((i) => i.externalId));
      } else {
        for (const [n, item] of page.items.entries()) {
          const one = await this.attempt(m, 'item', () => this.upsert(m, accountId, [item]));
          if (one.ok) {
            add(one.value);
            stored.push(item.externalId);
            continue;
          }
          const q = await this.quarantine.record(
            m,
            { accountId, externalId: item.externalId, stage: 'store', error: errorText(one.error), raw: item },
            ordered ? this.config.pipeline.webhookDrainMaxAttempts : 1,
          );
          if (q?.state === 'retrying') {
            // Keep order: the drain stops before this item and comes back to it.
            out.stalled = { externalId: item.externalId, attempts: q.attempts, error: errorText(one.error) };
            out.cursor = n === 0 ? (opts.previousCursor ?? null) : page.itemCursors![n - 1];
            break;
          }
          out.quarantined++;
        }
      }
      for (const r of out.refused) await this.quarantine.record(m, { accountId, externalId: r.item.externalId, stage: 'identity', error: r.error, raw: r.item });
      for (const r of page.rejected ?? []) await this.quarantine.record(m, { accountId, externalId: r.externalId, stage: 'map', error: r.error, raw: r.raw });
      out.quarantined += out.refused.length + (page.rejected?.length ?? 0);
      // An item that an ordered drain retried and has now stored no longer waits for a person.
      if (ordered && stored.length) await this.quarantine.resolve(m, accountId, stored);
      if (out.cursor !== null) await this.accounts.saveCursor(m, accountId, out.cursor);
      touched.push(...(await this.recordChanges(m, out.changedPostIds)));
      return out;
    });
    this.notify(touched);
    return outcome;
  }

  /** Stores items again from a quarantined row ("coba lagi"); throws when they still fail. */
  async storeItems(accountId: string, items: NormalizedItem[]): Promise<UpsertOutcome> {
    const touched: Array<{ caseId: string; change: string }> = [];
    const out = await this.ds.transaction(async (m) => {
      const r = await this.upsert(m, accountId, items);
      if (r.refused.length) throw new Error(r.refused[0].error);
      touched.push(...(await this.recordChanges(m, r.changedPostIds)));
      return r;
    });
    this.notify(touched);
    return out;
  }

  private upsert(m: EntityManager, accountId: string, items: NormalizedItem[]): Promise<UpsertOutcome> {
    return this.posts.upsertItems(m, accountId, items, this.config.pipeline.maxPostTextChars);
  }

  /** Runs `fn` inside a savepoint: its failure rolls back only its own writes. */
  private async attempt<T>(m: EntityManager, name: string, fn: () => Promise<T>): Promise<{ ok: true; value: T } | { ok: false; error: unknown }> {
    await m.query(`SAVEPOINT ${name}`);
    try {
      const value = await fn();
      await m.query(`RELEASE SAVEPOINT ${name}`);
      return { ok: true, value };
    } catch (error) {
      // If even the rollback fails, the connection or transaction is gone: the page fails as a whole.
      await m.query(`ROLLBACK TO SAVEPOINT ${name}`).catch(() => {
        throw error;
      });
      return { ok: false, error };
    }
  }

  /** Applies re-read item states (edits, deletions) of an account's posts. */
  async applyItemStates(accountId: string, states: ItemState[]): Promise<number> {
    const touched = await this.ds.transaction(async (m) =>
      this.recordChanges(m, await this.posts.applyItemStates(m, accountId, states, this.config.pipeline.maxPostTextChars)),
    );
    this.notify(touched);
    return touched.length;
  }

  /** Edits and deletions on the platform show in the case's history. */
  private async recordChanges(m: EntityManager, postIds: string[]): Promise<Array<{ caseId: string; change: string }>> {
    const touched: Array<{ caseId: string; change: string }> = [];
    for (const p of await this.posts.findByIds(m, postIds)) {
      if (!p.caseId) continue;
      const change = p.deleted ? 'post_deleted' : 'post_edited';
      await m.getRepository(CaseEvent).insert({ caseId: p.caseId, type: change, actorUserId: null, actorLabel: 'system', data: { postId: p.id } });
      touched.push({ caseId: p.caseId, change });
    }
    return touched;
  }

  private notify(touched: Array<{ caseId: string; change: string }>): void {
    for (const t of touched) this.events.emit('case.updated', { caseId: t.caseId, opdCode: null, previousOpdCode: null, status: '', change: t.change });
  }
}
