import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { enqueueAcknowledgements } from '../citizen/citizen-notices.js';
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
import { applyRemit, applyServiceHint, decideRouting } from '../routing/routing-decision.js';
import { RemitRules } from '../classification/remit-rules.js';
import { SlaPolicy } from '../sla/sla-policy.js';
import { CaseRepository } from './case.repository.js';
import type { CaseEvent } from './case-event.entity.js';
import type { CaseStatus } from './case.types.js';

const OPEN: CaseStatus[] = ['perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi'];

const BATCH = 500;


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

  /** Bodies outside the regency's remit and the misconduct lexicon (config/external-bodies.json), validated at start. */
  private remitRules: RemitRules | null = null;
  private get remit(): RemitRules {
    return (this.remitRules ??= RemitRules.load(this.config.paths.configDir));
  }
  onModuleInit(): void {
    void this.remit; // a broken config/external-bodies.json fails the start, like other config
  }

  private draining: Promise<void> | null = null;
  private again = false;

  /**
   * Starts (or extends) a background drain of the pending posts and returns when it has caught up
   * with everything stored before the call. A poll run kicks it after each page and goes on
   * fetching and storing the next page while this one is classified and opened, then awaits it
   * before the run ends. One drain per process at a time; callers share it.
   */
  kick(): Promise<void> {
    if (this.draining) {
      this.again = true;
      return this.draining;
    }
    const run = async (): Promise<void> => {
      try {
        do {
          this.again = false;
          await this.processPending();
        } while (this.again);
      } finally {
        this.draining = null;
      }
    };
    this.draining = run();
    return this.draining;
  }

  /** Opens cases for pending posts until none are left; returns how many were opened. */
  async processPending(): Promise<number> {
    let total = 0;
    for (;;) {
      const n = await this.processBatch();
      total += n;
      if (n < BATCH) return total;
    }
  }

  /**
   * One batch, set-based: a constant number of round trips whatever its size (one query finds the
   * open cases follow-ups may join, one allocates the tracking numbers, one inserts the cases, one
   * their events, one assigns every post). Posts are taken in id order, so a thread's follow-up
   * that arrives in the same batch as its opener joins the case the opener opened.
   */
  private async processBatch(): Promise<number> {
    const started = Date.now();
    const active = await this.opds.activeCodes();
    const { created, attached, pending, opened } = await this.ds.transaction(async (m) => {
      const pending = await this.posts.findPendingForUpdate(m, BATCH);
      if (!pending.length) return { created: [], attached: [], pending: 0, opened: {} };
      const now = this.clock.now();
      const hours = this.config.cases.threadJoinHours;
      const joinable = (p: Post) => hours > 0 && p.authorId !== 'unknown';
      const inDb = await this.cases.findJoinableCases(m, pending.filter(joinable), hours, OPEN);
      // The service the citizen picked, on channels that have one (Open311 `service_code`).
      const hints = await this.posts.serviceCodes(m, pending.filter((p) => p.platform === 'open311').map((p) => p.id));

      // Decide, in order, which posts open a case and which join one (stored or opened just now).
      type Target = { caseId?: string; opener?: Post };
      const decided: Array<{ post: Post; joins?: Target; at?: Date }> = [];
      const openers: Array<{ post: Post; c: ReturnType<ClassificationService['classify']>; d: ReturnType<typeof applyRemit>; remit: string[] }> = [];
      const openerStatus = new Map<Post, CaseStatus>();
      for (const post of pending) {
        let best: { target: Target; at: Date } | null = null;
        const fromDb = inDb.get(post.id);
        if (fromDb) best = { target: { caseId: fromDb.caseId }, at: fromDb.postedAt };
        if (joinable(post)) {
          const since = post.postedAt.getTime() - hours * 3_600_000;
          for (const prev of decided) {
            const p = prev.post;
            const target = prev.joins ?? { opener: p };
            if (target.opener && !OPEN.includes(openerStatus.get(target.opener)!)) continue;
            if (p.accountId !== post.accountId || p.authorId !== post.authorId || p.postedAt.getTime() < since) continue;
            if (!(post.platform === 'whatsapp' || (post.rootExternalId && p.rootExternalId === post.rootExternalId) || (post.parentExternalId && p.externalId === post.parentExternalId) || (post.rootExternalId && p.externalId === post.rootExternalId))) continue;
            if (!best || p.postedAt >= best.at) best = { target, at: p.postedAt };
          }
        }
        if (best) decided.push({ post, joins: best.target });
        else {
          const c = this.classification.classify(post.text);
          const hinted = applyServiceHint(
            decideRouting(c, this.config.classification.confidenceThreshold, this.config.triageOpd, active),
            hints.get(post.id) ?? null,
            this.config.triageOpd,
            active,
          );
          const rm = this.remit.match(post.text);
          const d = applyRemit(hinted, rm, this.config.triageOpd, 'INSPEKTORAT', active);
          openerStatus.set(post, d.status);
          openers.push({ post, c, d, remit: d.externalBody || (rm.misconduct && d.opdCode === 'INSPEKTORAT') ? rm.matched : [] });
          decided.push({ post });
        }
      }

      // Open the new cases: tracking numbers in arrival order, one insert.
      const numbers = await this.cases.nextTrackingNumbers(m, yearIn(now, this.config.timezone), openers.length);
      const drafts = openers.map(({ post, c, d }, i) =>
        this.sla.apply(
          {
            trackingNumber: numbers[i],
            postId: post.id,
            intent: c.intent,
            intentConfidence: c.intentConfidence,
            sentiment: c.sentiment,
            sentimentConfidence: c.sentimentConfidence,
            topic: c.topic,
            opdCode: d.opdCode,
            suggestedOpdCode: c.opdCode,
            suggestedExternalBody: d.externalBody,
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
        ),
      );
      const caseIdByPost = await this.cases.insertMany(m, drafts);
      const caseOf = (t: Target): string => t.caseId ?? caseIdByPost.get(t.opener!.id)!;

      // Follow-ups: a reply to an answered case sends it back to the OPD.
      const stored = new Map((await this.cases.findForUpdate(m, [...new Set(decided.filter((x) => x.joins?.caseId).map((x) => x.joins!.caseId!))])).map((c) => [c.id, c]));
      const statusOf = new Map<string, { opdCode: string | null; status: CaseStatus }>(openers.map(({ post, d }) => [caseIdByPost.get(post.id)!, { opdCode: d.opdCode, status: d.status }]));
      for (const c of stored.values()) statusOf.set(c.id, { opdCode: c.opdCode, status: c.status });
      const events: Array<Partial<CaseEvent>> = openers.map(({ post, c, d, remit }) => ({
        caseId: caseIdByPost.get(post.id)!,
        type: 'created',
        actorUserId: null,
        actorLabel: 'system',
        data: { after: { status: d.status, opdCode: d.opdCode, intent: c.intent, sentiment: c.sentiment, reason: d.reason, suggestedExternalBody: d.externalBody }, classification: { ...c }, ...(remit.length ? { remitMatched: remit } : {}) },
      }));
      const attached: Array<{ caseId: string; opdCode: string | null; status: string; previousStatus: string }> = [];
      for (const x of decided) {
        if (!x.joins) continue;
        const caseId = caseOf(x.joins);
        const s = statusOf.get(caseId)!;
        const previousStatus = s.status;
        const target = stored.get(caseId);
        if (target && target.status === 'menunggu_validasi') {
          target.status = 'diproses';
          target.answeredAt = null;
          this.sla.apply(target, now);
          await this.cases.save(m, target);
          s.status = 'diproses';
        }
        events.push({ caseId, type: 'followup_attached', actorUserId: null, actorLabel: 'system', data: { postId: x.post.id, before: { status: previousStatus }, after: { status: s.status } } });
        attached.push({ caseId, opdCode: s.opdCode, status: s.status, previousStatus });
      }
      await this.cases.addEvents(m, events);
      // The citizen hears back with a tracking number on the platform they used (issue 15): reports
      // that went to an OPD or to triage, never "other" (thanks, chatter, spam).
      await enqueueAcknowledgements(
        m,
        openers
          .filter(({ post, c, d }) => post.platform !== 'open311' && c.intent !== 'other' && (d.status === 'didisposisikan' || d.status === 'perlu_ditinjau'))
          .map(({ post }) => ({ caseId: caseIdByPost.get(post.id)!, post })),
        this.config.demo.enabled,
        now,
      );
      await this.cases.assignPosts(m, decided.map((x) => ({ postId: x.post.id, caseId: x.joins ? caseOf(x.joins) : caseIdByPost.get(x.post.id)! })));

      const opened: Record<string, number> = {};
      for (const { post } of openers) opened[post.platform] = (opened[post.platform] ?? 0) + 1;
      const created = openers.map(({ post, d }) => ({ caseId: caseIdByPost.get(post.id)!, opdCode: d.opdCode, status: d.status }));
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
}
