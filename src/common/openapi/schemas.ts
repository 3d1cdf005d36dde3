import { ApiProperty, ApiPropertyOptional } from '@nestjs/swagger';
import type { Role, TokenResponse, User } from '../../contracts/auth.js';
import type { AlertView, CalendarView, CaseDetail, CaseEventView, CasePage, CaseView, PostView, ReplyTemplate, ReplyView, ReturnedToTriage, SlaState } from '../../contracts/case.js';
import type { DailyRow, WeekFigures, WeeklyReportListItem, WeeklySummary } from '../../contracts/report.js';
import type { OpdPerformance } from '../../contracts/stats.js';
import type { ApiKeyView, CaseFlagsView, CreatedApiKey, CreatedWebhookSubscriber, LaporMarked, OutboxItemView, OutboxPage, WebhookDeliveryView, WebhookSubscriberView } from '../../contracts/integration.js';
import type { QuarantinedItemView, QuarantinePage, QuarantineRetried } from '../../contracts/quarantine.js';

// The wire contract (src/contracts) as OpenAPI schemas. Each class `implements` its contract type,
// so a field added to or dropped from the contract no longer compiles here until the document
// says the same. Nested rows the contract types exactly are described here as objects.

const nullable = { nullable: true } as const;
const obj = (description: string) => ({ type: 'object', additionalProperties: true, description }) as const;

export class PostViewSchema implements PostView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'x' }) platform: string;
  @ApiProperty({ example: 'mention' }) kind: string;
  @ApiProperty({ type: String, ...nullable }) authorName: string | null;
  @ApiProperty({ type: String, ...nullable }) authorUsername: string | null;
  @ApiProperty({ description: 'As written (clients escape it); personal data masked for viewers who do not act on the case' }) text: string;
  @ApiProperty() textTruncated: boolean;
  @ApiProperty({ type: String, ...nullable }) permalink: string | null;
  @ApiProperty({ format: 'date-time' }) postedAt: string;
  @ApiProperty({ type: String, format: 'date-time', ...nullable }) editedAt: string | null;
  @ApiProperty() deleted: boolean;
  @ApiPropertyOptional({ type: 'array', items: obj('text, editedAt, capturedAt') }) revisions?: Array<{ text: string; editedAt: string | null; capturedAt: string }>;
}

export class CaseViewSchema implements CaseView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'SW-2026-000083' }) trackingNumber: string;
  @ApiProperty({ example: 'didisposisikan' }) status: string;
  @ApiProperty({ type: String, ...nullable, example: 'klasifikasi_ragu' }) statusReason: string | null;
  @ApiProperty({ example: 'complaint' }) intent: string;
  @ApiProperty() intentConfidence: number;
  @ApiProperty({ example: 'negative' }) sentiment: string;
  @ApiProperty() sentimentConfidence: number;
  @ApiProperty({ type: String, ...nullable }) topic: string | null;
  @ApiProperty({ type: 'object', properties: { code: { type: 'string' }, name: { type: 'string' } }, ...nullable }) opd: { code: string; name: string } | null;
  @ApiProperty({ type: String, ...nullable }) suggestedOpdCode: string | null;
  @ApiProperty({ type: String, ...nullable, description: "A body outside the regency's remit to forward the case to" }) suggestedExternalBody: string | null;
  @ApiProperty() routingConfidence: number;
  @ApiProperty({ type: 'object', properties: { kecamatan: { type: 'string', nullable: true }, desa: { type: 'string', nullable: true } } }) location: { kecamatan: string | null; desa: string | null };
  @ApiProperty() modelVersion: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty({ description: 'Send it back with every action; a different current version answers 409' }) version: number;
  @ApiProperty({ type: String, format: 'date-time', ...nullable, description: 'Deadline of the current service level (working days, regency time zone)' }) dueAt: string | null;
  @ApiProperty({ enum: ['ok', 'at_risk', 'overdue'], ...nullable }) slaState: SlaState | null;
  @ApiProperty({ type: [String], description: 'OPDs asked to help' }) collaborators: string[];
  @ApiProperty({ description: 'LAPOR! flag: the reporter is not named upstream' }) anonim: boolean;
  @ApiProperty({ description: 'LAPOR! flag: a private report (WhatsApp and direct messages from the start)' }) rahasia: boolean;
  @ApiProperty({ type: 'object', nullable: true, properties: { trackingId: { type: 'string' }, status: { type: 'string', nullable: true } }, description: 'Once forwarded to SP4N-LAPOR!' })
  lapor: { trackingId: string; status: string | null } | null;
  @ApiProperty({ type: PostViewSchema }) post: PostView;
}

