// The HTTP and socket contract of docs/api.md, as the browser sees it. Fields the backend does not
// send yet are optional here, so every view copes with their absence.

export type Role = 'admin' | 'operator' | 'opd' | 'pimpinan';

export interface User {
  id: string;
  username: string;
  displayName: string;
  role: Role;
  opdCodes: string[];
}

export interface TokenResponse {
  accessToken: string;
  refreshToken?: string;
  tokenType: 'Bearer';
  expiresIn: number;
  user: User;
}

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
  /** Earlier versions of an edited post. */
  revisions?: Array<{ text: string; editedAt: string | null; capturedAt: string }>;
}

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
  routingConfidence: number;
  location: { kecamatan: string | null; desa: string | null } | null;
  modelVersion: string;
  createdAt: string;
  updatedAt: string;
  version: number;
  dueAt?: string | null;
  slaState?: 'ok' | 'at_risk' | 'overdue' | null;
  collaborators?: string[];
  lastReply?: { state: string; text: string; sentAt: string | null } | null;
  anonim?: boolean;
  rahasia?: boolean;
  /** SP4N-LAPOR! tracking id and status once forwarded. */
  lapor?: { trackingId: string; status: string | null } | null;
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
  /** 'pending' | 'sent' | 'failed' | 'unknown' | 'window_closed' */
  state: string;
  /** Why it ended so, e.g. 'unverified' (may be on the platform: never offer a resend). */
  outcome?: string | null;
  error: string | null;
  externalId: string | null;
  createdAt: string;
  createdBy: string | null;
}

export interface CaseDetail extends CaseView {
  events?: CaseEventView[];
  thread?: PostView[];
  replies?: ReplyView[];
}

export interface CasePage {
  items: CaseView[];
  nextCursor: string | null;
}

export type Counts = Record<string, number>;

export interface StatsToday {
  date: string;
  total: number;
  byIntent: Counts;
  byPlatform: Counts;
  byOpd: Counts;
  bySentiment: Counts;
  triage: number;
}

export interface Trends {
  days: Array<{ date: string; byIntent: Counts; bySentiment: Counts }>;
}

export interface OpdPerformance {
  items: Array<{
    opdCode: string;
    opdName: string;
    received: number;
    answered: number;
    medianFirstResponseHours: number | null;
    withinSlaShare: number | null;
    backlog: number;
    overdue: number;
  }>;
}

export interface Topics {
  items: Array<{ topic: string; count: number }>;
}

export interface Alert {
  /** 'sla_at_risk' | 'sla_overdue' | 'spike' */
  type: string;
  caseId?: string;
  opdCode?: string;
  topic?: string;
  kecamatan?: string;
  message: string;
  createdAt?: string;
}

export interface ConnectorHealth {
  id: string;
  platform: string;
  handle: string;
  enabled?: boolean;
  state: string;
  detail: string | null;
  retryAt: string | null;
  lastPolledAt?: string | null;
  lastSuccessAt?: string | null;
}

export interface HealthReport {
  status: string;
  database: { status: string } | string;
  connectors: ConnectorHealth[];
}

/** `connector.health` socket message. */
export interface HealthEvent {
  accountId: string;
  platform: string;
  handle: string;
  state: string;
  detail: string | null;
  retryAt: string | null;
}

export interface WeeklyList {
  items: Array<{ week: string; from: string; to: string; generatedAt: string }>;
}

export interface Opd {
  code: string;
  name: string;
  active?: boolean;
}
