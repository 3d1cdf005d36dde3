import { Inject, Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Readable } from 'node:stream';
import { pipeline, Readable as ReadableStream } from 'node:stream';
import type { Principal } from '../auth/principal.js';
import { maskPii } from '../common/pii.js';
import { isConfidentialPost, PLATFORM_LABEL } from '../common/platform.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import { CaseRepository, type CaseFilter, type ExportRow } from './case.repository.js';

// LAPOR! SP4N report types: our three classes map one to one (domain.md); `other` is not exported there.
const LAPOR_TYPE: Record<string, string> = { complaint: 'Pengaduan', aspiration: 'Aspirasi', question: 'Permintaan Informasi' };

/**
 * CSV exports of the cases matching a filter: one row per case, personal data always masked,
 * private messages (WhatsApp, Telegram private chats) withheld, in the regency's time zone. `lapor` maps types for LAPOR! SP4N.
 */
@Injectable()
export class CaseExportService {
  private readonly logger = new Logger(CaseExportService.name);
  constructor(
    private readonly cases: CaseRepository,
    @Inject(APP_CONFIG) private readonly config: AppConfig,
  ) {}

  private text(r: ExportRow): string {
    return isConfidentialPost(r) ? `[pesan ${PLATFORM_LABEL[r.platform]} bersifat rahasia]` : maskPii(r.text);
  }

  private row(r: ExportRow, format: 'csv' | 'lapor'): string[] | null {
    const location = [r.desa, r.kecamatan, this.config.region.name].filter(Boolean).join(', ');
    if (format === 'lapor') {
      const type = LAPOR_TYPE[r.intent];
      if (!type) return null;
      const text = this.text(r);
      return [r.trackingNumber, type, text.slice(0, 80), text, r.postedAt, location, r.opdName ?? '', `Media sosial: ${PLATFORM_LABEL[r.platform]}`, isConfidentialPost(r) ? 'Rahasia' : 'Publik', r.status];
    }
    return [
      r.trackingNumber,
      r.createdAt,
      r.platform,
      r.intent,
      r.sentiment,
      r.topic ?? '',
      r.opdCode ?? '',
      r.opdName ?? '',
      r.status,
      r.statusReason ?? '',
      r.kecamatan ?? '',
      r.desa ?? '',
      r.dueAt ?? '',
      r.slaState ?? '',
      r.firstResponseAt ?? '',
      r.closedAt ?? '',
      isConfidentialPost(r) ? '' : (r.authorUsername ?? r.authorName ?? ''),
      this.text(r),
      isConfidentialPost(r) ? '' : (r.permalink ?? ''),
    ];
  }

  stream(filter: CaseFilter, format: 'csv' | 'lapor', _viewer: Principal): Readable {
    const header =
      format === 'lapor'
        ? ['Nomor Pelacakan', 'Jenis Laporan', 'Judul Laporan', 'Isi Laporan', 'Tanggal Kejadian', 'Lokasi', 'Instansi Tujuan', 'Sumber', 'Kerahasiaan', 'Status']
        : ['tracking_number', 'created_at', 'platform', 'intent', 'sentiment', 'topic', 'opd_code', 'opd_name', 'status', 'status_reason', 'kecamatan', 'desa', 'due_at', 'sla_state', 'first_response_at', 'closed_at', 'author', 'text', 'permalink'];
    const csv = stringify({ header: true, columns: header, bom: true });
    const rows = async function* (this: CaseExportService): AsyncGenerator<string[]> {
      for await (const batch of this.cases.iterateExportRows(filter, this.config.timezone))
        for (const c of batch) {
          const r = this.row(c, format);
          if (r) yield r;
        }
    }.call(this);
    // pipeline, not pipe: a failing query ends this response (the error reaches the stream Nest
    // sends, which closes it) instead of being an unhandled 'error' that stops the process.
    return pipeline(ReadableStream.from(rows), csv, (e) => {
      if (e) this.logger.warn({ event: 'export_failed', error: e.message });
    });
  }
}