export class CaseEventViewSchema implements CaseEventView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'rerouted' }) type: string;
  @ApiProperty({ description: 'User name, or "system"' }) actor: string;
  @ApiProperty({ ...obj('before/after snapshots and the action’s own fields'), nullable: true }) data: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class ReplyViewSchema implements ReplyView {
  @ApiProperty() id: string;
  @ApiProperty() text: string;
  @ApiProperty({ example: 'sent' }) state: string;
  @ApiProperty({ type: String, ...nullable }) outcome: string | null;
  @ApiProperty({ type: String, ...nullable }) error: string | null;
  @ApiProperty({ type: String, ...nullable }) externalId: string | null;
  @ApiProperty({ type: String, ...nullable }) deliveryStatus: string | null;
  @ApiProperty() attempts: number;
  @ApiProperty({ example: 'reply', description: "'reply' (staff), 'acknowledgement' or 'finish_notice' (automatic notices to the citizen)" }) kind: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class CaseDetailSchema extends CaseViewSchema implements CaseDetail {
  @ApiProperty({ type: [CaseEventViewSchema] }) events: CaseEventView[];
  @ApiProperty({ type: [PostViewSchema] }) thread: PostView[];
  @ApiProperty({ type: [ReplyViewSchema] }) replies: ReplyView[];
}

export class CasePageSchema implements CasePage {
  @ApiProperty({ type: [CaseViewSchema] }) items: CaseView[];
  @ApiProperty({ type: String, ...nullable, description: 'Pass as `cursor` for the next page' }) nextCursor: string | null;
  @ApiProperty({ description: 'How many cases match the filter in all, counted up to 10,000' }) total: number;
  @ApiProperty({ description: 'False when more than `total` cases match (the count stops at 10,000)' }) totalExact: boolean;
}

export class ReturnedToTriageSchema implements ReturnedToTriage {
  @ApiProperty() id: string;
  @ApiProperty({ enum: [true] }) returnedToTriage: true;
}

export class ReplyTemplateSchema implements ReplyTemplate {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'Laporan diterima' }) title: string;
  @ApiProperty({ description: 'Tracking number and OPD name already filled in' }) text: string;
}

export class ReplyTemplateListSchema {
  @ApiProperty({ type: [ReplyTemplateSchema] }) items: ReplyTemplate[];
}

export class CaseEventListSchema {
  @ApiProperty({ type: [CaseEventViewSchema] }) items: CaseEventView[];
}

export class CalendarViewSchema implements CalendarView {
  @ApiProperty({ example: 'Asia/Makassar' }) timezone: string;
  @ApiProperty({ example: 'WITA' }) zoneName: string;
  @ApiProperty({ type: [String], example: ['2026-08-17'] }) holidays: string[];
}

export class UserSchema implements User {
  @ApiProperty() id: string;
  @ApiProperty() username: string;
  @ApiProperty() displayName: string;
  @ApiProperty({ enum: ['admin', 'operator', 'opd', 'pimpinan'] }) role: Role;
  @ApiProperty({ type: [String] }) opdCodes: string[];
}

