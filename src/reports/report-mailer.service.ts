import { Inject, Injectable, Logger } from '@nestjs/common';
// nodemailer: the standard SMTP client for Node (TLS, auth, attachments), for the optional e-mail.
import nodemailer from 'nodemailer';
import type Mail from 'nodemailer/lib/mailer/index.js';
import { Clock } from '../common/clock.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { fmtLocalDate, fmtNet, fmtNumber } from './report-labels.js';
import { renderWeeklyPdf } from './weekly-report.pdf.js';
import { WeeklyReportRepository } from './weekly-report.repository.js';
import type { WeeklySummary } from './weekly-report.types.js';

export type MailOutcome = 'sent' | 'skipped' | 'already_sent' | 'failed';

/** The plain-text body and the PDF attachment; no example posts in the body, only figures. */
export function buildReportMessage(s: WeeklySummary, pdf: Buffer, from: string, to: string[]): Mail.Options {
  const lines = [
    `Ringkasan mingguan Suara Warga untuk ${s.region}, minggu ${s.week} (${fmtLocalDate(s.firstDay)} - ${fmtLocalDate(s.lastDay)}).`,
    '',
    `Jumlah kasus: ${fmtNumber(s.total)}, di antaranya ${fmtNumber(s.complaints)} pengaduan.`,
    `Sentimen bersih: ${fmtNet(s.netSentiment)} (minggu lalu ${fmtNet(s.netSentimentPrevWeek)}, rata-rata 4 minggu ${fmtNet(s.netSentiment4WeekAvg)}).`,
    `Topik teratas: ${
      s.topics
        .slice(0, 5)
        .map((t) => `${t.topic} (${fmtNumber(t.count)})`)
        .join(', ') || '-'
    }.`,
    `Isu yang sedang naik: ${s.emerging.map((e) => e.topic).join(', ') || 'tidak ada'}.`,
    `Kecamatan dengan aduan terbanyak: ${s.topKecamatan ? `${s.topKecamatan} (${fmtNumber(s.topKecamatanComplaints)})` : '-'}.`,
    '',
    'Rincian lengkap ada pada lampiran PDF dan di dasbor (menu Ringkasan).',
  ];
  return {
    from,
    to,
    subject: `Ringkasan mingguan Suara Warga ${s.week} - ${s.region}`,
    text: lines.join('\n'),
    attachments: [{ filename: `ringkasan-${s.week}.pdf`, content: pdf, contentType: 'application/pdf' }],
  };
}

/**
 * E-mails a stored summary to REPORT_RECIPIENTS over SMTP_URL; skipped silently when either is
 * unset. The week is claimed in the table first, so two instances never both send it.
 */
@Injectable()
export class ReportMailer {
  private readonly logger = new Logger(ReportMailer.name);

  constructor(
    private readonly clock: Clock,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly reports: WeeklyReportRepository,
  ) {}

  get enabled(): boolean {
    return Boolean(this.config.reports.smtpUrl && this.config.reports.recipients.length);
  }

  /** Never throws: a mail failure must not fail the report. `force` sends again (the CLI's --email). */
  async send(s: WeeklySummary, force = false): Promise<MailOutcome> {
    const { emailFrom, recipients, smtpUrl } = this.config.reports;
    if (!smtpUrl || !recipients.length) return 'skipped';
    if (!force && !(await this.reports.claimEmail(s.week, this.clock.now()))) return 'already_sent';
    const transport = nodemailer.createTransport(smtpUrl);
    try {
      await transport.sendMail(buildReportMessage(s, await renderWeeklyPdf(s), emailFrom, recipients));
      this.logger.log({ stage: 'weekly_report_mail', week: s.week, recipients: recipients.length });
      return 'sent';
    } catch (e) {
      this.logger.error({
        stage: 'weekly_report_mail',
        week: s.week,
        error: e instanceof Error ? e.message : String(e),
      });
      if (!force) await this.reports.releaseEmail(s.week).catch(() => undefined);
      return 'failed';
    } finally {
      transport.close();
    }
  }
}
