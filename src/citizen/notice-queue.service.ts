import {
  Inject,
  Injectable,
  Logger,
  type BeforeApplicationShutdown,
  type OnApplicationBootstrap,
} from '@nestjs/common';
import { SchedulerRegistry } from '@nestjs/schedule';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Case } from '../cases/case.entity.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { Clock } from '../common/clock.js';
import { BLOCKING_HEALTH_STATES, isConfidentialPost, type Platform } from '../common/platform.js';
import { maskPii } from '../common/pii.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ConnectorAccount } from '../connectors/connector-account.entity.js';
import { withAdvisoryLock } from '../database/advisory-lock.js';
import { patch } from '../database/patch.js';
import { DatabaseOutage } from '../health/database-outage.js';
import { Post } from '../posts/post.entity.js';
import { OutboundReply } from '../replies/outbound-reply.entity.js';
import { MAX_REPLY_LENGTH, RepliesService } from '../replies/replies.service.js';
import { Opd } from '../routing/opd.entity.js';
import {
  DEFAULT_TEMPLATES,
  noticeSettings,
  POSTS_PER_MINUTE,
  renderNotice,
  SHORT_TEMPLATES,
  type NoticeKind,
} from './citizen-notices.js';

const TICK = 'citizen-notices';
const LOCK = 'citizen-notice-queue';
const OPEN = ['perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi'];

/** The tracking page of a case: the access code only where it is the citizen's own link. */
export function trackingLink(base: string, trackingNumber: string, accessCode?: string): string {
  return `${base}/lacak/${trackingNumber}${accessCode ? `?kode=${accessCode}` : ''}`;
}

/** "12 Desember 2026" in the regency's time zone. */
export function localDate(d: Date, timeZone: string): string {
  return new Intl.DateTimeFormat('id-ID', {
    day: 'numeric',
    month: 'long',
    year: 'numeric',
    timeZone,
  }).format(d);
}

/**
 * Works the queue of citizen notices (acknowledgements, finish notices): those whose time has come
 * are written with the case's current OPD and deadline, then sent through RepliesService.deliver,
 * at most the account's posting budget per minute (POSTS_PER_MINUTE, counting every call the
 * account made, staff replies included). One instance at a time works the queue (advisory lock).
 * A notice interrupted mid-call is no longer the queue's: RepliesService.resumeStale checks it on
 * the platform before anything is sent again.
 */