export class TokenResponseSchema implements TokenResponse {
  @ApiProperty() accessToken: string;
  @ApiProperty() refreshToken: string;
  @ApiProperty({ enum: ['Bearer'] }) tokenType: 'Bearer';
  @ApiProperty({ description: 'Seconds' }) expiresIn: number;
  @ApiProperty({ type: UserSchema }) user: User;
}

export class OpdPerformanceSchema implements OpdPerformance {
  @ApiProperty() opdCode: string;
  @ApiProperty() opdName: string;
  @ApiProperty() received: number;
  @ApiProperty() answered: number;
  @ApiProperty({ type: Number, ...nullable }) medianFirstResponseHours: number | null;
  @ApiProperty({ type: Number, ...nullable, description: '0–1' }) withinSlaShare: number | null;
  @ApiProperty() backlog: number;
  @ApiProperty() overdue: number;
  @ApiProperty({ description: 'Citizens’ ratings given in the period' }) ratings: number;
  @ApiProperty({ type: Number, ...nullable, description: 'Mean score 1–5' }) avgRating: number | null;
  @ApiProperty({ type: Number, ...nullable, description: 'Share rated "sudah selesai", 0–1' }) resolvedShare: number | null;
}

export class OpdPerformanceListSchema {
  @ApiProperty({ type: [OpdPerformanceSchema] }) items: OpdPerformance[];
}

export class AlertViewSchema implements AlertView {
  @ApiPropertyOptional() id?: string;
  @ApiProperty({ example: 'sla_overdue' }) type: string;
  @ApiProperty({ type: String, ...nullable }) caseId: string | null;
  @ApiProperty({ type: String, ...nullable }) opdCode: string | null;
  @ApiPropertyOptional({ type: String, ...nullable }) topic?: string | null;
  @ApiPropertyOptional({ type: String, ...nullable }) kecamatan?: string | null;
  @ApiProperty() message: string;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class AlertListSchema {
  @ApiProperty({ type: [AlertViewSchema] }) items: AlertView[];
}

export class WeeklyReportListItemSchema implements WeeklyReportListItem {
  @ApiProperty({ example: '2026-W47' }) week: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
}

export class WeeklyListSchema {
  @ApiProperty({ type: [WeeklyReportListItemSchema] }) items: WeeklyReportListItem[];
}

export class WeekFiguresSchema implements WeekFigures {
  @ApiProperty() total: number;
  @ApiProperty() complaints: number;
  @ApiProperty() negative: number;
  @ApiProperty({ type: Number, ...nullable }) netSentiment: number | null;
  @ApiProperty() received: number;
  @ApiProperty() answered: number;
}

export class DailyRowSchema implements DailyRow {
  @ApiProperty({ example: '2026-11-16' }) date: string;
  @ApiProperty() total: number;
  @ApiProperty() complaints: number;
  @ApiProperty() negative: number;
}

export class WeeklySummarySchema implements WeeklySummary {
  @ApiProperty({ example: '2026-W47' }) week: string;
  @ApiProperty() region: string;
  @ApiProperty({ example: 'Asia/Makassar' }) timezone: string;
  @ApiProperty({ example: 'WITA' }) zoneName: string;
  @ApiProperty({ format: 'date-time' }) from: string;
  @ApiProperty({ format: 'date-time' }) to: string;
  @ApiProperty({ example: '2026-11-16' }) firstDay: string;
  @ApiProperty({ example: '2026-11-22' }) lastDay: string;
  @ApiProperty({ format: 'date-time' }) generatedAt: string;
  @ApiProperty({ description: 'Generated before the week ended (this week so far)' }) partial: boolean;
  @ApiProperty() total: number;
  @ApiProperty() complaints: number;
  @ApiProperty() positive: number;
  @ApiProperty() neutral: number;
  @ApiProperty() negative: number;
  @ApiProperty({ type: Number, ...nullable }) netSentiment: number | null;
  @ApiProperty({ type: Number, ...nullable }) netSentimentPrevWeek: number | null;
  @ApiProperty({ type: Number, ...nullable }) netSentimentChange: number | null;
  @ApiProperty({ type: Number, ...nullable }) netSentiment4WeekAvg: number | null;
  @ApiProperty({ type: String, ...nullable }) topKecamatan: string | null;
  @ApiProperty() topKecamatanComplaints: number;
  @ApiProperty({ format: 'date-time' }) backlogAsOf: string;
  @ApiProperty({ type: WeekFiguresSchema }) figures: WeekFigures;
  @ApiProperty({ type: WeekFiguresSchema, ...nullable }) previousWeek: WeekFigures | null;
  @ApiProperty({ type: [DailyRowSchema] }) daily: DailyRow[];
  @ApiProperty({ type: 'array', items: obj('dimension (intent | platform | opd), key, label, count') }) volume: WeeklySummary['volume'];
  @ApiProperty({ type: 'array', items: obj('scope, key, label, total, positive, neutral, negative, net, netPrevWeek, netChange, net4WeekAvg') }) sentiment: WeeklySummary['sentiment'];
  @ApiProperty({ type: 'array', items: obj('rank, topic, count, share, samples (masked example posts)') }) topics: WeeklySummary['topics'];
  @ApiProperty({ type: [OpdPerformanceSchema] }) opd: WeeklySummary['opd'];
  @ApiProperty({ type: 'array', items: obj('kecamatan, complaints') }) locations: WeeklySummary['locations'];
  @ApiProperty({ type: 'array', items: obj('topic, date, count, baselineMean, baselineSd, threshold, daysOver') }) emerging: WeeklySummary['emerging'];
}

/** A schema for answers the contract does not declare as a type yet: an object with a description. */
export const objectSchema = (description: string, properties?: Record<string, object>) => ({ type: 'object', description, additionalProperties: true, ...(properties ? { properties } : {}) });
export const itemsSchema = (description: string, properties?: Record<string, object>) => ({ type: 'object', properties: { items: { type: 'array', items: objectSchema(description, properties) } } });

export class ApiKeyViewSchema implements ApiKeyView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty({ example: 'Situs Pemkab Sinjai' }) name: string;
  @ApiProperty({ example: '3f9a1c0d', description: 'The 8 hex characters after `sw311_`' }) prefix: string;
  @ApiProperty({ example: 60 }) rateLimitPerMin: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ type: String, format: 'date-time', ...nullable }) revokedAt: string | null;
  @ApiProperty({ type: String, format: 'date-time', ...nullable }) lastUsedAt: string | null;
}

