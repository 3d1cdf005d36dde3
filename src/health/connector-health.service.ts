import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { HealthReport } from '../contracts/health.js';
import { ConnectorAccountRepository } from '../connectors/connector-account.repository.js';

export type { HealthReport } from '../contracts/health.js';

/** Liveness plus per-account connector state: a broken account shows here without taking the service down. */
@Injectable()
export class ConnectorHealthService {
  constructor(
    private readonly accounts: ConnectorAccountRepository,
    @InjectDataSource() private readonly ds: DataSource,
  ) {}

  async report(): Promise<HealthReport> {
    const t = Date.now();
    let database: HealthReport['database'];
    let connectors: HealthReport['connectors'] = [];
    try {
      await this.ds.query('SELECT 1');
      database = { status: 'up', latencyMs: Date.now() - t };
      connectors = (await this.accounts.findAll()).map((a) => ({
        id: a.id,
        platform: a.platform,
        handle: a.handle,
        enabled: a.enabled,
        state: a.healthState,
        detail: a.healthDetail,
        retryAt: a.retryAt?.toISOString() ?? null,
        lastPolledAt: a.lastPolledAt?.toISOString() ?? null,
        lastSuccessAt: a.lastSuccessAt?.toISOString() ?? null,
      }));
    } catch (e) {
      database = { status: 'down', error: e instanceof Error ? e.message : String(e) };
    }
    const degraded = database.status === 'down' || connectors.some((c) => c.enabled && c.state !== 'ok');
    return { status: degraded ? 'degraded' : 'ok', uptimeSec: Math.round(process.uptime()), database, connectors };
  }
}