@Injectable()
export class NoticeQueueService implements OnApplicationBootstrap, BeforeApplicationShutdown {
  private readonly logger = new Logger(NoticeQueueService.name);
  private running: Promise<unknown> | null = null;

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly outage: DatabaseOutage,
    private readonly replies: RepliesService,
    private readonly schedulerRegistry: SchedulerRegistry,
  ) {}

  onApplicationBootstrap(): void {
    if (!this.config.pipeline.schedulerEnabled) return;
    const h = setInterval(() => {
      if (this.running || this.outage.down) return;
      this.running = withAdvisoryLock(this.ds, LOCK, () => this.runOnce())
        .catch(
          (e: unknown) => this.outage.observe(e) || this.logger.error({ stage: 'notices', error: String(e) }),
        )
        .finally(() => (this.running = null));
    }, this.config.citizen.noticeTickSec * 1000);
    this.schedulerRegistry.addInterval(TICK, h);
  }

  async beforeApplicationShutdown(): Promise<void> {
    if (this.schedulerRegistry.doesExist('interval', TICK)) this.schedulerRegistry.deleteInterval(TICK);
    await this.running;
  }

  /** Sends the notices that are due, within each account's budget; returns how many were tried. */
  async runOnce(): Promise<number> {
    const now = this.clock.now();
    const due = await this.ds.query<
      Array<{ account_id: string; platform: Platform; settings: Record<string, unknown>; ids: string[] }>
    >(
      `SELECT r.account_id, a.platform, a.settings, array_agg(r.id ORDER BY r.not_before, r.id) AS ids
         FROM outbound_replies r JOIN connector_accounts a ON a.id = r.account_id
        WHERE r.kind <> 'reply' AND r.state = 'pending' AND r.attempts = 0 AND r.not_before <= $1
          AND a.enabled AND NOT (a.health_state = ANY($2)) AND (a.retry_at IS NULL OR a.retry_at <= $1)
        GROUP BY r.account_id, a.platform, a.settings`,
      [now, BLOCKING_HEALTH_STATES],
    );
    let tried = 0;
    for (const acc of due) {
      const perMinute =
        noticeSettings(acc.settings, this.config.demo.enabled).perMinute ?? POSTS_PER_MINUTE[acc.platform];
      const [{ used }] = await this.ds.query<Array<{ used: number }>>(
        `SELECT count(*)::int AS used FROM outbound_replies WHERE account_id = $1 AND attempted_at > $2`,
        [acc.account_id, new Date(now.getTime() - 60_000)],
      );
      for (const id of acc.ids.slice(0, Math.max(0, perMinute - used))) {
        try {
          if (await this.prepare(id)) {
            await this.sendOne(id);
            tried++;
          }
        } catch (e) {
          if (this.outage.observe(e)) throw e;
          this.logger.error({ stage: 'notices', replyId: id, error: String(e) });
        }
      }
    }
    if (tried) this.logger.debug({ stage: 'notices', tried });
    return tried;
  }

  private async sendOne(id: string): Promise<void> {
    const r = await this.replies.deliver(id);
    // A throttle means nothing was posted: the notice goes back in the queue, later.
    if (r.outcome === 'rate_limited')
      await this.ds.getRepository(OutboundReply).update(
        { id },
        patch<OutboundReply>({
          state: 'pending',
          outcome: null,
          error: null,
          attempts: 0,
          notBefore: new Date(this.clock.now().getTime() + 15 * 60_000),
        }),
      );
  }

  /** Writes the notice's text from the case as it is now; false when it should not go out any more. */
  private async prepare(id: string): Promise<boolean> {
    return this.ds.transaction(async (m) => {
      const r = await m
        .getRepository(OutboundReply)
        .createQueryBuilder('r')
        .setLock('pessimistic_write')
        .where('r.id = :id', { id })
        .getOne();
      if (!r || r.state !== 'pending' || r.attempts !== 0) return false;
      const c = await m
        .getRepository(Case)
        .createQueryBuilder('c')
        .addSelect('c.accessCode')
        .where('c.id = :id', { id: r.caseId })
        .getOne();
      const post = await m.getRepository(Post).findOneBy({ id: r.postId });
      const kind = r.kind as NoticeKind;
      // Closed (rejected as spam, merged) before its turn: an acknowledgement would only confuse.
      const stillRelevant =
        c && post && (kind === 'finish_notice' ? c.status === 'selesai' : OPEN.includes(c.status));
      if (!c || !post || !stillRelevant) {
        await m.getRepository(OutboundReply).update(
          { id },
          patch<OutboundReply>({
            state: 'failed',
            error: 'Tidak dikirim: status kasus sudah berubah sebelum gilirannya.',
          }),
        );
        if (c)
          await m.getRepository(CaseEvent).insert({
            caseId: c.id,
            type: 'notice_failed',
            actorUserId: null,
            actorLabel: 'system',
            data: { replyId: id, kind, state: 'failed', skipped: true },
          });
        return false;
      }
      const account = await m.getRepository(ConnectorAccount).findOneBy({ id: r.accountId });
      const s = noticeSettings(account?.settings, this.config.demo.enabled);
      const triage =
        c.opdCode === null || c.opdCode === this.config.triageOpd || c.status === 'perlu_ditinjau';
      // Still in triage with an external body suggested (issue 19): the citizen hears where it belongs.
      const external = kind === 'acknowledgement' && c.status === 'perlu_ditinjau' && c.suggestedExternalBody ? c.suggestedExternalBody : null;
      const template =
        kind === 'finish_notice'
          ? (s.finishTemplate ?? DEFAULT_TEMPLATES.finish_notice)
          : (s.acknowledgementTemplate ??
            (external ? DEFAULT_TEMPLATES.external : triage ? DEFAULT_TEMPLATES.triage : DEFAULT_TEMPLATES.acknowledgement));
      const opd = c.opdCode ? await m.getRepository(Opd).findOneBy({ code: c.opdCode }) : null;
      // The citizen's own link carries the access code when the case is private (the link is the
      // only way in) and on the finish notice (the code proves the rating is theirs).
      const withCode = isConfidentialPost(post) || c.rahasia || kind === 'finish_notice';
      const text = renderNotice(
        template,
        {
          nomor: c.trackingNumber,
          opd: external ?? (triage ? 'OPD yang berwenang' : (opd?.name ?? c.opdCode ?? '')),
          tenggat: c.dueAt ? `${localDate(c.dueAt, this.config.timezone)} (hari kerja)` : '-',
          tautan: trackingLink(
            this.config.citizen.publicBaseUrl,
            c.trackingNumber,
            withCode ? c.accessCode : undefined,
          ),
          jawaban: kind === 'finish_notice' ? await this.answerOf(m, c.id) : '',
        },
        MAX_REPLY_LENGTH[post.platform],
        SHORT_TEMPLATES[kind],
      );
      await m.getRepository(OutboundReply).update({ id }, { text });
      return true;
    });
  }

  /** The OPD's answer (the summary given when it finished the case), personal data masked. */
  private async answerOf(m: EntityManager, caseId: string): Promise<string> {
    const e = await m
      .getRepository(CaseEvent)
      .findOne({ where: { caseId, type: 'finished' }, order: { id: 'DESC' } });
    const summary = (e?.data as { summary?: unknown } | undefined)?.summary;
    return typeof summary === 'string' ? maskPii(summary.trim()) : '';
  }
}
