import { AuditLog } from '../admin/audit-log.entity.js';
import { LoginFailure } from '../auth/login-failure.entity.js';
import { RefreshToken } from '../auth/refresh-token.entity.js';
import { ThrottleHit } from '../auth/throttle-hit.entity.js';
import { User } from '../auth/user.entity.js';
import { Alert } from '../cases/alert.entity.js';
import { CaseEvent } from '../cases/case-event.entity.js';
import { Case } from '../cases/case.entity.js';
import { TrackingCounter } from '../cases/tracking-counter.entity.js';
import { CaseRating } from '../citizen/case-rating.entity.js';
import { ClassificationCorrection } from '../classification/correction.entity.js';
import { ConnectorAccount } from '../connectors/connector-account.entity.js';
import { QuotaUsage } from '../connectors/kit/quota-usage.entity.js';
import { QuarantinedItem } from '../ingestion/quarantine/quarantined-item.entity.js';
import { ApiKey } from '../open311/api-key.entity.js';
import { OutboxItem } from '../integration/outbox.entity.js';
import { WebhookSubscriber } from '../integration/webhooks/webhook-subscriber.entity.js';
import { WebhookEvent } from '../ingestion/webhooks/webhook-event.entity.js';
import { PostRevision } from '../posts/post-revision.entity.js';
import { Post } from '../posts/post.entity.js';
import { OutboundReply } from '../replies/outbound-reply.entity.js';
import { WeeklyReport } from '../reports/weekly-report.entity.js';
import { Opd } from '../routing/opd.entity.js';
import { RoutingRule } from '../routing/routing-rule.entity.js';

// Listed explicitly (no globs): the same array serves the app, the migration CLI and the tests.
export const ENTITIES = [
  Alert,
  ApiKey,
  AuditLog,
  Case,
  CaseEvent,
  ClassificationCorrection,
  ConnectorAccount,
  LoginFailure,
  Opd,
  OutboundReply,
  OutboxItem,
  Post,
  PostRevision,
  QuarantinedItem,
  QuotaUsage,
  RefreshToken,
  RoutingRule,
  ThrottleHit,
  TrackingCounter,
  User,
  WebhookEvent,
  WebhookSubscriber,
  WeeklyReport,
  CaseRating,
];
