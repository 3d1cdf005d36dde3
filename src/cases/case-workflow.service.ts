import { Inject, Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, type EntityManager } from 'typeorm';
import type { Principal } from '../auth/principal.js';
import type { Role } from '../auth/user.entity.js';
import { enqueueFinishNotice } from '../citizen/citizen-notices.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { ClassificationCorrection } from '../classification/correction.entity.js';
import { Post } from '../posts/post.entity.js';
import { Opd } from '../routing/opd.entity.js';
import { SlaPolicy } from '../sla/sla-policy.js';
import { CaseEvent } from './case-event.entity.js';
import { Case } from './case.entity.js';
import { CASE_STATUS_LABEL, type CaseStatus, type Intent, type Sentiment } from './case.types.js';
import { isBigintId } from '../common/ids.js';

const OPEN: CaseStatus[] = ['perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi'];
const STAFF: Role[] = ['admin', 'operator'];
const ACTORS: Role[] = ['admin', 'operator', 'opd'];
export const REJECT_REASONS = ['bukan_kewenangan', 'spam', 'duplikat', 'bukan_laporan'] as const;
export type RejectReason = (typeof REJECT_REASONS)[number];

/** The action as the user saw its button, for messages. */
const ACTION_LABEL: Record<string, string> = {
  accepted: 'Terima',
  note: 'Catatan internal',
  finished: 'Tandai selesai',
  validated: 'Validasi',
  returned: 'Kembalikan ke OPD',
  rejected: 'Tolak',
  returned_to_triage: 'Tolak (bukan kewenangan)',
  rerouted: 'Alihkan',
  relabelled: 'Ubah label',
  help_requested: 'Minta bantuan',
  merged: 'Gabungkan',
  reopened: 'Buka kembali',
};

interface ActSpec {
  type: string;
  roles: Role[];
  from: CaseStatus[];
  /** The version the caller saw; a different current version is a conflict. */
  version?: number;
  /** Only the owning OPD (and Diskominfo) may do it; a collaborating OPD may not (issue 13 §1). */
  ownerOnly?: boolean;
}

type Snapshot = Pick<Case, 'status' | 'statusReason' | 'opdCode' | 'intent' | 'sentiment' | 'collaboratorOpdCodes' | 'mergedIntoId'>;
const snapshot = (c: Case): Snapshot => ({
  status: c.status,
  statusReason: c.statusReason,
  opdCode: c.opdCode,
  intent: c.intent,
  sentiment: c.sentiment,
  collaboratorOpdCodes: [...c.collaboratorOpdCodes],
  mergedIntoId: c.mergedIntoId,
});

/** Whether a principal may see (and so act on) a case: Diskominfo roles all, OPD staff their OPDs and collaborations. */
export function canSee(user: Principal, c: Pick<Case, 'opdCode' | 'collaboratorOpdCodes'>): boolean {
  if (user.role !== 'opd') return true;
  return user.opdCodes.some((o) => o === c.opdCode || c.collaboratorOpdCodes.includes(o));
}

/**
 * Whether a principal may change a case's state, reply on the platform, finish, reroute or reject
 * it: Diskominfo roles always, OPD staff only for the OPD that owns it. A collaborating (helper) OPD
 * sees the case, adds notes and proposes answers, but is a helper, not an owner.
 */
export function ownsCase(user: Principal, c: Pick<Case, 'opdCode'>): boolean {
  if (user.role === 'pimpinan') return false;
  if (user.role !== 'opd') return true;
  return c.opdCode !== null && user.opdCodes.includes(c.opdCode);
}

export const NOT_OWNER_MESSAGE = 'Hanya OPD pemilik kasus (atau Diskominfo) yang boleh melakukan ini; OPD pembantu dapat menambah catatan atau mengusulkan jawaban';

/**
 * The case workflow (issue "OPD inbox"): every action checks role, visibility, the caller's
 * version (a concurrent change is a 409, nothing overwritten) and the allowed transitions, then
 * writes the change and its audit event in one transaction and notifies after commit.
 */
