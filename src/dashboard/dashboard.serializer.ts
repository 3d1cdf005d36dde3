import type { Principal } from '../auth/principal.js';
import type { Case } from '../cases/case.entity.js';
import type { CaseEvent } from '../cases/case-event.entity.js';
import type { PostRevision } from '../posts/post-revision.entity.js';
import type { Post } from '../posts/post.entity.js';
import { maskPii, maskPiiDeep } from '../common/pii.js';
import type { CaseEventView, CaseView, PostView } from '../contracts/case.js';
import { isConfidentialPost, PLATFORM_LABEL, type Platform } from '../common/platform.js';

// What clients see of a case, for REST and socket.io alike: never raw entities. Text stays as
// written (clients escape it); personal data is masked for viewers who do not need it. The shapes
// are the shared wire contract in src/contracts (the web imports the same types).
export type { CaseEventView, CaseView, PostView } from '../contracts/case.js';

/** Who may read personal data in the clear: staff acting on the case. Broadcasts never do. */
export function seesPii(viewer: Principal | null): boolean {
  return viewer !== null && (viewer.role === 'admin' || viewer.role === 'operator' || viewer.role === 'opd');
}

/**
 * Who may read a private message (WhatsApp, a direct message) in the clear: Diskominfo staff and
 * the owning OPD, on the case page only (issue 13 §4); each such read is written to the audit log.
 */
export function mayReadPrivate(viewer: Principal | null, c: Pick<Case, 'opdCode'>): boolean {
  if (!viewer) return false;
  if (viewer.role === 'admin' || viewer.role === 'operator') return true;
  return viewer.role === 'opd' && c.opdCode !== null && viewer.opdCodes.includes(c.opdCode);
}

export interface ViewOptions {
  /** The case page of a viewer who may read its private messages (mayReadPrivate). */
  privateClear?: boolean;
}

export function toCaseView(c: Case, viewer: Principal | null, opts: ViewOptions = {}): CaseView {
  const p = c.post!;
  return {
    id: c.id,
    trackingNumber: c.trackingNumber,
    status: c.status,
    statusReason: c.statusReason,
    intent: c.intent,
    intentConfidence: c.intentConfidence,
    sentiment: c.sentiment,
    sentimentConfidence: c.sentimentConfidence,
    topic: c.topic,
    opd: c.opd ? { code: c.opd.code, name: c.opd.name } : null,
    suggestedOpdCode: c.suggestedOpdCode,
    suggestedExternalBody: c.suggestedExternalBody ?? null,
    routingConfidence: c.routingConfidence,
    location: { kecamatan: c.locationKecamatan, desa: c.locationDesa },
    modelVersion: c.modelVersion,
    createdAt: c.createdAt.toISOString(),
    updatedAt: c.updatedAt.toISOString(),
    version: c.version,
    dueAt: c.dueAt?.toISOString() ?? null,
    slaState: c.slaState,
    collaborators: c.collaboratorOpdCodes ?? [],
    anonim: c.anonim,
    rahasia: c.rahasia,
    lapor: c.laporTrackingId ? { trackingId: c.laporTrackingId, status: c.laporStatus } : null,
    post: toPostView(p, viewer, undefined, opts),
  };
}

/** Private messages (WhatsApp, Telegram private chats): outside the case page (broadcasts, read-only roles) their text is withheld. */
const privateText = (platform: Platform): string => `[Pesan ${PLATFORM_LABEL[platform]} bersifat rahasia: buka kasus untuk membaca]`;

export function toPostView(p: Post, viewer: Principal | null, revisions?: PostRevision[], opts: ViewOptions = {}): PostView {
  // A private message is withheld from lists, broadcasts, exports and every other viewer.
  const hidden = isConfidentialPost(p) && !opts.privateClear;
  const clear = seesPii(viewer);
  const text = (t: string): string => (hidden ? privateText(p.platform) : clear ? t : maskPii(t));
  return {
    id: p.id,
    platform: p.platform,
    kind: p.kind,
    authorName: hidden ? `Warga (${PLATFORM_LABEL[p.platform]})` : p.authorName,
    authorUsername: hidden ? null : p.authorUsername,
    text: text(p.text),
    textTruncated: p.textTruncated,
    permalink: p.permalink,
    postedAt: p.postedAt.toISOString(),
    editedAt: p.editedAt?.toISOString() ?? null,
    deleted: p.deleted,
    ...(revisions ? { revisions: revisions.map((r) => ({ text: text(r.text), editedAt: r.editedAt?.toISOString() ?? null, capturedAt: r.capturedAt.toISOString() })) } : {}),
  };
}

/** Event data carries free text (notes, summaries, proposals, reasons): masked like post text. */
export function toCaseEventView(e: CaseEvent, viewer: Principal | null): CaseEventView {
  return { id: e.id, type: e.type, actor: e.actorLabel, data: seesPii(viewer) ? e.data : maskPiiDeep(e.data), createdAt: e.createdAt.toISOString() };
}

/** A reply's text: masked like post text; withheld with the private message it answers. */
export function replyText(text: string, viewer: Principal | null, privateCase: boolean, privateClear: boolean): string {
  if (privateCase && !privateClear) return '[Balasan pesan pribadi: buka kasus untuk membaca]';
  return seesPii(viewer) ? text : maskPii(text);
}
