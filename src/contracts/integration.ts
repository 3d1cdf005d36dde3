/** An Open311 API key as admins see it (GET /api/api-keys items); never the key itself. */
export interface ApiKeyView {
  id: string;
  name: string;
  /** The 8 hex characters after `sw311_`, to tell keys apart. */
  prefix: string;
  rateLimitPerMin: number;
  createdAt: string;
  revokedAt: string | null;
  lastUsedAt: string | null;
}

/** POST /api/api-keys: the only answer that carries the key. */
export interface CreatedApiKey extends ApiKeyView {
  key: string;
}

/** One row of outbound work (GET /api/outbox items): a LAPOR! forward or a webhook delivery. */
export interface OutboxItemView {
  id: string;
  kind: string;
  caseId: string | null;
  targetId: string | null;
  state: 'pending' | 'sending' | 'sent' | 'failed';
  attempts: number;
  /** When it is tried next; null unless pending. */
  nextAttemptAt: string | null;
  lastError: string | null;
  lastStatus: number | null;
  sentAt: string | null;
  result: Record<string, unknown> | null;
  createdAt: string;
}

/** GET /api/outbox. */
export interface OutboxPage {
  items: OutboxItemView[];
  /** Rows not yet sent, by state. */
  depth: Record<string, number>;
}

/** A delivery of a webhook subscriber (GET /api/webhook-subscribers/{id}/deliveries items). */
export interface WebhookDeliveryView extends OutboxItemView {
  webhookId: string;
  type: string | null;
}

export interface WebhookSubscriberView {
  id: string;
  name: string;
  url: string;
  eventTypes: Array<'case.created' | 'case.status_changed' | 'case.finished'>;
  enabled: boolean;
  disabledReason: string | null;
  failingSince: string | null;
  createdAt: string;
}

/** POST /api/webhook-subscribers: the only answer that carries the signing secret. */
export interface CreatedWebhookSubscriber extends WebhookSubscriberView {
  secret: string;
}

/** PATCH /api/cases/{id}/flags. */
export interface CaseFlagsView {
  anonim: boolean;
  rahasia: boolean;
}

/** POST /api/cases/{id}/lapor: the flags sent up and the outbox row of the forward. */
export interface LaporMarked extends CaseFlagsView {
  outboxId: string;
}
