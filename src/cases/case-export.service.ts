import { Inject, Injectable, Logger } from '@nestjs/common';
import { stringify } from 'csv-stringify';
import type { Readable } from 'node:stream';
import { pipeline, Readable as ReadableStream } from 'node:stream';
import type { Principal } from '../auth/principal.js';
import { maskPii } from '../common/pii.js';
import { isConfidentialPost, PLATFORM_LABEL } from '../common/platform.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';
import type { Case } from './case.entity.js';
import { CaseRepository, type CaseFilter } from './case.repository.js';

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

  private local(d: Date | null): string {
    if (!d) return '';
    return new Intl.DateTimeFormat('sv-SE', { timeZone: this.config.timezone, dateStyle: 'short', timeStyle: 'medium' }).format(d);
  }

  private text(c: Case): string {
    return isConfidentialPost(c.post!) ? `[pesan ${PLATFORM_LABEL[c.post!.platform]} bersifat rahasia]` : maskPii(c.post!.text);
  }

  private row(c: Case, format: 'csv' | 'lapor'): string[] | null {
    const p = c.post!;
    const location = [c.locationDesa, c.locationKecamatan, this.config.region.name].filter(Boolean).join(', ');
    if (format === 'lapor') {
      const type = LAPOR_TYPE[c.intent];
      if (!type) return null;
      const text = this.text(c);
      return [c.trackingNumber, type, text.slice(0, 80), text, this.local(p.postedAt), location, c.opd?.name ?? '', `Media sosial: ${PLATFORM_LABEL[p.platform]}`, isConfidentialPost(p) ? 'Rahasia' : 'Publik', c.status];
    }
    return [
      c.trackingNumber,
      this.local(c.createdAt),
      p.platform,
      c.intent,
      c.sentiment,
      c.topic ?? '',
      c.opdCode ?? '',
      c.opd?.name ?? '',
      c.status,
      c.statusReason ?? '',
      c.locationKecamatan ?? '',
      c.locationDesa ?? '',
      this.local(c.dueAt),
      c.slaState ?? '',
      this.local(c.firstResponseAt),
      this.local(c.closedAt),
      isConfidentialPost(p) ? '' : (p.authorUsername ?? p.authorName ?? ''),
      this.text(c),
      isConfidentialPost(p) ? '' : (p.permalink ?? ''),
    ];
  }

  stream(filter: CaseFilter, format: 'csv' | 'lapor', _viewer: Principal): Readable {
    const header =
      format === 'lapor'
        ? ['Nomor Pelacakan', 'Jenis Laporan', 'Judul Laporan', 'Isi Laporan', 'Tanggal Kejadian', 'Lokasi', 'Instansi Tujuan', 'Sumber', 'Kerahasiaan', 'Status']
        : ['tracking_number', 'created_at', 'platform', 'intent', 'sentiment', 'topic', 'opd_code', 'opd_name', 'status', 'status_reason', 'kecamatan', 'desa', 'due_at', 'sla_state', 'first_response_at', 'closed_at', 'author', 'text', 'permalink'];
    const csv = stringify({ header: true, columns: header, bom: true });
    const rows = async function* (this: CaseExportService): AsyncGenerator<string[]> {
      for await (const batch of this.cases.iterate(filter)) for (const c of batch) {
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
