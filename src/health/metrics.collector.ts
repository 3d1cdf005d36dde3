import { Injectable } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import { Gauge } from 'prom-client';
import { DataSource } from 'typeorm';
import { DashboardGateway } from '../dashboard/dashboard.gateway.js';
import { accountActivity } from './account-activity.js';
import { DatabaseOutage } from './database-outage.js';
import { PipelineMetrics } from './pipeline-metrics.js';

const CACHE_MS = 5_000;
const OPEN_FOR_OPD = ['perlu_ditinjau', 'didisposisikan', 'diproses'];

interface Snapshot {
  accounts: Array<{ id: string; platform: string; handle: string; state: string; lagSec: number | null; quarantined: number }>;
  pending: number;
  cases: Array<{ status: string; n: number }>;
  overdue: Array<{ opd: string; n: number }>;
  outbox: Array<{ state: string; n: number }>;
  /** Integration outbox (LAPOR! forwards, webhook deliveries) not yet sent. */
  integration: Array<{ kind: string; state: string; n: number }>;
}

/**
 * The gauges that need SQL, computed when Prometheus scrapes (a handful of indexed queries, cached
 * for a few seconds so several scrapers cost one round), never on each pipeline event. While the
 * database is down they are left out and `suarawarga_database_up` says 0.
 */
@Injectable()
export class MetricsCollector {
  private cached?: { at: number; value: Promise<Snapshot | null> };

  constructor(
    @InjectDataSource() private readonly ds: DataSource,
    private readonly metrics: PipelineMetrics,
    private readonly moduleRef: ModuleRef,
    private readonly outage: DatabaseOutage,
  ) {
    const registers = [metrics.registry];
    const snap = (): Promise<Snapshot | null> => this.snapshot();
    new Gauge({
      name: 'suarawarga_database_up',
      help: '1 when PostgreSQL answered the last scrape, 0 when it cannot be reached',
      registers,
      async collect() {
        this.set((await snap()) ? 1 : 0);
      },
    });
    const account = ['platform', 'account_id', 'handle'] as const;
    new Gauge({
      name: 'suarawarga_account_lag_seconds',
      help: "Now minus the platform time of the account's newest stored item",
      labelNames: account,
      registers,
      async collect() {
        this.reset();
        for (const a of (await snap())?.accounts ?? []) if (a.lagSec !== null) this.set({ platform: a.platform, account_id: a.id, handle: a.handle }, a.lagSec);
      },
    });
    new Gauge({
      name: 'suarawarga_account_quarantined_items',
      help: 'Items of the account set aside because they could not be taken in',
      labelNames: account,
      registers,
      async collect() {
        this.reset();
        for (const a of (await snap())?.accounts ?? []) this.set({ platform: a.platform, account_id: a.id, handle: a.handle }, a.quarantined);
      },
    });
    new Gauge({
      name: 'suarawarga_account_state',
      help: 'Connector health of each account: 1 for its current state (ok, degraded, down, rate_limited, auth_expired, …)',
      labelNames: [...account, 'state'],
      registers,
      async collect() {
        this.reset();
        for (const a of (await snap())?.accounts ?? []) this.set({ platform: a.platform, account_id: a.id, handle: a.handle, state: a.state }, 1);
      },
    });
    new Gauge({
      name: 'suarawarga_intake_queue_depth',
      help: 'Stored posts still waiting to be classified and turned into cases',
      registers,
      async collect() {
        const s = await snap();
        if (s) this.set(s.pending);
      },
    });
    new Gauge({
      name: 'suarawarga_cases',
      help: 'Cases by status',
      labelNames: ['status'] as const,
      registers,
      async collect() {
        this.reset();
        for (const c of (await snap())?.cases ?? []) this.set({ status: c.status }, c.n);
      },
    });
    new Gauge({
      name: 'suarawarga_cases_overdue',
      help: 'Open cases past their deadline, per OPD (triage for cases not yet routed)',
      labelNames: ['opd'] as const,
      registers,
      async collect() {
        this.reset();
        for (const c of (await snap())?.overdue ?? []) this.set({ opd: c.opd }, c.n);
      },
    });
    new Gauge({
      name: 'suarawarga_outbox_depth',
      help: 'Replies to citizens not yet known to be posted (pending, or unknown outcome being checked)',
      labelNames: ['state'] as const,
      registers,
      async collect() {
        const s = await snap();
        if (!s) return;
        for (const state of ['pending', 'unknown']) this.set({ state }, s.outbox.find((o) => o.state === state)?.n ?? 0);
      },
    });
    new Gauge({
      name: 'suarawarga_integration_outbox',
      help: 'Outbound integration work not yet sent (LAPOR! forwards, webhook deliveries): pending, sending or failed',
      labelNames: ['kind', 'state'] as const,
      registers,
      async collect() {
        this.reset();
        for (const o of (await snap())?.integration ?? []) this.set({ kind: o.kind, state: o.state }, o.n);
      },
    });
    const sockets = (): number => this.socketClients();
    new Gauge({
      name: 'suarawarga_socket_clients',
      help: 'Dashboard socket.io clients connected to this instance',
      registers,
      collect() {
        this.set(sockets());
      },
    });
  }

  private socketClients(): number {
    try {
      return this.moduleRef.get(DashboardGateway, { strict: false }).server?.of('/').sockets.size ?? 0;
    } catch {
      return 0;
    }
  }

  /** Forgets the cached snapshot, so the next scrape queries again. */
  invalidate(): void {
    this.cached = undefined;
  }

  private snapshot(): Promise<Snapshot | null> {
    if (this.cached && Date.now() - this.cached.at < CACHE_MS) return this.cached.value;
    const value = this.outage.down ? Promise.resolve(null) : this.query().catch((e: unknown) => {
          if (this.outage.observe(e)) return null;
          throw e;
        });
    this.cached = { at: Date.now(), value };
    return value;
  }

  private async query(): Promise<Snapshot> {
    const activity = await accountActivity(this.ds);
    const rows = await this.ds.query<Array<{ id: string; platform: string; handle: string; state: string }>>(`SELECT id, platform::text, handle, health_state::text AS state FROM connector_accounts ORDER BY id`);
    const accounts = rows.map(
      (a) => ({ ...a, lagSec: activity.get(a.id)?.lagSec ?? null, quarantined: activity.get(a.id)?.quarantined ?? 0 }),
    );
    // ix_posts_pending, ix_cases_status and ix_cases_due keep these cheap on a large database.
    const [{ n: pending }] = await this.ds.query<Array<{ n: number }>>(`SELECT count(*)::int AS n FROM posts WHERE processing_state = 'pending'`);
    const cases = await this.ds.query<Snapshot['cases']>(`SELECT status::text, count(*)::int AS n FROM cases GROUP BY status`);
    const overdue = await this.ds.query<Snapshot['overdue']>(
      `SELECT coalesce(opd_code, 'triase') AS opd, count(*)::int AS n FROM cases
       WHERE due_at IS NOT NULL AND due_at < now() AND status::text = ANY($1) GROUP BY 1`,
      [OPEN_FOR_OPD],
    );
    const outbox = await this.ds.query<Snapshot['outbox']>(`SELECT state::text, count(*)::int AS n FROM outbound_replies WHERE state IN ('pending', 'unknown') GROUP BY state`);
    const integration = await this.ds.query<Snapshot['integration']>(`SELECT kind, state, count(*)::int AS n FROM outbox WHERE state <> 'sent' GROUP BY kind, state`);
    return { accounts, pending, cases, overdue, outbox, integration };
  }
}
