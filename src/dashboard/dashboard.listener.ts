import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
import type { Case } from '../cases/case.entity.js';
import { CaseRepository } from '../cases/case.repository.js';
import type { DomainEventMap } from '../common/events.js';
import { DashboardGateway } from './dashboard.gateway.js';
import { toCaseView } from './dashboard.serializer.js';

/**
 * Turns committed domain events into socket.io messages: who should hear each event, and a
 * serialized payload (broadcast payloads are masked: no viewer-specific clear text).
 */
@Injectable()
export class DashboardListener implements BeforeApplicationShutdown {
  private readonly logger = new Logger(DashboardListener.name);
  private readonly inFlight = new Set<Promise<unknown>>();
  /** Cases asked for since the last flush: a batch of 500 new cases is loaded in one query, not 500. */
  private wanted = new Map<string, Array<{ resolve: (c: Case | undefined) => void; reject: (e: unknown) => void }>>();
  private flushScheduled = false;

  constructor(
    private readonly cases: CaseRepository,
    private readonly gateway: DashboardGateway,
  ) {}

  /** Broadcasts load the case from the database: let those under way finish before the pool closes. */
  async beforeApplicationShutdown(): Promise<void> {
    await Promise.allSettled([...this.inFlight]);
  }

  private track<T>(p: Promise<T>): Promise<T> {
    this.inFlight.add(p);
    void p.finally(() => this.inFlight.delete(p));
    return p;
  }

  /** Loads a case for broadcasting, coalesced with the other loads asked for in the same tick. */
  private load(id: string): Promise<Case | undefined> {
    return new Promise((resolve, reject) => {
      const waiting = this.wanted.get(id) ?? [];
      waiting.push({ resolve, reject });
      this.wanted.set(id, waiting);
      if (this.flushScheduled) return;
      this.flushScheduled = true;
      setImmediate(() => {
        const batch = this.wanted;
        this.wanted = new Map();
        this.flushScheduled = false;
        this.cases.findByIds([...batch.keys()]).then(
          (found) => {
            const byId = new Map(found.map((c) => [c.id, c]));
            for (const [k, ws] of batch) for (const w of ws) w.resolve(byId.get(k));
          },
          (err: unknown) => {
            for (const ws of batch.values()) for (const w of ws) w.reject(err);
          },
        );
      });
    });
  }

  private static rooms(...opdCodes: Array<string | null>): string[] {
    return ['diskominfo', ...new Set(opdCodes.filter((c): c is string => !!c).map((c) => `opd:${c}`))];
  }

  @OnEvent('case.created', { async: true, promisify: true })
  onCaseCreated(e: DomainEventMap['case.created']): Promise<void> {
    return this.track(this.caseCreated(e));
  }

  private async caseCreated(e: DomainEventMap['case.created']): Promise<void> {
    try {
      const c = await this.load(e.caseId);
      if (c) this.gateway.emitToRooms(DashboardListener.rooms(c.opdCode), 'case.created', toCaseView(c, null));
    } catch (err) {
      this.logger.error({ event: 'broadcast_failed', caseId: e.caseId, error: String(err) });
    }
  }

  @OnEvent('case.updated', { async: true, promisify: true })
  onCaseUpdated(e: DomainEventMap['case.updated']): Promise<void> {
    return this.track(this.caseUpdated(e));
  }

  private async caseUpdated(e: DomainEventMap['case.updated']): Promise<void> {
    try {
      const c = await this.load(e.caseId);
      if (c) this.gateway.emitToRooms(DashboardListener.rooms(c.opdCode, e.previousOpdCode), 'case.updated', { ...toCaseView(c, null), change: e.change });
    } catch (err) {
      this.logger.error({ event: 'broadcast_failed', caseId: e.caseId, error: String(err) });
    }
  }

  /** Service-level and spike alerts: the operator (and pimpinan) room, and the OPD concerned. */
  @OnEvent('alert.raised')
  onAlert(e: DomainEventMap['alert.raised']): void {
    this.gateway.emitToRooms(DashboardListener.rooms(e.opdCode), 'alert', e);
  }

  @OnEvent('connector.health_changed')
  onHealthChanged(e: DomainEventMap['connector.health_changed']): void {
    this.gateway.emitToRooms(['diskominfo'], 'connector.health', {
      accountId: e.accountId,
      platform: e.platform,
      handle: e.handle,
      state: e.to,
      detail: e.detail,
      retryAt: e.retryAt,
    });
  }
}
