import type { Case } from '../../cases/case.entity.js';
import type { Intent } from '../../cases/case.types.js';
import { maskPii } from '../../common/pii.js';
import { PLATFORM_LABEL } from '../../common/platform.js';
import type { LaporKlasifikasi, LaporReport } from './lapor.adapter.js';

const KLASIFIKASI: Record<Intent, LaporKlasifikasi> = {
  complaint: 'pengaduan',
  aspiration: 'aspirasi',
  question: 'permintaan_informasi',
  other: 'pengaduan',
};

/**
 * What goes up to LAPOR! for a case (without the idempotency key, added per send). Text through the
 * one PII policy (NIK and phone numbers masked); the reporter's name only when not anonim.
 */
export function toLaporReport(c: Case): Omit<LaporReport, 'idempotencyKey'> {
  const p = c.post!;
  const raw = (p.platform === 'open311' ? (p.raw as { location?: { address_string?: string } } | null) : null)?.location;
  const isi = maskPii(p.text).slice(0, 4000);
  const lokasi = raw?.address_string ? maskPii(raw.address_string) : [c.locationDesa && `Desa/Kel. ${c.locationDesa}`, c.locationKecamatan && `Kec. ${c.locationKecamatan}`].filter(Boolean).join(', ') || null;
  return {
    referensi: c.trackingNumber,
    judul: `${c.topic ? `${c.topic}: ` : ''}${isi.replace(/\s+/g, ' ').slice(0, 80)}`,
    isi,
    klasifikasi: KLASIFIKASI[c.intent],
    kategori: c.topic,
    lokasi,
    tanggal: p.postedAt.toISOString(),
    anonim: c.anonim,
    rahasia: c.rahasia,
    pelapor: c.anonim ? null : { nama: p.authorName ?? `Warga (${PLATFORM_LABEL[p.platform]})` },
    instansi: c.opd ? { kode: c.opd.code, nama: c.opd.name } : null,
    saluran: PLATFORM_LABEL[p.platform],
  };
}