export class ApiKeyListSchema {
  @ApiProperty({ type: [ApiKeyViewSchema] }) items: ApiKeyView[];
}

export class CreatedApiKeySchema extends ApiKeyViewSchema implements CreatedApiKey {
  @ApiProperty({ example: 'sw311_3f9a1c0d_…', description: 'The key; shown in this answer only' }) key: string;
}

export class OutboxItemViewSchema implements OutboxItemView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'lapor.forward', description: '`lapor.forward` or `webhook`' }) kind: string;
  @ApiProperty({ type: String, ...nullable }) caseId: string | null;
  @ApiProperty({ type: String, format: 'uuid', ...nullable, description: 'The webhook subscriber' }) targetId: string | null;
  @ApiProperty({ enum: ['pending', 'sending', 'sent', 'failed'] }) state: OutboxItemView['state'];
  @ApiProperty() attempts: number;
  @ApiProperty({ type: String, format: 'date-time', ...nullable, description: 'When it is tried next; null unless pending' }) nextAttemptAt: string | null;
  @ApiProperty({ type: String, ...nullable }) lastError: string | null;
  @ApiProperty({ type: Number, ...nullable, description: 'HTTP status of the last attempt' }) lastStatus: number | null;
  @ApiProperty({ type: String, format: 'date-time', ...nullable }) sentAt: string | null;
  @ApiProperty({ ...obj('What the receiver answered, e.g. the LAPOR! tracking id'), nullable: true }) result: Record<string, unknown> | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class OutboxPageSchema implements OutboxPage {
  @ApiProperty({ type: [OutboxItemViewSchema] }) items: OutboxItemView[];
  @ApiProperty({ type: 'object', additionalProperties: { type: 'integer' }, description: 'Rows not yet sent, by state', example: { pending: 2, failed: 1 } }) depth: Record<string, number>;
}

