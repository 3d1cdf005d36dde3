import { Injectable, Logger, type BeforeApplicationShutdown } from '@nestjs/common';
import { OnEvent } from '@nestjs/event-emitter';
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

  private static rooms(...opdCodes: Array<string | null>): string[] {
    return ['diskominfo', ...new Set(opdCodes.filter((c): c is string => !!c).map((c) => `opd:${c}`))];
  }

  @OnEvent('case.created', { async: true, promisify: true })
  onCaseCreated(e: DomainEventMap['case.created']): Promise<void> {
    return this.track(this.caseCreated(e));
  }

  private async caseCreated(e: DomainEventMap['case.created']): Promise<void> {
    try {
      const [c] = await this.cases.findByIds([e.caseId]);
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
      const [c] = await this.cases.findByIds([e.caseId]);
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