@Injectable()
export class CaseWorkflowService {
  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly sla: SlaPolicy,
  ) {}

  private async act(
    id: string,
    user: Principal,
    spec: ActSpec,
    mutate: (c: Case, m: EntityManager) => Promise<Record<string, unknown> | void> | Record<string, unknown> | void,
  ): Promise<Case> {
    if (!spec.roles.includes(user.role)) throw new DomainError('forbidden', 'Peran Anda tidak boleh melakukan tindakan ini');
    if (!isBigintId(id)) throw new DomainError('not_found', 'Kasus tidak ditemukan');
    let previousOpd: string | null = null;
    const saved = await this.ds.transaction(async (m) => {
      const c = await m.getRepository(Case).createQueryBuilder('c').setLock('pessimistic_write').where('c.id = :id', { id }).getOne();
      if (!c || !canSee(user, c)) throw new DomainError('not_found', 'Kasus tidak ditemukan');
      if (spec.ownerOnly && !ownsCase(user, c)) throw new DomainError('forbidden', NOT_OWNER_MESSAGE);
      if (spec.version !== undefined && spec.version !== c.version)
        throw new DomainError('conflict', 'Kasus ini baru saja diubah orang lain. Muat ulang lalu coba lagi.', { currentVersion: c.version });
      if (!spec.from.includes(c.status))
        throw new DomainError('invalid_transition', `Tindakan "${ACTION_LABEL[spec.type] ?? spec.type}" tidak bisa dilakukan pada kasus berstatus ${CASE_STATUS_LABEL[c.status]}`, { status: c.status });
      previousOpd = c.opdCode;
      const before = snapshot(c);
      const extra = (await mutate(c, m)) ?? {};
      this.sla.apply(c, this.clock.now());
      const after = await m.getRepository(Case).save(c);
      await m.getRepository(CaseEvent).insert({
        caseId: c.id,
        type: spec.type,
        actorUserId: user.id,
        actorLabel: user.username,
        data: { before, after: snapshot(after), ...extra },
      });
      return after;
    });
    this.events.emit('case.updated', { caseId: saved.id, opdCode: saved.opdCode, previousOpdCode: previousOpd, status: saved.status, change: spec.type });
    return saved;
  }

  accept(id: string, user: Principal, version: number): Promise<Case> {
    return this.act(id, user, { type: 'accepted', roles: ACTORS, from: ['didisposisikan'], version, ownerOnly: true }, (c) => {
      c.status = 'diproses';
      c.statusReason = null;
    });
  }

  /** An internal note: for staff only, never sent to the citizen. */
  async note(id: string, user: Principal, text: string): Promise<void> {
    await this.act(id, user, { type: 'note', roles: ACTORS, from: [...OPEN, 'baru', 'selesai', 'ditolak'] }, () => ({ text }));
  }

  /**
   * A proposed answer to the citizen, kept on the case for the owner to use (issue 13 §1): this is
   * how a collaborating OPD contributes to the public reply without sending it itself.
   */
  async proposeAnswer(id: string, user: Principal, text: string): Promise<void> {
    await this.act(id, user, { type: 'answer_proposed', roles: ACTORS, from: OPEN }, () => ({ text, byOpd: user.role === 'opd' ? user.opdCodes : null }));
  }

  finish(id: string, user: Principal, version: number, summary: string): Promise<Case> {
    return this.act(id, user, { type: 'finished', roles: ACTORS, from: ['didisposisikan', 'diproses'], version, ownerOnly: true }, (c) => {
      const now = this.clock.now();
      c.status = 'menunggu_validasi';
      c.answeredAt = now;
      c.firstResponseAt ??= now;
      return { summary };
    });
  }

  validate(id: string, user: Principal, version: number): Promise<Case> {
    return this.act(id, user, { type: 'validated', roles: STAFF, from: ['menunggu_validasi'], version }, async (c, m) => {
      c.status = 'selesai';
      c.closedAt = this.clock.now();
      // The citizen gets the answer and a rating link (issue 15), queued in this transaction.
      await enqueueFinishNotice(m, c.id, this.config.demo.enabled, c.closedAt);
    });
  }

  returnToOpd(id: string, user: Principal, version: number, reason: string): Promise<Case> {
    return this.act(id, user, { type: 'returned', roles: STAFF, from: ['menunggu_validasi'], version }, (c) => {
      c.status = 'diproses';
      c.answeredAt = null;
      return { reason };
    });
  }

  reject(id: string, user: Principal, version: number, reason: RejectReason, note?: string): Promise<Case> {
    // OPD staff cannot close a case: "not our authority" sends it back to Diskominfo's triage.
    if (user.role === 'opd' && reason !== 'bukan_kewenangan')
      throw new DomainError('forbidden', 'Staf OPD hanya dapat mengembalikan kasus sebagai "bukan kewenangan"');
    return this.act(id, user, { type: user.role === 'opd' ? 'returned_to_triage' : 'rejected', roles: ACTORS, from: ['perlu_ditinjau', 'didisposisikan', 'diproses'], version, ownerOnly: true }, (c) => {
      if (user.role === 'opd') {
        c.status = 'perlu_ditinjau';
        c.suggestedOpdCode = null;
        c.opdCode = this.config.triageOpd;
        c.collaboratorOpdCodes = [];
      } else {
        c.status = 'ditolak';
        c.closedAt = this.clock.now();
      }
      c.statusReason = reason;
      return { reason, note: note ?? null };
    });
  }

  /** Re-route (dialihkan) or triage to an OPD; the correction is kept as training data. */
  reroute(id: string, user: Principal, version: number, opdCode: string, reason: string): Promise<Case> {
    return this.act(id, user, { type: 'rerouted', roles: STAFF, from: ['perlu_ditinjau', 'didisposisikan', 'diproses'], version }, async (c, m) => {
      const opd = await m.getRepository(Opd).findOneBy({ code: opdCode, active: true });
      if (!opd) throw new DomainError('validation', `OPD ${opdCode} tidak dikenal atau tidak aktif`);
      const from = c.opdCode;
      c.opdCode = opdCode;
      c.status = 'didisposisikan';
      c.statusReason = from === this.config.triageOpd && c.statusReason?.startsWith('klasifikasi') ? null : 'dialihkan';
      c.dispositionedAt = this.clock.now();
      c.firstResponseAt = null;
      c.collaboratorOpdCodes = c.collaboratorOpdCodes.filter((x) => x !== opdCode);
      await this.correction(m, c, user, { opdCode });
      return { from, to: opdCode, reason };
    });
  }

  relabel(id: string, user: Principal, version: number, change: { intent?: Intent; sentiment?: Sentiment }): Promise<Case> {
    if (!change.intent && !change.sentiment) throw new DomainError('validation', 'Isi intent atau sentiment');
    return this.act(id, user, { type: 'relabelled', roles: STAFF, from: [...OPEN, 'ditolak'], version }, async (c, m) => {
      if (change.intent) c.intent = change.intent;
      if (change.sentiment) c.sentiment = change.sentiment;
      // A machine-closed "not a report" that is one after all goes back to triage.
      if (c.status === 'ditolak' && c.statusReason === 'bukan_laporan' && change.intent && change.intent !== 'other') {
        c.status = 'perlu_ditinjau';
        c.statusReason = 'dilabel_ulang';
        c.opdCode = this.config.triageOpd;
        c.closedAt = null;
      }
      await this.correction(m, c, user, change);
      return { change };
    });
  }

  requestHelp(id: string, user: Principal, opdCode: string, note: string): Promise<Case> {
    return this.act(id, user, { type: 'help_requested', roles: ACTORS, from: ['didisposisikan', 'diproses'], ownerOnly: true }, async (c, m) => {
      if (!(await m.getRepository(Opd).findOneBy({ code: opdCode, active: true }))) throw new DomainError('validation', `OPD ${opdCode} tidak dikenal`);
      if (opdCode === c.opdCode) throw new DomainError('validation', 'OPD ini sudah pemilik kasus');
      if (!c.collaboratorOpdCodes.includes(opdCode)) c.collaboratorOpdCodes = [...c.collaboratorOpdCodes, opdCode];
      return { opdCode, note };
    });
  }

  /** Marks this case a duplicate of another; its posts join the other case. */
  async merge(id: string, user: Principal, version: number, into: { id?: string; trackingNumber?: string }): Promise<Case> {
    if (into.id !== undefined && !isBigintId(into.id)) throw new DomainError('validation', 'Kasus tujuan tidak ada atau sudah ditutup');
    const merged = await this.act(id, user, { type: 'merged', roles: STAFF, from: OPEN, version }, async (c, m) => {
      const q = m.getRepository(Case).createQueryBuilder('t').setLock('pessimistic_write');
      if (into.id) q.where('t.id = :intoId', { intoId: into.id });
      else q.where('t.tracking_number = :tn', { tn: (into.trackingNumber ?? '').toUpperCase() });
      const target = await q.getOne();
      if (target?.id === c.id) throw new DomainError('validation', 'Kasus tidak bisa digabung dengan dirinya sendiri');
      if (!target || !OPEN.includes(target.status)) throw new DomainError('validation', 'Kasus tujuan tidak ada atau sudah ditutup');
      c.status = 'ditolak';
      c.statusReason = 'duplikat';
      c.mergedIntoId = target.id;
      c.closedAt = this.clock.now();
      await m.getRepository(Post).update({ caseId: c.id }, { caseId: target.id });
      await m.getRepository(CaseEvent).insert({ caseId: target.id, type: 'merged_in', actorUserId: user.id, actorLabel: user.username, data: { from: c.id, trackingNumber: c.trackingNumber } });
      return { into: target.id, trackingNumber: target.trackingNumber };
    });
    this.events.emit('case.updated', { caseId: merged.mergedIntoId!, opdCode: null, previousOpdCode: null, status: 'merged_in', change: 'merged_in' });
    return merged;
  }

  /** Staff mark a case rahasia (or lift it): the public tracking page and lists then leave it out. */
  setConfidential(id: string, user: Principal, version: number, confidential: boolean, reason: string): Promise<Case> {
    return this.act(id, user, { type: 'confidentiality_changed', roles: STAFF, from: [...OPEN, 'baru', 'selesai', 'ditolak'], version }, (c) => {
      // One flag for the public pages, Open311 and LAPOR! alike: rahasia.
      c.rahasia = confidential;
      return { confidential, reason };
    });
  }

  /** Operator re-opens a closed case into triage. */
  reopen(id: string, user: Principal, version: number, reason: string): Promise<Case> {
    return this.act(id, user, { type: 'reopened', roles: STAFF, from: ['selesai', 'ditolak'], version }, (c) => {
      c.status = 'perlu_ditinjau';
      c.statusReason = 'dibuka_kembali';
      c.opdCode = this.config.triageOpd;
      c.closedAt = null;
      c.mergedIntoId = null;
      return { reason };
    });
  }

  private async correction(m: EntityManager, c: Case, user: Principal, change: { intent?: Intent; sentiment?: Sentiment; opdCode?: string }): Promise<void> {
    const post = await m.getRepository(Post).findOneBy({ id: c.postId });
    await m.getRepository(ClassificationCorrection).insert({
      caseId: c.id,
      text: post?.text ?? '',
      intent: change.intent ?? null,
      sentiment: change.sentiment ?? null,
      opdCode: change.opdCode ?? null,
      modelVersion: c.modelVersion,
      createdBy: user.id,
    });
  }
}
