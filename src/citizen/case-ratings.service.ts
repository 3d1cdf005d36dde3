import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import { CaseEvent } from '../cases/case-event.entity.js';
import { Case } from '../cases/case.entity.js';
import { Clock } from '../common/clock.js';
import { DomainError } from '../common/errors/domain-error.js';
import { DomainEvents } from '../common/events.js';
import { patch } from '../database/patch.js';
import { SlaPolicy } from '../sla/sla-policy.js';
import { CaseRating } from './case-rating.entity.js';
import { codeMatches, TRACKING_PATTERN } from './public-cases.service.js';

export interface RatingInput {
  code: string;
  score: number;
  resolved: boolean;
  comment?: string | null;
}

/**
 * The citizen rates a finished case through the link of their finish notice (issue 15 §3). The
 * code proves the case is theirs; one rating per case (unique index). "Belum selesai" reopens the
 * case to its OPD with the citizen's words, as FixMyStreet's questionnaire does.
 */
@Injectable()
export class CaseRatingsService {
  constructor(
    private readonly clock: Clock,
    @InjectDataSource() private readonly ds: DataSource,
    private readonly events: DomainEvents,
    private readonly sla: SlaPolicy,
  ) {}

  async rate(trackingNumber: string, input: RatingInput): Promise<{ reopened: boolean }> {
    const notFound = new DomainError('not_found', 'Nomor laporan tidak ditemukan');
    if (!TRACKING_PATTERN.test(trackingNumber)) throw notFound;
    if (!Number.isInteger(input.score) || input.score < 1 || input.score > 5)
      throw new DomainError('validation', 'Nilai harus 1 sampai 5');
    const comment = input.comment?.trim().slice(0, 2000) || null;
    const saved = await this.ds.transaction(async (m) => {
      const c = await m
        .getRepository(Case)
        .createQueryBuilder('c')
        .addSelect('c.accessCode')
        .setLock('pessimistic_write')
        .where('c.tracking_number = :t', { t: trackingNumber })
        .getOne();
      // A wrong code is indistinguishable from an unknown number.
      if (!c || !codeMatches(c.accessCode!, input.code)) throw notFound;
      if (await m.getRepository(CaseRating).existsBy({ caseId: c.id }))
        throw new DomainError('conflict', 'Laporan ini sudah dinilai. Terima kasih.');
      if (c.status !== 'selesai')
        throw new DomainError('invalid_transition', 'Laporan ini belum selesai, jadi belum bisa dinilai.');
      await m.getRepository(CaseRating).insert(
        patch<CaseRating>({
          caseId: c.id,
          opdCode: c.opdCode,
          score: input.score,
          resolved: input.resolved,
          comment,
        }),
      );
      await m.getRepository(CaseEvent).insert(
        patch<CaseEvent>({
          caseId: c.id,
          type: 'rated',
          actorUserId: null,
          actorLabel: 'warga',
          data: { score: input.score, resolved: input.resolved, comment },
        }),
      );
      if (input.resolved) return { c, reopened: false };
      const before = { status: c.status, opdCode: c.opdCode };
      c.status = 'diproses';
      c.statusReason = 'dibuka_kembali_warga';
      c.closedAt = null;
      c.answeredAt = null;
      this.sla.apply(c, this.clock.now());
      await m.getRepository(Case).save(c);
      await m.getRepository(CaseEvent).insert(
        patch<CaseEvent>({
          caseId: c.id,
          type: 'reopened_by_citizen',
          actorUserId: null,
          actorLabel: 'warga',
          data: { before, after: { status: c.status, opdCode: c.opdCode }, comment },
        }),
      );
      return { c, reopened: true };
    });
    const { c } = saved;
    this.events.emit('case.updated', {
      caseId: c.id,
      opdCode: c.opdCode,
      previousOpdCode: c.opdCode,
      status: c.status,
      change: saved.reopened ? 'reopened_by_citizen' : 'rated',
    });
    return { reopened: saved.reopened };
  }
}
