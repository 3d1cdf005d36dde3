import { Injectable } from '@nestjs/common';
import { EventEmitter2 } from '@nestjs/event-emitter';
import type { HealthState, Platform } from './platform.js';

// Typed map of domain events. Emit only after the transaction that caused them has committed.
export interface DomainEventMap {
  'case.created': { caseId: string; opdCode: string | null; status: string };
  'case.updated': { caseId: string; opdCode: string | null; previousOpdCode: string | null; status: string; change: string };
  /** Sessions that just ended (logout, revocation, deactivation, role or OPD change): open sockets are told and closed. */
  'auth.sessions_ended': { userId?: string; sessionIds?: string[]; reason: SessionEndReason };
  'routing.rules_changed': { opdCode: string };
  'alert.raised': { type: string; caseId: string | null; opdCode: string | null; topic?: string | null; kecamatan?: string | null; message: string; createdAt: string };
  'connector.health_changed': {
    accountId: string;
    platform: Platform;
    handle: string;
    from: HealthState;
    to: HealthState;
    detail: string | null;
    retryAt: string | null;
  };
}

export type SessionEndReason = 'logout' | 'revoked' | 'deactivated' | 'role_changed' | 'expired';

export type DomainEventName = keyof DomainEventMap;

@Injectable()
export class DomainEvents {
  constructor(private readonly emitter: EventEmitter2) {}

  emit<K extends DomainEventName>(name: K, payload: DomainEventMap[K]): void {
    this.emitter.emit(name, payload);
  }
}
