import { timingSafeEqual } from 'node:crypto';
import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseEvent } from '../cases/case-event.entity.js';
import { Case } from '../cases/case.entity.js';
import type { CaseStatus, Intent } from '../cases/case.types.js';
import { DomainError } from '../common/errors/domain-error.js';
import { isConfidentialPost } from '../common/platform.js';
import { maskPii } from '../common/pii.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { Post } from '../posts/post.entity.js';
import { Opd } from '../routing/opd.entity.js';
import { CaseRating } from './case-rating.entity.js';

// What the public and the citizen may see of a case (issue 15 §2). Built field by field from an
// allow-list, never from the entity: no post text, no author, no staff name, no internal note, no
// reason typed by staff. The OPD's answer is the one free text shown, with personal data masked.

export const TRACKING_PATTERN = /^SW-\d{4}-\d{6}$/;

export const STATUS_LABEL: Record<CaseStatus, string> = {
  baru: 'Diterima',
  perlu_ditinjau: 'Sedang ditinjau',
  didisposisikan: 'Diteruskan ke OPD',
  diproses: 'Sedang diproses',
  menunggu_validasi: 'Sudah dijawab, menunggu pemeriksaan',
  selesai: 'Selesai',
  ditolak: 'Ditutup',
};

const INTENT_LABEL: Record<Intent, string> = {
  complaint: 'Pengaduan',
  aspiration: 'Aspirasi',
  question: 'Pertanyaan',
  other: 'Lainnya',
};

export interface PublicTimelineStep {
  at: string;
  /** The date and time in the regency's time zone, as a citizen reads it. */
  atLocal: string;
  label: string;
}

export interface PublicCaseView {
  trackingNumber: string;
  status: CaseStatus;
  statusLabel: string;
  /** A private case (WhatsApp, direct message) shows its status only, and only with its code. */
  private: boolean;
  updatedAtLocal: string;
  type?: string;
  opd?: { code: string; name: string } | null;
  kecamatan?: string | null;
  receivedAtLocal?: string;
  deadlineLocal?: string | null;
  timeline?: PublicTimelineStep[];
  answer?: string | null;
  /** Set only for the holder of the code: whether they may rate, or how they rated. */
  rating?: { canRate: boolean; given: { score: number; resolved: boolean } | null };
}

