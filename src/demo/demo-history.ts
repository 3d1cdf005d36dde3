import { Inject, Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager, type QueryDeepPartialEntity } from 'typeorm';
import { CaseEvent } from '../cases/case-event.entity.js';
import { Case } from '../cases/case.entity.js';
import { CaseRepository } from '../cases/case.repository.js';
import type { CaseStatus } from '../cases/case.types.js';
import { ClassificationService } from '../classification/classification.service.js';
import { Clock } from '../common/clock.js';
import type { Platform } from '../common/platform.js';
import { yearIn } from '../common/time.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Post, type PostKind } from '../posts/post.entity.js';
import { shiftWeek, weekAt } from '../reports/iso-week.js';
import { WeeklyReportService } from '../reports/weekly-report.service.js';
import { decideRouting } from '../routing/routing-decision.js';
import { SlaPolicy } from '../sla/sla-policy.js';
import { DemoCorpus, INCIDENTS, type DemoText } from './demo-corpus.js';
import { randomAuthor } from './demo-posts.js';

// The first demo start fills eight weeks of history, so the Sekda's pages (trends, week over week,
// OPD performance, the weekly summaries) have something to say on a fresh install. Each post is
// judged by the real classifier and router; what happened next (triage, acceptance, answer,
// validation) is played out with per-OPD response times, and what is not yet due stays open.

export const HISTORY_WEEKS = 8;
const HISTORY_KEY = 'demo-history:';
const HOUR = 3_600_000;
const DAY = 24 * HOUR;

// Posts per local day: a busy Monday, a quiet weekend.
const WEEKDAY_FACTOR = [0.5, 1.3, 1.15, 1.05, 1, 0.85, 0.55]; // Sunday first, as Date#getUTCDay
const BASE_PER_DAY = 26;
// Hours of the local day people write: mornings and evenings.
const HOUR_WEIGHTS = [1, 0.5, 0.3, 0.3, 0.6, 1.5, 3, 5, 7, 7, 6, 5, 4, 4, 4, 4, 4, 5, 6, 7, 7, 5, 3, 2];
// Median hours to a first follow-up: some OPDs are quick, some keep citizens waiting.
const OPD_SPEED: Record<string, number> = { DAMKAR: 2, BPBD: 4, PDAM: 8, DLH: 14, DINKES: 18, RSUD: 12, DISHUB: 30, DPUPR: 60, DISDUKCAPIL: 70, DINSOS: 50, DISDIK: 40 };
const PLATFORMS: Array<[Platform, number, PostKind]> = [
  ['facebook', 0.27, 'comment'],
  ['x', 0.18, 'mention'],
  ['instagram', 0.15, 'comment'],
  ['whatsapp', 0.17, 'direct_message'],
  ['tiktok', 0.1, 'comment'],
  ['telegram', 0.07, 'direct_message'],
  ['youtube', 0.06, 'comment'],
];

type HistoryEvent = Pick<CaseEvent, 'type' | 'actorUserId' | 'actorLabel' | 'data' | 'createdAt'>;

interface Planned {
  at: Date;
  demo: DemoText;
  platform: Platform;
  kind: PostKind;
}

@Injectable()
export class DemoHistory {
  private readonly logger = new Logger(DemoHistory.name);

  constructor(
    private readonly cases: CaseRepository,
    private readonly classification: ClassificationService,
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly reports: WeeklyReportService,
    private readonly sla: SlaPolicy,
  ) {}

