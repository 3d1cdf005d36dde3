import { randomUUID } from 'node:crypto';
import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { Case } from '../cases/case.entity.js';
import { canSee, NOT_OWNER_MESSAGE, ownsCase } from '../cases/case-workflow.service.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events.js';
import type { Platform } from '../common/platform.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';
import type { ReplyTarget } from '../connectors/connector.interface.js';
import { isConnectorError } from '../connectors/connector-error.js';
import { ConnectorRegistry } from '../connectors/connector.registry.js';
import type { WaStatus } from '../connectors/whatsapp/whatsapp.types.js';
import { patch, patch as asPatch } from '../database/patch.js';
import { Post } from '../posts/post.entity.js';
import { PostRepository } from '../posts/post.repository.js';
import { SlaPolicy } from '../sla/sla-policy.js';
import { OutboundReply } from './outbound-reply.entity.js';
import { failed, MAYBE_POSTED, MESSAGES, refusal, type ReplyEnd } from './reply-outcomes.js';

const MAX_ATTEMPTS = 3;
const WHATSAPP_WINDOW_MS = 24 * 3_600_000;
const OPEN = ['perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi'];
// Per-platform length limits of a reply (X 280, TikTok 150 per §4.1, WhatsApp 4096 per §5.4,
// Telegram 4096 per §7.9, YouTube 10,000: longer is commentTextTooLong).
export const MAX_REPLY_LENGTH: Record<Platform, number> = { x: 280, tiktok: 150, whatsapp: 4096, facebook: 8000, instagram: 2200, telegram: 4096, youtube: 10_000, open311: 4000 };
const DELIVERY_RANK: Record<string, number> = { sent: 1, delivered: 2, read: 3, failed: 4 };

export interface ReplyView {
  id: string;
  text: string;
  state: OutboundReply['state'];
  outcome: OutboundReply['outcome'];
  error: string | null;
  externalId: string | null;
  deliveryStatus: string | null;
  attempts: number;
  kind: OutboundReply['kind'];
  createdAt: string;
}

export const toReplyView = (r: OutboundReply): ReplyView => ({
  id: r.id,
  text: r.text,
  state: r.state,
  outcome: r.outcome,
  error: r.error,
  externalId: r.externalId,
  deliveryStatus: r.deliveryStatus,
  attempts: r.attempts,
  kind: r.kind,
  createdAt: r.createdAt.toISOString(),
});

/**
 * Public replies to citizens, on the platform and by the account the post came in on, following
 * §6.5: the reply is stored before the call; an unknown outcome (timeout, 5xx) is checked with
 * findReply before any retry, so a retry never posts twice; the result is stored and audited.
 */
@Injectable()
export class RepliesService {
  private readonly logger = new Logger(RepliesService.name);

  constructor(
    private readonly accounts: ConnectorAccountRepository,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly posts: PostRepository,
    private readonly registry: ConnectorRegistry,
    private readonly sla: SlaPolicy,
  ) {}

  list(caseId: string): Promise<OutboundReply[]> {
    return this.ds.getRepository(OutboundReply).find({ where: { caseId }, order: { id: 'ASC' } });
  }

