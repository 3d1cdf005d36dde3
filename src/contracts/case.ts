/** Where a case stands against its service-level deadline; null when no clock runs. */
export type SlaState = 'ok' | 'at_risk' | 'overdue';

export interface PostView {
  id: string;
  platform: string;
  kind: string;
  authorName: string | null;
  authorUsername: string | null;
  text: string;
  textTruncated: boolean;
  permalink: string | null;
  postedAt: string;
  editedAt: string | null;
  deleted: boolean;
  /** Earlier versions of an edited post (case page only). */
  revisions?: Array<{ text: string; editedAt: string | null; capturedAt: string }>;
}

/** A case as lists, cards and socket messages show it (GET /api/cases items, `case.created`). */
export interface CaseView {
  id: string;
  trackingNumber: string;
  status: string;
  statusReason: string | null;
  intent: string;
  intentConfidence: number;
  sentiment: string;
  sentimentConfidence: number;
  topic: string | null;
  opd: { code: string; name: string } | null;
  suggestedOpdCode: string | null;
  /** A body outside the regency's remit to forward the case to ("PLN", "Polres"…), or null. */
  suggestedExternalBody: string | null;
  routingConfidence: number;
  location: { kecamatan: string | null; desa: string | null };
  modelVersion: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  /** Deadline of the current service level (ISO instant); null when no clock runs. */
  dueAt: string | null;
  slaState: SlaState | null;
  /** OPDs asked to help (codes). */
  collaborators: string[];
  /** LAPOR! flags (issue 18): the reporter's name withheld upstream; the report private. */
  anonim: boolean;
  rahasia: boolean;
  /** Once forwarded: the SP4N-LAPOR! tracking id and its status there. */
  lapor: { trackingId: string; status: string | null } | null;
  post: PostView;
}

export interface CaseEventView {
  id: string;
  type: string;
  actor: string;
  data: Record<string, unknown> | null;
  createdAt: string;
}

export interface ReplyView {
  id: string;
  text: string;
  /** pending | sent | failed | unknown | window_closed */
  state: string;
  /** Why it ended so, e.g. 'unverified' (may be on the platform: never offer a resend); null while under way. */
  outcome: string | null;
  error: string | null;
  externalId: string | null;
  deliveryStatus: string | null;
  attempts: number;
  /** 'reply' (staff) or an automatic citizen notice ('acknowledgement', 'finish_notice'). */
  kind: string;
  createdAt: string;
}

/** GET /api/cases/:id */
export interface CaseDetail extends CaseView {
  events: CaseEventView[];
  thread: PostView[];
  replies: ReplyView[];
}

/** GET /api/cases */
export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
  /** How many cases match in all ("Menampilkan 26 dari 1.204 kasus"), counted up to 10,000. */
  total: number;
  /** False when there are more than `total` matches ("lebih dari 10.000"). */
  totalExact: boolean;
}

/** GET /api/alerts items and the `alert` socket message. */
export interface AlertView {
  id?: string;
  /** sla_at_risk | sla_overdue | spike */
  type: string;
  caseId: string | null;
  opdCode: string | null;
  topic?: string | null;
  kecamatan?: string | null;
  message: string;
  createdAt: string;
}

/** GET /api/calendar: what the web needs to count working days as the service levels do. */
export interface CalendarView {
  /** The regency's IANA time zone, e.g. Asia/Makassar (WITA). */
  timezone: string;
  /** Short name of the zone for people, e.g. WITA. */
  zoneName: string;
  /** National holidays and cuti bersama (YYYY-MM-DD), skipped like weekends. */
  holidays: string[];
}

/** POST /api/cases/:id/reject by OPD staff ("bukan kewenangan"): the case left their inbox for triage. */
export interface ReturnedToTriage {
  id: string;
  returnedToTriage: true;
}

/** GET /api/cases/:id/reply-templates: common answers of the case's OPD, placeholders filled. */
export interface ReplyTemplate {
  id: string;
  title: string;
  text: string;
}