  /** Back-fills once per database; returns how many cases it wrote (0 when history exists). */
  async backfill(random: () => number = Math.random): Promise<number> {
    const [done] = await this.ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM posts WHERE dedupe_key LIKE $1`, [`${HISTORY_KEY}%`]);
    if (done.n > 0) return 0;
    const started = Date.now();
    const now = this.clock.now();
    const plan = this.plan(now, random);
    const written = await this.ds.transaction((m) => this.write(m, plan, now, random));
    const thisWeek = weekAt(now, this.config.timezone);
    for (let k = HISTORY_WEEKS; k >= 1; k--) await this.reports.generate(shiftWeek(thisWeek, -k));
    this.logger.log({ event: 'demo_history', cases: written, weeks: HISTORY_WEEKS, ms: Date.now() - started });
    return written;
  }

  /** When each post arrives: a weekly rhythm, a slow growth, and two incidents that spike. */
  plan(now: Date, r: () => number): Planned[] {
    const corpus = new DemoCorpus(this.config.region, r);
    const offset = this.utcOffsetMs(now);
    const todayLocal = Math.floor((now.getTime() + offset) / DAY) * DAY;
    const days = HISTORY_WEEKS * 7;
    const out: Planned[] = [];
    const hourTotal = HOUR_WEIGHTS.reduce((a, b) => a + b, 0);
    const at = (dayLocal: number, hour?: number): Date => {
      let h = hour ?? 0;
      if (hour === undefined) for (let x = r() * hourTotal; h < 23 && (x -= HOUR_WEIGHTS[h]) > 0; ) h++;
      return new Date(dayLocal - offset + h * HOUR + Math.floor(r() * HOUR));
    };
    const platform = (): [Platform, PostKind] => {
      let x = r();
      for (const [p, w, k] of PLATFORMS) if ((x -= w) <= 0) return [p, k];
      return ['facebook', 'comment'];
    };
    for (let d = days; d >= 0; d--) {
      const dayLocal = todayLocal - d * DAY;
      const weekday = new Date(dayLocal).getUTCDay();
      const growth = 0.8 + 0.4 * ((days - d) / days);
      const n = Math.round(BASE_PER_DAY * WEEKDAY_FACTOR[weekday] * growth * (0.8 + 0.4 * r()));
      for (let i = 0; i < n; i++) {
        const [pf, kind] = platform();
        out.push({ at: at(dayLocal), demo: corpus.next(), platform: pf, kind });
      }
      // A landslide three weeks ago and a water cut last week: many reports within hours.
      const incident = d === 19 ? INCIDENTS[0] : d === 5 ? INCIDENTS[1] : null;
      if (incident)
        for (const demo of corpus.incident(incident, 14)) {
          const [pf, kind] = platform();
          out.push({ at: at(dayLocal, 7 + Math.floor(r() * 6)), demo, platform: pf, kind });
        }
    }
    return out.filter((p) => p.at.getTime() < now.getTime()).sort((a, b) => a.at.getTime() - b.at.getTime());
  }

  /** Everything judged and played out in memory, then written in a few bulk statements. */
  private async write(m: EntityManager, plan: Planned[], now: Date, r: () => number): Promise<number> {
    const accounts = new Map<string, string>(
      (await m.query<Array<{ platform: string; id: string }>>(`SELECT DISTINCT ON (platform) platform::text, id FROM connector_accounts ORDER BY platform, created_at`)).map((a) => [a.platform, a.id]),
    );
    const active = new Set((await m.query<Array<{ code: string }>>(`SELECT code FROM opds WHERE active`)).map((o) => o.code));
    const threshold = this.config.classification.confidenceThreshold;
    const rows = plan.flatMap((p, i) => {
      const c = this.classification.classify(p.demo.text);
      const d = decideRouting(c, threshold, this.config.triageOpd, active);
      const draft = m.getRepository(Case).create({
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
        createdAt: p.at,
        dispositionedAt: d.status === 'didisposisikan' ? p.at : null,
        closedAt: d.status === 'ditolak' ? p.at : null,
        firstResponseAt: null,
        answeredAt: null,
        collaboratorOpdCodes: [],
        escalated: false,
        mergedIntoId: null,
      });
      const events = this.playOut(draft, p, now, r, active);
      this.sla.apply(draft, now);
      // Open cases are re-read on their platform for edits and deletions, and the fakes never saw
      // these posts: a re-read would mark them deleted. Their posts therefore come by WhatsApp or a
      // Telegram private chat, which cannot be read back (nothing to re-read).
      const open = draft.status !== 'selesai' && draft.status !== 'ditolak';
      const [platform, kind]: [Platform, PostKind] = !open || p.platform === 'whatsapp' || p.platform === 'telegram' ? [p.platform, p.kind] : r() < 0.7 ? ['whatsapp', 'direct_message'] : ['telegram', 'direct_message'];
      const accountId = accounts.get(platform);
      if (!accountId) return [];
      const author = randomAuthor(r);
      const post = m.getRepository(Post).create({
        platform,
        accountId,
        externalId: `hist-${i}`,
        dedupeKey: `${HISTORY_KEY}${platform}:${i}`,
        kind,
        authorId: `hist-author-${Math.floor(r() * 1e6)}`,
        authorName: author.name,
        authorUsername: platform === 'facebook' || platform === 'whatsapp' ? null : author.username,
        text: p.demo.text,
        postedAt: p.at,
        replyTarget: { platform, accountId, targetId: `hist-${i}` },
        raw: { demoHistory: true },
        processingState: 'processed',
      });
      return [{ post, draft, events, year: yearIn(p.at, this.config.timezone) }];
    });
    // Tracking numbers in time order, one reservation per year.
    for (const year of [...new Set(rows.map((x) => x.year))].sort()) {
      const mine = rows.filter((x) => x.year === year);
      const numbers = await this.cases.nextTrackingNumbers(m, year, mine.length);
      mine.forEach((x, i) => (x.draft.trackingNumber = numbers[i]));
    }
    const CHUNK = 400;
    for (let i = 0; i < rows.length; i += CHUNK) {
      const chunk = rows.slice(i, i + CHUNK);
      const posts = await m.getRepository(Post).insert(chunk.map((x) => x.post) as QueryDeepPartialEntity<Post>[]);
      chunk.forEach((x, k) => (x.draft.postId = String(posts.identifiers[k].id)));
      const cases = await m.getRepository(Case).insert(chunk.map((x) => x.draft) as QueryDeepPartialEntity<Case>[]);
      const events = chunk.flatMap((x, k) => x.events.map((e) => ({ ...e, caseId: String(cases.identifiers[k].id) })));
      await m.getRepository(CaseEvent).insert(events as QueryDeepPartialEntity<CaseEvent>[]);
    }
    await m.query(`UPDATE posts p SET case_id = c.id FROM cases c WHERE c.post_id = p.id AND p.case_id IS NULL AND p.dedupe_key LIKE $1`, [`${HISTORY_KEY}%`]);
    return rows.length;
  }

  /** What happened to the case up to now: triage, acceptance, answer and validation, each in its time. */
  private playOut(c: Case, p: Planned, now: Date, r: () => number, active: Set<string>): HistoryEvent[] {
    const t0 = p.at.getTime();
    const events: HistoryEvent[] = [];
    const ev = (type: string, at: number, actor: string, from: CaseStatus | null, to: CaseStatus, extra: Record<string, unknown> = {}) =>
      events.push({ type, actorUserId: null, actorLabel: actor, data: { ...(from ? { before: { status: from } } : {}), after: { status: to, opdCode: c.opdCode }, ...extra }, createdAt: new Date(at) });
    ev('created', t0, 'system', null, c.status, { reason: c.statusReason });
    const lognormal = (median: number): number => median * Math.exp((r() - 0.5) * 2.2) * HOUR;
    let t = t0;
    if (c.status === 'perlu_ditinjau') {
      // Diskominfo triages within a working day or two; the newest wait in the queue.
      t += lognormal(14);
      if (t > now.getTime()) return events;
      // The desk routes what it can place (the machine's suggestion, else the OPD the text is
      // about, else the village office for village matters) and turns away chatter.
      const target = [c.suggestedOpdCode, p.demo.opd, p.demo.kind === 'ambiguous' && r() < 0.6 ? 'DPMD' : null].find(
        (o): o is string => !!o && active.has(o) && o !== this.config.triageOpd && p.demo.kind !== 'other' && p.demo.kind !== 'thanks',
      );
      if (!target) {
        c.status = 'ditolak';
        c.statusReason = 'bukan_laporan';
        c.closedAt = new Date(t);
        ev('rejected', t, 'operator', 'perlu_ditinjau', 'ditolak', { reason: 'bukan_laporan' });
        return events;
      }
      c.opdCode = target;
      c.status = 'didisposisikan';
      c.statusReason = null;
      c.dispositionedAt = new Date(t);
      ev('rerouted', t, 'operator', 'perlu_ditinjau', 'didisposisikan');
    }
    if (c.status !== 'didisposisikan' || !c.opdCode) return events;
    const actor = c.opdCode.toLowerCase();
    if (r() < 0.06) return events; // never followed up: overdue, on the monitor
    t += lognormal(OPD_SPEED[c.opdCode] ?? 36);
    if (t > now.getTime()) return events;
    c.status = 'diproses';
    c.firstResponseAt = new Date(t);
    ev('accepted', t, actor, 'didisposisikan', 'diproses');
    if (r() < 0.08) return events; // still being worked on
    t += lognormal(30);
    if (t > now.getTime()) return events;
    c.status = 'menunggu_validasi';
    c.answeredAt = new Date(t);
    ev('finished', t, actor, 'diproses', 'menunggu_validasi', { summary: 'Sudah ditinjau ke lokasi dan ditindaklanjuti.' });
    t += lognormal(10);
    if (t > now.getTime()) return events;
    c.status = 'selesai';
    c.closedAt = new Date(t);
    ev('validated', t, 'operator', 'menunggu_validasi', 'selesai');
    return events;
  }

  /** The regency's offset from UTC at `at` (WITA: +8 h), for local days and hours. */
  private utcOffsetMs(at: Date): number {
    const parts = new Intl.DateTimeFormat('en-US', { timeZone: this.config.timezone, hourCycle: 'h23', year: 'numeric', month: '2-digit', day: '2-digit', hour: '2-digit', minute: '2-digit' }).formatToParts(at);
    const v = (t: string): number => Number(parts.find((x) => x.type === t)?.value);
    return Date.UTC(v('year'), v('month') - 1, v('day'), v('hour'), v('minute')) - Math.floor(at.getTime() / 60_000) * 60_000;
  }
}
