import { randomUUID } from 'node:crypto';
import { In, type EntityManager } from 'typeorm';
import type { Platform } from '../common/platform.js';
import { DomainError } from '../common/errors/domain-error.js';
import { ConnectorAccount } from '../connectors/connector-account.entity.js';
import { patch } from '../database/patch.js';
import { Post } from '../posts/post.entity.js';
import { OutboundReply } from '../replies/outbound-reply.entity.js';

// The notices the service sends to a citizen by itself (issue 15): an acknowledgement with the
// tracking number when a case opens, and the answer with a rating link when it is finished. They
// are rows of the reply outbox (kind ≠ 'reply'), written in the transaction that opens or closes
// the case, at most one per case and kind; the notice queue sends them through the reply
// machinery (stored before the call, checked after an unknown outcome, never posted twice).

export type NoticeKind = 'acknowledgement' | 'finish_notice';

/** Per account, `settings.notices` (admin API). Unset: off for a real account, on in demo mode. */
export interface NoticeSettings {
  enabled: boolean;
  /** Minutes an acknowledgement waits, so staff can correct the routing before it goes out. */
  delayMin: number;
  acknowledgementTemplate: string | null;
  finishTemplate: string | null;
  /** Overrides the platform's default posting budget (posts per minute). */
  perMinute: number | null;
}

export const PLACEHOLDERS = ['{nomor}', '{opd}', '{tenggat}', '{tautan}', '{jawaban}'] as const;

export const DEFAULT_TEMPLATES = {
  acknowledgement:
    'Terima kasih, laporan Anda kami terima dengan nomor {nomor} dan diteruskan ke {opd}. Target tindak lanjut: {tenggat}. Pantau di {tautan}',
  triage:
    'Terima kasih, laporan Anda kami terima dengan nomor {nomor} dan sedang ditinjau untuk diteruskan ke OPD yang berwenang. Pantau di {tautan}',
  // Issue 19: a case outside the regency's remit; {opd} is the external body (PLN, Polres…).
  external:
    'Terima kasih, laporan {nomor} kami terima. Urusan ini kewenangan {opd}, bukan Pemkab; kami bantu teruskan atau beri tahu ke mana melapor. Pantau di {tautan}',
  finish_notice:
    'Laporan {nomor} telah diselesaikan oleh {opd}: {jawaban} Mohon beri penilaian Anda di {tautan}',
} as const;

// Posts per minute per account, so a burst of mentions is answered at a pace the platform accepts
// instead of getting the account restricted: X allows 100 posts per 15 min per user (§3.5), of
// which the OPDs' own replies need some; Meta and TikTok publish no fixed figure for comments and
// treat bursts as spam; WhatsApp allows 80 messages/s per number but ~1 per 6 s to one user (§5.5);
// Telegram 20/min in a group (§7); a YouTube comment costs 50 quota units (§8.5).
export const POSTS_PER_MINUTE: Record<Platform, number> = {
  x: 3,
  facebook: 4,
  instagram: 4,
  tiktok: 2,
  whatsapp: 30,
  telegram: 10,
  youtube: 1,
  // No platform to post on: an Open311 caller gets the tracking number in its POST answer.
  open311: 0,
};

export function noticeSettings(
  settings: Record<string, unknown> | null | undefined,
  demo: boolean,
): NoticeSettings {
  const n = (settings?.notices ?? {}) as Record<string, unknown>;
  const str = (v: unknown): string | null => (typeof v === 'string' && v.trim() ? v : null);
  return {
    enabled: typeof n.enabled === 'boolean' ? n.enabled : demo,
    delayMin: typeof n.delayMin === 'number' ? n.delayMin : 0,
    acknowledgementTemplate: str(n.acknowledgementTemplate),
    finishTemplate: str(n.finishTemplate),
    perMinute: typeof n.perMinute === 'number' ? n.perMinute : null,
  };
}

/** Refuses bad `settings.notices` with a message the admin can act on (400, nothing stored). */
export function checkNoticeSettings(settings: Record<string, unknown> | undefined): void {
  const n = settings?.notices;
  if (n === undefined) return;
  const bad = (msg: string): never => {
    throw new DomainError('validation', `settings.notices: ${msg}`);
  };
  if (typeof n !== 'object' || n === null || Array.isArray(n))
    bad('harus objek {enabled, delayMin, acknowledgementTemplate, finishTemplate, perMinute}');
  const o = n as Record<string, unknown>;
  const known = ['enabled', 'delayMin', 'acknowledgementTemplate', 'finishTemplate', 'perMinute'];
  for (const k of Object.keys(o))
    if (!known.includes(k)) bad(`kunci ${k} tidak dikenal (yang dikenal: ${known.join(', ')})`);
  if (o.enabled !== undefined && typeof o.enabled !== 'boolean') bad('enabled harus true atau false');
  if (
    o.delayMin !== undefined &&
    (typeof o.delayMin !== 'number' || !Number.isInteger(o.delayMin) || o.delayMin < 0 || o.delayMin > 1440)
  )
    bad('delayMin harus bilangan bulat 0–1440 (menit)');
  if (
    o.perMinute !== undefined &&
    (typeof o.perMinute !== 'number' ||
      !Number.isInteger(o.perMinute) ||
      o.perMinute < 1 ||
      o.perMinute > 600)
  )
    bad('perMinute harus bilangan bulat 1–600');
  for (const k of ['acknowledgementTemplate', 'finishTemplate'] as const) {
    const t = o[k];
    if (t === undefined || t === null) continue;
    if (typeof t !== 'string' || t.length > 1000) bad(`${k} harus teks paling panjang 1000 karakter`);
    const s = t as string;
    if (!s.includes('{nomor}') || !s.includes('{tautan}')) bad(`${k} harus memuat {nomor} dan {tautan}`);
    const unknown = (s.match(/\{[^{}]*\}/g) ?? []).filter(
      (p) => !(PLACEHOLDERS as readonly string[]).includes(p),
    );
    if (unknown.length)
      bad(`${k}: penanda ${unknown.join(', ')} tidak dikenal (yang dikenal: ${PLACEHOLDERS.join(', ')})`);
  }
}

