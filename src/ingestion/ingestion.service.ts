import { Inject, Injectable } from '@nestjs/common';
import { CaseEvent } from '../cases/case-event.entity.js';
import { DomainEvents } from '../common/events.js';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { FetchResult, ItemState } from '../connectors/connector.interface.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';
import { PostRepository, type UpsertOutcome } from '../posts/post.repository.js';

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
  ) {}

  async persistPage(accountId: string, page: FetchResult): Promise<UpsertOutcome> {
    const touched: Array<{ caseId: string; change: string }> = [];
    const outcome = await this.ds.transaction(async (m) => {
      const outcome = await this.posts.upsertItems(m, accountId, page.items, this.config.pipeline.maxPostTextChars);
      await this.accounts.saveCursor(m, accountId, page.nextCursor);
      touched.push(...(await this.recordChanges(m, outcome.changedPostIds)));
      return outcome;
    });
    this.notify(touched);
    return outcome;
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
