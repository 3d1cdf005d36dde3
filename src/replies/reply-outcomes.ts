import type { ConnectorErrorKind } from '../connectors/connector-error.js';
import type { ReplyOutcome, ReplyState } from './outbound-reply.entity.js';

// What a reply's end means for the OPD, in the words staff read on the case (Bahasa Indonesia):
// what happened, and what they can do. A reply whose outcome no one could verify never invites a
// second public post of the same text (§6.5).

export interface ReplyEnd {
  state: ReplyState;
  outcome: ReplyOutcome;
  message: string | null;
}

export const MESSAGES: Record<Exclude<ReplyOutcome, 'posted' | 'found_after_unknown'>, string> = {
  target_deleted: 'Balasan tidak terkirim: postingan warga sudah dihapus atau tidak terlihat lagi di platform. Hubungi warga lewat kanal lain bila perlu.',
  reply_restricted:
    'Balasan tidak terkirim: penulis membatasi siapa yang boleh membalas postingannya. Hubungi warga lewat kanal lain (mis. pesan langsung) bila perlu.',
  duplicate: 'Balasan tidak terkirim: platform menolak teks yang sama dengan balasan sebelumnya. Ubah teksnya (mis. tambahkan nomor kasus), lalu kirim lagi.',
  permission: 'Balasan tidak terkirim: izin akun untuk membalas dicabut di platform. Minta admin Diskominfo mengotorisasi ulang akun, lalu kirim lagi.',
  auth_expired: 'Balasan tidak terkirim: token akun kedaluwarsa. Minta admin Diskominfo mengotorisasi ulang akun, lalu kirim lagi.',
  rate_limited: 'Balasan tidak terkirim: platform sedang membatasi akun ini. Coba kirim lagi nanti.',
  window_closed: 'Balasan tidak terkirim: jendela layanan 24 jam WhatsApp sudah tertutup. Warga harus mengirim pesan lagi, atau hubungi lewat templat resmi.',
  not_found_after_checks:
    'Hasil pengiriman tidak pasti; sudah diperiksa dan balasan tidak ditemukan di platform. Periksa sendiri di platform sebelum mengirim ulang, agar warga tidak menerima balasan dua kali.',
  unverified:
    'Hasil pengiriman tidak pasti dan tidak bisa diperiksa otomatis. Periksa di platform sebelum mengirim ulang, agar warga tidak menerima balasan dua kali.',
  rejected: 'Balasan tidak terkirim: platform menolak permintaan ini. Periksa teks balasan, lalu coba lagi atau hubungi admin Diskominfo.',
  account_missing: 'Balasan tidak terkirim: akun pengirim tidak ada lagi. Hubungi admin Diskominfo.',
};

const BY_KIND: Partial<Record<ConnectorErrorKind, Exclude<ReplyOutcome, 'posted' | 'found_after_unknown'>>> = {
  not_found: 'target_deleted',
  reply_restricted: 'reply_restricted',
  duplicate: 'duplicate',
  permission: 'permission',
  auth_expired: 'auth_expired',
  rate_limited: 'rate_limited',
  quota_exhausted: 'rate_limited',
  window_closed: 'window_closed',
};

/** The end of a reply the platform refused for certain (nothing was posted). */
export function refusal(kind: ConnectorErrorKind): ReplyEnd {
  const outcome = BY_KIND[kind] ?? 'rejected';
  return { state: outcome === 'window_closed' ? 'window_closed' : 'failed', outcome, message: MESSAGES[outcome] };
}

export const failed = (outcome: Exclude<ReplyOutcome, 'posted' | 'found_after_unknown'>): ReplyEnd => ({
  state: outcome === 'window_closed' ? 'window_closed' : 'failed',
  outcome,
  message: MESSAGES[outcome],
});

/** Outcomes after which the same text may already stand on the platform. */
export const MAYBE_POSTED: readonly ReplyOutcome[] = ['unverified', 'not_found_after_checks'];
