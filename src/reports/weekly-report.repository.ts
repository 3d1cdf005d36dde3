import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource, IsNull } from 'typeorm';
import { WeeklyReport } from './weekly-report.entity.js';
import type { WeeklySummary } from './weekly-report.types.js';

/** The weekly_reports table: stored summaries, upserted by week. */
@Injectable()
export class WeeklyReportRepository {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  private get repo() {
    return this.ds.getRepository(WeeklyReport);
  }

  /** Inserts or replaces the week's summary; recomputing a week is idempotent. */
  async save(from: Date, to: Date, data: WeeklySummary): Promise<void> {
    await this.repo.upsert(
      { week: data.week, from, to, generatedAt: new Date(data.generatedAt), data },
      { conflictPaths: ['week'] },
    );
  }

  find(week: string): Promise<WeeklyReport | null> {
    return this.repo.findOne({ where: { week } });
  }

  /** Newest first, without the summary bodies. */
  list(limit = 104): Promise<Array<Pick<WeeklyReport, 'week' | 'from' | 'to' | 'generatedAt'>>> {
    return this.repo.find({
      select: { week: true, from: true, to: true, generatedAt: true },
      order: { from: 'DESC' },
      take: limit,
    });
  }

  /** Claims the e-mail of a week; false when it was already sent (or is being sent by another instance). */
  async claimEmail(week: string, at: Date): Promise<boolean> {
    const r = await this.repo.update({ week, emailedAt: IsNull() }, { emailedAt: at });
    return (r.affected ?? 0) > 0;
  }

  async releaseEmail(week: string): Promise<void> {
    await this.repo.update({ week }, { emailedAt: null });
  }
}
