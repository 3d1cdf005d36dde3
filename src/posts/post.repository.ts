import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import type { ItemState, NormalizedItem } from '../connectors/connector.interface.js';
import { PostRevision } from './post-revision.entity.js';
import { Post } from './post.entity.js';
import { dedupeBatch, sanitizeRaw, sanitizeShort, sanitizeText } from './post-sanitizer.js';

export interface UpsertOutcome {
  inserted: number;
  updated: number;
  unchanged: number;
  /** Posts whose text changed (edited on the platform) or that were deleted there. */
  changedPostIds: string[];
  /** Items refused because they would change a stored post's author or creation time (§4). */
  refused: Array<{ item: NormalizedItem; error: string }>;
}

// Fallback author ids a mapper uses when the platform gave no user id: not an identity to defend.
const isStandInAuthor = (id: string): boolean => id === 'unknown' || /^(username:|name:|@)/.test(id);

@Injectable()
export class PostRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private repo(m?: EntityManager) {
    return (m ?? this.ds.manager).getRepository(Post);
  }

  /**
   * Idempotent upsert on (platform, account, external id): replays and overlapping pages change
   * nothing; an edited text updates the post.
   */
  async upsertItems(m: EntityManager, accountId: string, items: NormalizedItem[], maxChars: number): Promise<UpsertOutcome> {
    const batch = dedupeBatch(items);
    if (!batch.length) return { inserted: 0, updated: 0, unchanged: 0, changedPostIds: [], refused: [] };
    const values = batch.map((i) => {
      const { text, truncated } = sanitizeText(i.text, maxChars);
      return {
        platform: i.platform,
        accountId,
        externalId: i.externalId,
        dedupeKey: i.dedupeKey,
        kind: i.kind,
        authorId: sanitizeShort(i.author.platformUserId) ?? 'unknown',
        authorName: sanitizeShort(i.author.displayName),
        authorUsername: sanitizeShort(i.author.username),
        text,
        textTruncated: truncated,
        permalink: sanitizeShort(i.permalink, 2000),
        lang: sanitizeShort(i.lang, 16),
        parentExternalId: sanitizeShort(i.parentExternalId),
        rootExternalId: sanitizeShort(i.rootExternalId),
        postedAt: new Date(i.createdAt),
        postedAtExact: !i.approximateTime,
        editedAt: i.editedAt ? new Date(i.editedAt) : null,
        deleted: i.deleted ?? false,
        replyTarget: sanitizeRaw(i.replyTarget) as Record<string, unknown>,
        raw: sanitizeRaw(i.raw),
      };
    });
    // Edits keep history: the text being replaced is stored as a revision first.
    const existing = await this.repo(m)
      .createQueryBuilder('p')
      .select(['p.id', 'p.externalId', 'p.text', 'p.editedAt', 'p.deleted', 'p.authorId', 'p.postedAt', 'p.postedAtExact'])
      .where('p.account_id = :accountId AND p.external_id = ANY(:ids)', { accountId, ids: values.map((v) => v.externalId) })
      .setLock('pessimistic_write')
      .getMany();
    const byExternal = new Map(existing.map((p) => [p.externalId, p]));
    const changedPostIds: string[] = [];
    const refused: UpsertOutcome['refused'] = [];
    const accepted: typeof values = [];
    for (const [n, v] of values.entries()) {
      const old = byExternal.get(v.externalId);
      if (!old) {
        accepted.push(v);
        continue;
      }
      // Ids are the platform's promise: the same id with another author or creation time is not an
      // edit, and must not rewrite a routed case (a fake restarted its counters; a platform bug).
      const authorChanged = !isStandInAuthor(old.authorId) && !isStandInAuthor(v.authorId) && old.authorId !== v.authorId;
      const timeChanged = old.postedAtExact && v.postedAtExact && old.postedAt.getTime() !== v.postedAt.getTime();
      if (authorChanged || timeChanged) {
        const what = [authorChanged ? `author ${old.authorId} → ${v.authorId}` : '', timeChanged ? `created ${old.postedAt.toISOString()} → ${v.postedAt.toISOString()}` : '']
          .filter(Boolean)
          .join(', ');
        refused.push({ item: batch[n], error: `refused: id ${v.externalId} already stored with another identity (${what})` });
        continue;
      }
      accepted.push(v);
      if (v.deleted && !v.text.trim()) v.text = old.text; // a deletion notice carries no text
      if (old.text !== v.text) {
        await m.getRepository(PostRevision).insert({ postId: old.id, text: old.text, editedAt: old.editedAt });
        changedPostIds.push(old.id);
      } else if (v.deleted && !old.deleted) changedPostIds.push(old.id);
      // A deleted post stays deleted (and keeps its text) even if a later page omits the flag.
      if (old.deleted) v.deleted = true;
    }
    if (!accepted.length) return { inserted: 0, updated: 0, unchanged: 0, changedPostIds, refused };
    const rows: Array<{ inserted: boolean }> = await m
      .createQueryBuilder()
      .insert()
      .into(Post)
      .values(accepted as QueryDeepPartialEntity<Post>[])
      .orUpdate(['text', 'text_truncated', 'edited_at', 'deleted', 'reply_target', 'raw'], ['platform', 'account_id', 'external_id'], {
        skipUpdateIfNoValuesChanged: true,
      })
      .returning('(xmax = 0) AS inserted')
      .execute()
      .then((r) => r.raw as Array<{ inserted: boolean }>);
    const inserted = rows.filter((r) => r.inserted).length;
    const updated = rows.length - inserted;
    return { inserted, updated, unchanged: accepted.length - rows.length, changedPostIds, refused };
  }

  /** Pending posts, locked for this transaction; SKIP LOCKED lets parallel runs share the work. */
  findPendingForUpdate(m: EntityManager, limit: number): Promise<Post[]> {
    // Only what intake reads: the raw payload (kilobytes a post) stays in the database.
    return this.repo(m)
      .createQueryBuilder('p')
      .select(['p.id', 'p.platform', 'p.accountId', 'p.externalId', 'p.authorId', 'p.text', 'p.rootExternalId', 'p.parentExternalId', 'p.postedAt', 'p.replyTarget', 'p.kind'])
      .where(`p.processing_state = 'pending'`)
      .orderBy('p.id', 'ASC')
      .limit(limit)
      .setLock('pessimistic_write')
      .setOnLocked('skip_locked')
      .getMany();
  }

  /** Open311 `service_code` of these posts (the caller's hint for routing), by post id. */
  async serviceCodes(m: EntityManager, ids: string[]): Promise<Map<string, string>> {
    if (!ids.length) return new Map();
    const rows = await m.query<Array<{ id: string; code: string }>>(
      `SELECT id, raw->>'service_code' AS code FROM posts WHERE id = ANY($1::bigint[]) AND jsonb_typeof(raw->'service_code') = 'string'`,
      [ids],
    );
    return new Map(rows.map((r) => [String(r.id), r.code]));
  }

  /** Edits and deletions found by re-reading items (refreshItems): history kept, nothing erased. */
  async applyItemStates(m: EntityManager, accountId: string, states: ItemState[], maxChars: number): Promise<string[]> {
    const changed: string[] = [];
    for (const s of states) {
      const old = await this.repo(m).findOne({ where: { accountId, externalId: s.externalId }, lock: { mode: 'pessimistic_write' } });
      if (!old) continue;
      if (s.deleted) {
        if (old.deleted) continue;
        await this.repo(m).update({ id: old.id }, { deleted: true });
        changed.push(old.id);
        continue;
      }
      // An edit that gave the item a new id (X): answer the newest version from now on.
      if (s.replyTargetId && old.replyTarget.targetId !== s.replyTargetId)
        await this.repo(m).update({ id: old.id }, { replyTarget: { ...old.replyTarget, targetId: s.replyTargetId.slice(0, 64) } });
      if (s.text === undefined) continue;
      const { text, truncated } = sanitizeText(s.text, maxChars);
      if (text === old.text) continue;
      await m.getRepository(PostRevision).insert({ postId: old.id, text: old.text, editedAt: old.editedAt });
      await this.repo(m).update({ id: old.id }, { text, textTruncated: truncated, editedAt: s.editedAt ? new Date(s.editedAt) : new Date() });
      changed.push(old.id);
    }
    return changed;
  }

  /**
   * The next posts of open cases (openers and follow-ups) to re-read on one account: never checked
   * first, then the longest unchecked, so every open post comes round and none starves. `before`:
   * only posts not checked since then (one walk of a refresh run visits each post once).
   */
  postsToRefresh(accountId: string, before: Date, limit: number): Promise<Post[]> {
    return this.repo()
      .createQueryBuilder('p')
      .innerJoin('cases', 'c', 'c.id = p.case_id')
      .where(`p.account_id = :accountId AND p.case_id IS NOT NULL AND NOT p.deleted`, { accountId })
      .andWhere(`c.status IN ('perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi')`)
      .andWhere('(p.checked_at IS NULL OR p.checked_at < :before)', { before })
      .orderBy('p.checked_at', 'ASC', 'NULLS FIRST')
      .addOrderBy('p.id', 'ASC')
      .limit(limit)
      .getMany();
  }

  async markChecked(ids: string[], at: Date): Promise<void> {
    if (ids.length) await this.repo().createQueryBuilder().update().set({ checkedAt: at }).whereInIds(ids).execute();
  }

  /** Marks one post deleted on its platform (a reply found it gone); the ids of posts that changed. */
  async markDeleted(m: EntityManager, postId: string): Promise<string[]> {
    const r = await this.repo(m).createQueryBuilder().update().set({ deleted: true }).where('id = :postId AND NOT deleted', { postId }).execute();
    return r.affected ? [postId] : [];
  }

  findByIds(m: EntityManager, ids: string[]): Promise<Post[]> {
    return ids.length ? this.repo(m).createQueryBuilder('p').whereInIds(ids).getMany() : Promise.resolve([]);
  }

  /** The posts of a case (its opening post and follow-ups), oldest first. */
  thread(caseId: string): Promise<Post[]> {
    return this.repo().find({ where: { caseId }, order: { postedAt: 'ASC', id: 'ASC' } });
  }

  revisions(postIds: string[]): Promise<PostRevision[]> {
    return postIds.length
      ? this.ds.getRepository(PostRevision).createQueryBuilder('r').where('r.post_id = ANY(:postIds)', { postIds }).orderBy('r.id', 'ASC').getMany()
      : Promise.resolve([]);
  }

  countPending(): Promise<number> {
    return this.repo().countBy({ processingState: 'pending' });
  }
}
