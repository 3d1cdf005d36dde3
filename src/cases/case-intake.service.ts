import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import { Clock } from '../common/clock.js';
import { isConfidentialPost } from '../common/platform.js';
import { DomainEvents } from '../common/events.js';
import { yearIn } from '../common/time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { PipelineMetrics } from '../health/pipeline-metrics.js';
import { ClassificationService } from '../classification/classification.service.js';
import type { Post } from '../posts/post.entity.js';
import { PostRepository } from '../posts/post.repository.js';
import { OpdRepository } from '../routing/opd.repository.js';
import { applyServiceHint, decideRouting } from '../routing/routing-decision.js';
import { SlaPolicy } from '../sla/sla-policy.js';
import { CaseRepository } from './case.repository.js';
import type { CaseStatus } from './case.types.js';

const OPEN: CaseStatus[] = ['perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi'];

const BATCH = 200;

/** The service the citizen picked, on channels that have one (Open311 `service_code`). */
const serviceHint = (post: Post): string | null => {
  const code = post.platform === 'open311' ? (post.raw as { service_code?: unknown } | null)?.service_code : undefined;
  return typeof code === 'string' ? code : null;
};

/**
 * The classify → route → open-case stages. Works from posts still `pending`, so a crash between
 * persisting a post and opening its case is recovered by the next call, and parallel callers
 * share the work (SKIP LOCKED). Notifies only after commit.
 */
@Injectable()
export class CaseIntakeService {
  private readonly logger = new Logger(CaseIntakeService.name);

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly cases: CaseRepository,
    private readonly classification: ClassificationService,
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly metrics: PipelineMetrics,
    private readonly opds: OpdRepository,
    private readonly posts: PostRepository,
    private readonly sla: SlaPolicy,
  ) {}

  /** Opens cases for pending posts until none are left; returns how many were opened. */
  async processPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.processBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  private async processBatch(): Promise<number> {
    const started = Date.now();
    const active = await this.opds.activeCodes();
    const { created, attached, pending, opened } = await this.ds.transaction(async (m) => {
      const pending = await this.posts.findPendingForUpdate(m, BATCH);
      const created: Array<{ caseId: string; opdCode: string | null; status: string }> = [];
      const attached: Array<{ caseId: string; opdCode: string | null; status: string; previousStatus: string }> = [];
      const opened: Record<string, number> = {};
      for (const post of pending) {
        const joined = await this.attachFollowUp(m, post);
        if (joined) attached.push(joined);
        else {
          created.push(await this.openCase(m, post, active));
          opened[post.platform] = (opened[post.platform] ?? 0) + 1;
        }
      }
      await this.posts.markProcessed(m, pending.map((p) => p.id));
      return { created, attached, pending: pending.length, opened };
    });
    this.metrics.recordCasesOpened(opened);
    for (const c of created) this.events.emit('case.created', c);
    for (const a of attached)
      this.events.emit('case.updated', { caseId: a.caseId, opdCode: a.opdCode, previousOpdCode: a.opdCode, status: a.status, change: 'followup_attached' });
    if (pending)
      this.logger.debug({ stage: 'classify+route', cases: created.length, followUps: attached.length, triage: created.filter((c) => c.status === 'perlu_ditinjau').length, ms: Date.now() - started });
    return pending;
  }

  /** classify → route → open a case with its tracking number, service level and audit event. */
  private async openCase(m: EntityManager, post: Post, active: Set<string>): Promise<{ caseId: string; opdCode: string | null; status: string }> {
    const c = this.classification.classify(post.text);
    const d = applyServiceHint(
      decideRouting(c, this.config.classification.confidenceThreshold, this.config.triageOpd, active),
      serviceHint(post),
      this.config.triageOpd,
      active,
    );
    const now = this.clock.now();
    const draft = this.sla.apply(
      {
        trackingNumber: await this.cases.nextTrackingNumber(m, yearIn(now, this.config.timezone)),
        postId: post.id,
        intent: c.intent,
        intentConfidence: c.intentConfidence,
        sentiment: c.sentiment,
        sentimentConfidence: c.sentimentConfidence,
        topic: c.topic,
        opdCode: d.opdCode,
        suggestedOpdCode: c.opdCode,
        routingConfidence: c.routingConfidence,
        locationKecamatan: c.location.kecamatan,
        locationDesa: c.location.desa,
        status: d.status,
        statusReason: d.reason,
        modelVersion: c.modelVersion,
        // Private channels are rahasia from the start (WhatsApp, direct messages).
        rahasia: isConfidentialPost(post),
        createdAt: now,
        dispositionedAt: d.status === 'didisposisikan' ? now : null,
        closedAt: d.status === 'ditolak' ? now : null,
        firstResponseAt: null,
        answeredAt: null,
        dueAt: null,
        slaState: null,
      },
      now,
    );
    const saved = await this.cases.insert(m, draft);
    await this.posts.assignCase(m, post.id, saved.id);
    await this.cases.addEvent(m, {
      caseId: saved.id,
      type: 'created',
      actorUserId: null,
      actorLabel: 'system',
      data: { after: { status: d.status, opdCode: d.opdCode, intent: c.intent, sentiment: c.sentiment, reason: d.reason }, classification: { ...c } },
    });
    return { caseId: saved.id, opdCode: d.opdCode, status: d.status };
  }

  /**
   * A citizen's reply in the same thread (or WhatsApp chat) within THREAD_JOIN_HOURS joins their
   * open case instead of opening a new one. A reply to an answered case sends it back to the OPD.
   */
  private async attachFollowUp(m: EntityManager, post: Post): Promise<{ caseId: string; opdCode: string | null; status: string; previousStatus: string } | null> {
    const hours = this.config.cases.threadJoinHours;
    if (!hours || post.authorId === 'unknown') return null;
    const since = new Date(post.postedAt.getTime() - hours * 3_600_000);
    const target = await this.cases.findJoinableCase(m, post, since, OPEN);
    if (!target) return null;
    await this.posts.assignCase(m, post.id, target.id);
    const previousStatus = target.status;
    if (target.status === 'menunggu_validasi') {
      target.status = 'diproses';
      target.answeredAt = null;
      this.sla.apply(target, this.clock.now());
      await this.cases.save(m, target);
    }
    await this.cases.addEvent(m, {
      caseId: target.id,
      type: 'followup_attached',
      actorUserId: null,
      actorLabel: 'system',
      data: { postId: post.id, before: { status: previousStatus }, after: { status: target.status } },
    });
    return { caseId: target.id, opdCode: target.opdCode, status: target.status, previousStatus };
  }
}