export class WebhookDeliveryViewSchema extends OutboxItemViewSchema implements WebhookDeliveryView {
  @ApiProperty({ example: 'msg_123_case_created', description: 'Sent as the webhook-id header' }) webhookId: string;
  @ApiProperty({ type: String, ...nullable, example: 'case.created' }) type: string | null;
}

export class WebhookDeliveryListSchema {
  @ApiProperty({ type: [WebhookDeliveryViewSchema] }) items: WebhookDeliveryView[];
}

export class WebhookSubscriberViewSchema implements WebhookSubscriberView {
  @ApiProperty({ format: 'uuid' }) id: string;
  @ApiProperty() name: string;
  @ApiProperty() url: string;
  @ApiProperty({ enum: ['case.created', 'case.status_changed', 'case.finished'], isArray: true }) eventTypes: WebhookSubscriberView['eventTypes'];
  @ApiProperty() enabled: boolean;
  @ApiProperty({ type: String, ...nullable, description: 'Why deliveries stopped (e.g. failing too long)' }) disabledReason: string | null;
  @ApiProperty({ type: String, format: 'date-time', ...nullable }) failingSince: string | null;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
}

export class WebhookSubscriberListSchema {
  @ApiProperty({ type: [WebhookSubscriberViewSchema] }) items: WebhookSubscriberView[];
}

export class CreatedWebhookSubscriberSchema extends WebhookSubscriberViewSchema implements CreatedWebhookSubscriber {
  @ApiProperty({ example: 'whsec_…', description: 'The signing secret; shown in this answer only' }) secret: string;
}

export class CaseFlagsViewSchema implements CaseFlagsView {
  @ApiProperty() anonim: boolean;
  @ApiProperty() rahasia: boolean;
}

export class LaporMarkedSchema extends CaseFlagsViewSchema implements LaporMarked {
  @ApiProperty({ description: 'The outbox row of the forward (GET /api/outbox)' }) outboxId: string;
}

export class QuarantinedItemViewSchema implements QuarantinedItemView {
  @ApiProperty() id: string;
  @ApiProperty({ example: 'facebook' }) platform: string;
  @ApiProperty({ format: 'uuid' }) accountId: string;
  @ApiProperty({ type: String, ...nullable }) externalId: string | null;
  @ApiProperty({ enum: ['map', 'store', 'identity'] }) stage: QuarantinedItemView['stage'];
  @ApiProperty({ description: 'Personal data masked' }) error: string;
  @ApiProperty({ enum: ['retrying', 'open', 'resolved', 'dismissed'] }) state: QuarantinedItemView['state'];
  @ApiProperty() attempts: number;
  @ApiProperty({ format: 'date-time' }) createdAt: string;
  @ApiProperty({ format: 'date-time' }) updatedAt: string;
  @ApiProperty(obj('The kept payload, personal data masked; WhatsApp withheld as { withheld }')) raw: unknown;
}

export class QuarantinePageSchema implements QuarantinePage {
  @ApiProperty({ type: [QuarantinedItemViewSchema] }) items: QuarantinedItemView[];
  @ApiProperty({ type: String, ...nullable, description: 'Pass as `before` for the next page' }) nextBefore: string | null;
}

export class QuarantineRetriedSchema extends QuarantinedItemViewSchema implements QuarantineRetried {
  @ApiProperty({ description: 'Taken in this time; else state is open and error says why' }) retried: boolean;
}
