import { createHash } from 'node:crypto';
import type { NormalizedItem } from '../connector.interface.js';
import type { WaBufferedMessage, WaContact, WaStatus, WaWebhook } from './whatsapp.types.js';

export interface BufferEventDraft {
  accountExternalId: string;
  kind: 'message' | 'status';
  dedupeKey: string;
  payload: Record<string, unknown>;
}

/**
 * Splits a webhook delivery into buffer events (§5.6): one per message and per status, keyed so
 * that a redelivered webhook adds nothing (message → wa:msg:<wamid>, status → wa:st:<wamid>:<status>).
 */
export function splitWhatsAppWebhook(body: WaWebhook): BufferEventDraft[] {
  const out: BufferEventDraft[] = [];
  for (const entry of body.entry ?? [])
    for (const change of entry.changes ?? []) {
      const v = change.value;
      const phoneNumberId = v?.metadata?.phone_number_id;
      if (change.field !== 'messages' || !v || !phoneNumberId) continue;
      for (const message of v.messages ?? []) {
        if (!message || typeof message !== 'object') continue;
        // A message without a usable id is still kept (keyed by its content) and quarantined at
        // the drain: it cannot be answered, but it must not vanish.
        const key = typeof message.id === 'string' ? message.id : `sha256:${createHash('sha256').update(JSON.stringify(message)).digest('hex')}`;
        const contact: WaContact | undefined =
          v.contacts?.find((c) => (c.user_id && c.user_id === message.from_user_id) || (c.wa_id && c.wa_id === message.from)) ?? v.contacts?.[0];
        out.push({ accountExternalId: phoneNumberId, kind: 'message', dedupeKey: `wa:msg:${key}`, payload: { phoneNumberId, message, contact } });
      }
      for (const status of v.statuses ?? []) {
        if (typeof status?.id !== 'string') continue;
        out.push({ accountExternalId: phoneNumberId, kind: 'status', dedupeKey: `wa:st:${status.id}:${status.status}`, payload: { phoneNumberId, status } });
      }
    }
  return out;
}

function messageText(m: WaBufferedMessage['message']): string {
  switch (m.type) {
    case 'text':
      return m.text?.body ?? '';
    case 'image':
      return m.image?.caption ?? '[gambar]';
    case 'video':
      return m.video?.caption ?? '[video]';
    case 'document':
      return m.document?.caption ?? `[dokumen${m.document?.filename ? `: ${m.document.filename}` : ''}]`;
    case 'audio':
      return '[pesan suara]';
    case 'location':
      return `[lokasi: ${[m.location?.name, m.location?.address].filter(Boolean).join(', ') || `${m.location?.latitude},${m.location?.longitude}`}]`;
    default:
      return `[${m.type}]`;
  }
}

/** A buffered message → NormalizedItem. The citizen's identity is the BSUID when present (§5.2). */
export function mapWhatsAppMessage(b: WaBufferedMessage): NormalizedItem | null {
  const m = b?.message;
  if (!m || typeof m !== 'object') throw new Error('buffered event without a message');
  if (typeof m.id !== 'string' || !m.id) throw new Error('message without an id');
  if (m.type === 'system' || m.type === 'reaction' || m.type === 'unsupported') return null;
  const citizen = m.from_user_id ?? b.contact?.user_id ?? m.from ?? b.contact?.wa_id ?? 'unknown';
  const recipient = m.from ?? b.contact?.wa_id ?? m.from_user_id ?? b.contact?.user_id ?? '';
  const seconds = Number(m.timestamp);
  const timed = Number.isFinite(seconds) && seconds > 0 && seconds < 1e11;
  return {
    platform: 'whatsapp',
    kind: 'direct_message',
    accountId: b.phoneNumberId,
    externalId: m.id,
    dedupeKey: `whatsapp:${b.phoneNumberId}:${m.id}`,
    text: messageText(m),
    createdAt: timed ? new Date(seconds * 1000).toISOString() : new Date().toISOString(),
    approximateTime: !timed,
    author: {
      platformUserId: citizen,
      displayName: b.contact?.profile?.name,
      username: b.contact?.profile?.username,
      phoneE164: m.from ? `+${m.from}` : undefined,
    },
    parentExternalId: m.context?.id,
    // One conversation per citizen and business number.
    rootExternalId: `wa:${citizen}`,
    attachments: m.image ? [{ type: 'image', id: m.image.id }] : m.video ? [{ type: 'video', id: m.video.id }] : undefined,
    replyTarget: { platform: 'whatsapp', accountId: b.phoneNumberId, targetId: m.id, extra: { recipient, bsuid: m.from_user_id ?? b.contact?.user_id ?? '' } },
    raw: b,
  };
}

export function statusOf(payload: Record<string, unknown>): WaStatus | null {
  const s = payload.status as WaStatus | undefined;
  return s && typeof s.id === 'string' ? s : null;
}