@Injectable()
export class PublicCasesService {
  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  dateTime(d: Date): string {
    return new Intl.DateTimeFormat('id-ID', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      hour: '2-digit',
      minute: '2-digit',
      timeZone: this.config.timezone,
      timeZoneName: 'short',
    }).format(d);
  }

  date(d: Date): string {
    return new Intl.DateTimeFormat('id-ID', {
      day: 'numeric',
      month: 'long',
      year: 'numeric',
      timeZone: this.config.timezone,
    }).format(d);
  }

  /**
   * The case as the public sees it, or as its citizen sees it with the code of their link. A private
   * case without the right code is "not found", exactly like a number that does not exist, so
   * walking the numbers tells nothing about it (not even that it exists).
   */
  async find(trackingNumber: string, code?: string): Promise<PublicCaseView> {
    const notFound = new DomainError('not_found', 'Nomor laporan tidak ditemukan');
    if (!TRACKING_PATTERN.test(trackingNumber)) throw notFound;
    const c = await this.ds
      .getRepository(Case)
      .createQueryBuilder('c')
      .addSelect('c.accessCode')
      .where('c.tracking_number = :t', { t: trackingNumber })
      .getOne();
    if (!c) throw notFound;
    const post = (await this.ds.getRepository(Post).findOneBy({ id: c.postId }))!;
    const isPrivate = isConfidentialPost(post);
    const holder = code !== undefined && codeMatches(c.accessCode!, code);
    if (isPrivate && !holder) throw notFound;
    const rating = holder ? await this.ratingFor(c) : undefined;
    if (isPrivate)
      return {
        trackingNumber: c.trackingNumber,
        status: c.status,
        statusLabel: STATUS_LABEL[c.status],
        private: true,
        updatedAtLocal: this.dateTime(c.updatedAt),
        rating,
      };
    const opd =
      c.opdCode && c.opdCode !== this.config.triageOpd
        ? await this.ds.getRepository(Opd).findOneBy({ code: c.opdCode })
        : null;
    const events = await this.ds
      .getRepository(CaseEvent)
      .find({ where: { caseId: c.id }, order: { id: 'ASC' } });
    return {
      trackingNumber: c.trackingNumber,
      status: c.status,
      statusLabel: STATUS_LABEL[c.status],
      private: false,
      updatedAtLocal: this.dateTime(c.updatedAt),
      type: INTENT_LABEL[c.intent],
      opd: opd ? { code: opd.code, name: opd.name } : null,
      kecamatan: c.locationKecamatan,
      receivedAtLocal: this.dateTime(c.createdAt),
      deadlineLocal: c.dueAt && !['selesai', 'ditolak'].includes(c.status) ? this.date(c.dueAt) : null,
      timeline: await this.timeline(events),
      answer: c.status === 'selesai' ? answerOf(events) : null,
      rating,
    };
  }

  private async ratingFor(c: Case): Promise<PublicCaseView['rating']> {
    const r = await this.ds.getRepository(CaseRating).findOneBy({ caseId: c.id });
    return {
      canRate: !r && c.status === 'selesai',
      given: r ? { score: r.score, resolved: r.resolved } : null,
    };
  }

  /** Public steps only: received, sent to OPD X, in progress, answered, finished (staff never named). */
  private async timeline(events: CaseEvent[]): Promise<PublicTimelineStep[]> {
    const names = new Map((await this.ds.getRepository(Opd).find()).map((o) => [o.code, o.name]));
    const opdName = (code: unknown): string | null =>
      typeof code === 'string' && code !== this.config.triageOpd ? (names.get(code) ?? null) : null;
    const steps: PublicTimelineStep[] = [];
    const add = (e: CaseEvent, label: string): void => {
      steps.push({ at: e.createdAt.toISOString(), atLocal: this.dateTime(e.createdAt), label });
    };
    for (const e of events) {
      const d = e.data as { after?: { status?: string; opdCode?: string }; to?: string; reason?: string };
      switch (e.type) {
        case 'created':
          add(e, 'Laporan diterima');
          if (d.after?.status === 'didisposisikan' && opdName(d.after.opdCode))
            add(e, `Diteruskan ke ${opdName(d.after.opdCode)}`);
          else if (d.after?.status === 'perlu_ditinjau')
            add(e, 'Sedang ditinjau untuk diteruskan ke OPD yang berwenang');
          else if (d.after?.status === 'ditolak') add(e, 'Ditutup: bukan laporan');
          break;
        case 'rerouted':
          if (opdName(d.to)) add(e, `Diteruskan ke ${opdName(d.to)}`);
          break;
        case 'accepted':
          add(e, 'Sedang diproses');
          break;
        case 'finished':
          add(e, 'Sudah dijawab');
          break;
        case 'validated':
        case 'auto_closed':
          add(e, 'Selesai');
          break;
        case 'rejected':
          add(e, 'Ditutup');
          break;
        case 'merged':
          add(e, 'Digabung dengan laporan lain yang sama');
          break;
        case 'reopened':
          add(e, 'Dibuka kembali');
          break;
        case 'reopened_by_citizen':
          add(e, 'Dibuka kembali: pelapor menilai belum selesai');
          break;
        default:
          break; // notes, help requests, relabels, replies, SLA marks: internal
      }
    }
    return steps;
  }
}

/** The OPD's answer: the summary it gave when it finished the case, personal data masked. */
export function answerOf(events: CaseEvent[]): string | null {
  const finished = events.filter((e) => e.type === 'finished').at(-1);
  const s = (finished?.data as { summary?: unknown } | undefined)?.summary;
  return typeof s === 'string' && s.trim() ? maskPii(s.trim()) : null;
}

export function codeMatches(expected: string, given: string): boolean {
  const a = Buffer.from(expected);
  const b = Buffer.from(given);
  return a.length === b.length && timingSafeEqual(a, b);
}