  async reply(caseId: string, user: Principal, text: string, version?: number): Promise<ReplyView> {
    if (user.role === 'pimpinan') throw new DomainError('forbidden', 'Peran Anda tidak boleh membalas');
    const body = text.trim();
    if (!body) throw new DomainError('validation', 'Teks balasan kosong');
    const row = await this.ds.transaction(async (m) => {
      const c = await m.getRepository(Case).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: caseId }).getOne();
      if (!c || !canSee(user, c)) throw new DomainError('not_found', 'Kasus tidak ditemukan');
      // A collaborating OPD proposes an answer; only the owner speaks to the citizen (issue 13 §1).
      if (!ownsCase(user, c)) throw new DomainError('forbidden', NOT_OWNER_MESSAGE);
      if (version !== undefined && version !== c.version) throw new DomainError('conflict', 'Kasus ini baru saja diubah orang lain. Muat ulang lalu coba lagi.', { currentVersion: c.version });
      if (!OPEN.includes(c.status)) throw new DomainError('invalid_transition', `Kasus berstatus ${c.status} tidak bisa dibalas`);
      // Answer the citizen's latest message in the case's thread.
      const post = await m.getRepository(Post).createQueryBuilder('p').where('p.case_id = :id AND NOT p.deleted', { id: c.id }).orderBy('p.posted_at', 'DESC').addOrderBy('p.id', 'DESC').getOne();
      if (!post) throw new DomainError('validation', 'Kiriman asli sudah dihapus warga; balasan publik tidak bisa dikirim');
      const limit = MAX_REPLY_LENGTH[post.platform];
      if (body.length > limit) throw new DomainError('validation', `Balasan di ${post.platform} paling panjang ${limit} karakter`);
      await this.refuseDoublePost(m, c.id, body);
      return m.getRepository(OutboundReply).save(
        m.getRepository(OutboundReply).create({
          caseId: c.id,
          postId: post.id,
          accountId: post.accountId,
          idempotencyKey: randomUUID(),
          target: post.replyTarget,
          text: body,
          state: 'pending',
          createdBy: user.id,
        }),
      );
    });
    const done = await this.deliver(row.id, user);
    if (done.state === 'window_closed')
      throw new DomainError('window_closed', 'Jendela layanan 24 jam WhatsApp sudah tertutup: warga harus mengirim pesan lagi, atau hubungi lewat templat resmi.', { reply: toReplyView(done) });
    return toReplyView(done);
  }

  /**
   * Sends (or re-checks) one stored reply. After an unknown outcome it asks the platform whether
   * the reply exists (where the platform files it) before trying again, at most MAX_ATTEMPTS
   * times; a refusal ends it with what happened and what the OPD can do (reply-outcomes.ts).
   */
  async deliver(id: string, user?: Principal): Promise<OutboundReply> {
    const repo = this.ds.getRepository(OutboundReply);
    const r = (await repo.findOneBy({ id }))!;
    const post = (await this.ds.getRepository(Post).findOneBy({ id: r.postId }))!;
    const account = await this.accounts.findById(r.accountId);
    if (!account) return this.finish(r, failed('account_missing'), user);
    if (post.platform === 'whatsapp' && this.clock.now().getTime() - (await this.lastInboundAt(post)).getTime() > WHATSAPP_WINDOW_MS)
      return this.finish(r, failed('window_closed'), user);
    const connector = await this.registry.forAccount(account);
    const target = r.target as unknown as ReplyTarget;
    // A pending reply with an attempt on record was interrupted mid-call (crash, restart): the
    // platform may have posted it, so it is an unknown outcome, never a fresh send.
    if (r.state === 'pending' && r.attempts > 0) r.state = 'unknown';
    while (r.state === 'pending' || r.state === 'unknown') {
      // Without a way to look (Telegram), an unknown outcome goes to a person: never posted twice.
      if (r.state === 'unknown' && connector.canFindReply === false) return this.finish(r, { state: 'uncertain', outcome: 'unverified', message: MESSAGES.unverified }, user);
      if (r.state === 'unknown') {
        try {
          const found = await connector.findReply(target, r.text, { notBefore: r.createdAt });
          if (found) return this.finish(r, { state: 'sent', outcome: 'found_after_unknown', message: null }, user, found.externalId);
        } catch (e) {
          // Without an answer to "was it posted?" we never post again: a transient failure waits for
          // the next check, anything else needs a person to look on the platform.
          this.logger.warn({ event: 'reply_lookup_failed', replyId: r.id, error: String(e) });
          const kind = isConnectorError(e) ? e.kind : 'transient';
          if (kind === 'transient' || kind === 'timeout' || kind === 'rate_limited' || kind === 'malformed_response') return r;
          return this.finish(r, failed('unverified'), user, undefined, e);
        }
        if (r.attempts >= MAX_ATTEMPTS) return this.finish(r, failed('not_found_after_checks'), user);
      }
      r.attempts++;
      // attempted_at counts the call toward the account's posting budget (the notice queue).
      r.attemptedAt ??= this.clock.now();
      await repo.update({ id: r.id }, { attempts: r.attempts, attemptedAt: r.attemptedAt });
      try {
        const res = await connector.reply(target, r.text, { idempotencyKey: r.idempotencyKey });
        return this.finish(r, { state: 'sent', outcome: 'posted', message: null }, user, res.externalId);
      } catch (e) {
        const kind = isConnectorError(e) ? e.kind : 'transient';
        const message = e instanceof Error ? e.message : String(e);
        if (kind === 'transient' || kind === 'timeout' || kind === 'malformed_response') {
          r.state = 'unknown'; // the platform may or may not have posted it
          r.error = 'Hasil pengiriman belum pasti; sistem sedang memeriksanya di platform.';
          await repo.update({ id: r.id }, patch<OutboundReply>({ state: 'unknown', error: r.error }));
          this.logger.warn({ event: 'reply_outcome_unknown', replyId: r.id, error: message });
          continue;
        }
        return this.finish(r, refusal(kind), user, undefined, e);
      }
    }
    return r;
  }

  /**
   * No second public post while the first may have gone out: not while an earlier reply is still
   * being sent or checked, and not with the same text as one whose outcome no one could verify.
   */
  private async refuseDoublePost(m: EntityManager, caseId: string, text: string): Promise<void> {
    const earlier = await m.getRepository(OutboundReply).find({ where: { caseId }, order: { id: 'DESC' }, take: 50 });
    // A citizen notice still waiting in the queue (never tried) cannot have posted anything.
    const open = earlier.find((x) => (x.state === 'pending' || x.state === 'unknown') && !(x.kind !== 'reply' && x.state === 'pending' && x.attempts === 0));
    if (open)
      throw new DomainError('conflict', `Balasan sebelumnya (#${open.id}) belum pasti terkirim; sistem sedang memeriksanya di platform. Tunggu hasilnya sebelum mengirim balasan baru.`, { replyId: open.id });
    const maybe = earlier.find((x) => x.outcome !== null && MAYBE_POSTED.includes(x.outcome) && x.text.trim() === text);
    if (maybe)
      throw new DomainError('conflict', `Balasan #${maybe.id} dengan teks yang sama mungkin sudah tampil di platform. Periksa dulu di platform; bila memang belum ada, kirim dengan teks yang berbeda.`, { replyId: maybe.id });
  }

  private async lastInboundAt(post: Post): Promise<Date> {
    const row = await this.ds
      .getRepository(Post)
      .createQueryBuilder('p')
      .select('max(p.posted_at)', 'at')
      .where('p.account_id = :a AND p.author_id = :u', { a: post.accountId, u: post.authorId })
      .getRawOne<{ at: Date | null }>();
    return row?.at ? new Date(row.at) : post.postedAt;
  }

  private async finish(r: OutboundReply, end: ReplyEnd, user?: Principal, externalId?: string, cause?: unknown): Promise<OutboundReply> {
    const { state, outcome, message: error } = end;
    // The platform's own words stay in the history for whoever investigates (never in the UI text).
    const detail = cause instanceof Error ? cause.message.slice(0, 300) : null;
    const deleted: string[] = [];
    const saved = await this.ds.transaction(async (m) => {
      await m.getRepository(OutboundReply).update({ id: r.id }, patch<OutboundReply>({ state, error, outcome, externalId: externalId ?? r.externalId }));
      const c = await m.getRepository(Case).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id: r.caseId }).getOne();
      // An automatic notice is not the OPD's follow-up.
      if (c && state === 'sent' && r.kind === 'reply' && !c.firstResponseAt) {
        // The OPD's first follow-up stops the follow-up clock.
        c.firstResponseAt = this.clock.now();
        this.sla.apply(c, this.clock.now());
        await m.getRepository(Case).save(c);
      }
      await m.getRepository(CaseEvent).insert(
        patch<CaseEvent>({
          caseId: r.caseId,
          type: `${r.kind === 'reply' ? 'reply' : 'notice'}_${state === 'sent' ? 'sent' : state === 'uncertain' ? 'uncertain' : 'failed'}`,
          actorUserId: user?.id ?? null,
          actorLabel: user?.username ?? 'system',
          // Codes and the platform's own (English) words fold away as technical detail on the page.
          data: { replyId: r.id, kind: r.kind, state, error, externalId: externalId ?? null, attempts: r.attempts, technical: { outcome, detail } },
        }),
      );
      // The platform says the citizen's post is gone: the case shows it (marked, never erased).
      if (outcome === 'target_deleted') {
        deleted.push(...(await this.posts.markDeleted(m, r.postId)));
        for (const postId of deleted)
          await m.getRepository(CaseEvent).insert({ caseId: r.caseId, type: 'post_deleted', actorUserId: null, actorLabel: 'system', data: { postId, via: 'reply' } });
      }
      return (await m.getRepository(OutboundReply).findOneBy({ id: r.id }))!;
    });
    if (outcome === 'permission') await this.permissionLost(r.accountId, detail ?? error ?? '');
    this.events.emit('case.updated', { caseId: r.caseId, opdCode: null, previousOpdCode: null, status: '', change: state === 'sent' ? 'reply_sent' : state === 'uncertain' ? 'reply_uncertain' : 'reply_failed' });
    if (deleted.length) this.events.emit('case.updated', { caseId: r.caseId, opdCode: null, previousOpdCode: null, status: '', change: 'post_deleted' });
    return saved;
  }

  /** Only a real loss of the right to post changes the account's state (X 403 client-forbidden, Graph 10/200). */
  private async permissionLost(accountId: string, detail: string): Promise<void> {
    const a = await this.accounts.findById(accountId);
    if (!a || a.healthState === 'permission_missing') return;
    await this.accounts.update(a.id, { healthState: 'permission_missing', healthDetail: detail.slice(0, 300), nextPollAt: null, retryAt: null });
    this.events.emit('connector.health_changed', { accountId: a.id, platform: a.platform, handle: a.handle, from: a.healthState, to: 'permission_missing', detail, retryAt: null });
  }

  /** Replies left pending or unknown by a crash or a failed check, retried after a pause. */
  async resumeStale(olderThanMs = 60_000): Promise<number> {
    const cutoff = new Date(this.clock.now().getTime() - olderThanMs);
    let resumed = 0;
    for (; resumed < 20; resumed++) {
      // Claim one stale reply just before delivering it: the claim refreshes updated_at, and SKIP
      // LOCKED lets instances running this check at once take different replies instead of
      // queueing on the same row, so two never post the same reply.
      const [row] = await this.ds.query<[Array<{ id: string }>, number]>(
        `UPDATE outbound_replies SET updated_at = now()
         WHERE id = (SELECT id FROM outbound_replies
                     WHERE state IN ('pending', 'unknown') AND updated_at < $1
                       -- a citizen notice never tried waits for its turn in the notice queue
                       AND NOT (kind <> 'reply' AND state = 'pending' AND attempts = 0)
                     ORDER BY id LIMIT 1 FOR UPDATE SKIP LOCKED)
         RETURNING id`,
        [cutoff],
      );
      const id = row[0]?.id;
      if (!id) break;
      await this.deliver(id).catch((e: unknown) => this.logger.error({ event: 'reply_resume_failed', replyId: id, error: String(e) }));
    }
    return resumed;
  }

  /** WhatsApp status webhooks: any order (read implies delivered); a 131047 failure means the window closed. */
  async applyDeliveryStatus(s: WaStatus | null): Promise<void> {
    if (!s) return;
    const r = await this.ds.getRepository(OutboundReply).findOneBy({ externalId: s.id });
    if (!r) return;
    if ((DELIVERY_RANK[s.status] ?? 0) <= (DELIVERY_RANK[r.deliveryStatus ?? ''] ?? 0)) return;
    const change: Partial<OutboundReply> = { deliveryStatus: s.status };
    if (s.status === 'failed') {
      const code = s.errors?.[0]?.code;
      change.state = code === 131047 ? 'window_closed' : 'failed';
      change.outcome = code === 131047 ? 'window_closed' : 'rejected';
      change.error = s.errors?.[0]?.title ?? s.errors?.[0]?.message ?? 'gagal terkirim';
    }
    await this.ds.getRepository(OutboundReply).update({ id: r.id }, asPatch<OutboundReply>(change));
    this.events.emit('case.updated', { caseId: r.caseId, opdCode: null, previousOpdCode: null, status: '', change: `delivery_${s.status}` });
  }
}