export interface NoticeValues {
  nomor: string;
  opd: string;
  tenggat: string;
  tautan: string;
  jawaban: string;
}

/** Short forms for platforms whose limit the full text exceeds (TikTok: 150 characters, §4.1). */
export const SHORT_TEMPLATES = {
  acknowledgement: 'Laporan Anda diterima: {nomor}. Pantau di {tautan}',
  finish_notice: 'Laporan {nomor} selesai. Beri penilaian: {tautan}',
} as const;

/**
 * Fills a template. The OPD's answer is the only free part: it is shortened (with …) so the whole
 * text fits the platform's limit; the tracking number and link are never cut. When even that does
 * not fit, the short form is used.
 */
export function renderNotice(template: string, v: NoticeValues, maxLength: number, short?: string): string {
  const fill = (t: string, answer: string): string =>
    t.replace(/\{(nomor|opd|tenggat|tautan|jawaban)\}/g, (_m, k: keyof NoticeValues) =>
      k === 'jawaban' ? answer : v[k],
    );
  const text = fill(template, v.jawaban);
  if (text.length <= maxLength) return text;
  const room = v.jawaban.length - (text.length - maxLength) - 1;
  const cut = room > 20 ? fill(template, `${v.jawaban.slice(0, room).trimEnd()}…`) : null;
  if (cut && cut.length <= maxLength) return cut;
  const fallback = short ? fill(short, '') : text;
  return fallback.length <= maxLength ? fallback : fallback.slice(0, maxLength);
}

/**
 * Queues one notice of `kind` for a case, in the caller's transaction, when the account the
 * citizen wrote to has notices on. Idempotent: the unique (case, kind) index ignores a second one.
 * The text is written when the notice's turn comes, so it names the OPD the case has then.
 */
export async function enqueueNotice(
  m: EntityManager,
  n: {
    kind: NoticeKind;
    caseId: string;
    post: Pick<Post, 'id' | 'accountId' | 'replyTarget'>;
    demo: boolean;
    now: Date;
  },
): Promise<boolean> {
  const account = await m.getRepository(ConnectorAccount).findOneBy({ id: n.post.accountId });
  if (!account) return false;
  const s = noticeSettings(account.settings, n.demo);
  if (!s.enabled) return false;
  const delayMs = n.kind === 'acknowledgement' ? s.delayMin * 60_000 : 0;
  const res = await m
    .createQueryBuilder()
    .insert()
    .into(OutboundReply)
    .values(
      patch<OutboundReply>({
        caseId: n.caseId,
        postId: n.post.id,
        accountId: n.post.accountId,
        idempotencyKey: randomUUID(),
        target: n.post.replyTarget,
        text: '',
        state: 'pending',
        kind: n.kind,
        notBefore: new Date(n.now.getTime() + delayMs),
        createdBy: null,
      }),
    )
    .orIgnore()
    .execute();
  return (
    (res.identifiers.length > 0 && res.identifiers[0] !== undefined) || (res.raw as unknown[]).length > 0
  );
}

/**
 * Acknowledgements for many new cases at once (case intake works in batches): one query for the
 * accounts, one insert for the notices. Same rules as enqueueNotice.
 */
export async function enqueueAcknowledgements(
  m: EntityManager,
  items: Array<{ caseId: string; post: Pick<Post, 'id' | 'accountId' | 'replyTarget'> }>,
  demo: boolean,
  now: Date,
): Promise<number> {
  if (!items.length) return 0;
  const accounts = await m.getRepository(ConnectorAccount).findBy({ id: In([...new Set(items.map((i) => i.post.accountId))]) });
  const settings = new Map(accounts.map((a) => [a.id, noticeSettings(a.settings, demo)]));
  const values = items.flatMap((i) => {
    const s = settings.get(i.post.accountId);
    if (!s?.enabled) return [];
    return [
      patch<OutboundReply>({
        caseId: i.caseId,
        postId: i.post.id,
        accountId: i.post.accountId,
        idempotencyKey: randomUUID(),
        target: i.post.replyTarget,
        text: '',
        state: 'pending',
        kind: 'acknowledgement',
        notBefore: new Date(now.getTime() + s.delayMin * 60_000),
        createdBy: null,
      }),
    ];
  });
  if (!values.length) return 0;
  const res = await m.createQueryBuilder().insert().into(OutboundReply).values(values).orIgnore().execute();
  return (res.raw as unknown[]).length;
}

/** The finish notice answers the citizen's latest message still on the platform (as a staff reply does). */
export async function enqueueFinishNotice(
  m: EntityManager,
  caseId: string,
  demo: boolean,
  now: Date,
): Promise<boolean> {
  const post = await m
    .getRepository(Post)
    .createQueryBuilder('p')
    .where('p.case_id = :id AND NOT p.deleted', { id: caseId })
    .orderBy('p.posted_at', 'DESC')
    .addOrderBy('p.id', 'DESC')
    .getOne();
  if (!post) return false;
  return enqueueNotice(m, { kind: 'finish_notice', caseId, post, demo, now });
}
