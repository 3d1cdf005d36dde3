import { Inject, Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { ModuleRef } from '@nestjs/core';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { isDatabaseUnavailable } from '../common/errors/database-unavailable.js';
import { APP_CONFIG } from '../config/config.module.js';
import type { AppConfig } from '../config/app-config.js';

const PROBE_MS = 1_000;

/**
 * Knows whether PostgreSQL is reachable. Everything that meets a "database unavailable" error
 * (the HTTP filter, the TypeORM logger, the schedulers) reports it here, and the outage is logged
 * once when it starts and once when it ends, with its duration, instead of once per failed query.
 * While it lasts, a probe tries a fresh connection every second; callers back off by asking `down`.
 */
@Injectable()
export class DatabaseOutage implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger('Database');
  private since?: number;
  private refused = 0;
  private probe?: NodeJS.Timeout;
  private readonly recovered = new Set<() => void>();
  private ds?: DataSource;
  private checking = false;

  constructor(
    @Inject(APP_CONFIG) private readonly config: AppConfig,
    private readonly moduleRef: ModuleRef,
  ) {}

  onApplicationBootstrap(): void {
    // The probe goes through the service's own pool once it exists: "back" then means the pool
    // can reach PostgreSQL again, not only that a new connection could.
    try {
      this.ds = this.moduleRef.get(DataSource, { strict: false });
    } catch {
      this.ds = undefined;
    }
  }

  get down(): boolean {
    return this.since !== undefined;
  }

  /** Returns true (and records the outage) when `err` means the database cannot be reached. */
  observe(err: unknown): boolean {
    if (!isDatabaseUnavailable(err)) return false;
    this.refused++;
    if (this.since !== undefined) return true;
    this.since = Date.now();
    this.logger.error(`PostgreSQL unavailable (${describe(err)}): API answers 503, polling and jobs wait; checking every ${PROBE_MS / 1000} s`);
    this.probe = setInterval(() => void this.check(), PROBE_MS);
    this.probe.unref();
    return true;
  }

  /** Called once each time the database comes back (e.g. to open cases for posts stored before). */
  onRecovered(fn: () => void): () => void {
    this.recovered.add(fn);
    return () => this.recovered.delete(fn);
  }

  private async check(): Promise<void> {
    if (this.checking) return; // a probe can take up to the pool's connect timeout
    this.checking = true;
    const ok = await this.reachable().finally(() => (this.checking = false));
    if (!ok || this.since === undefined) return;
    const secs = ((Date.now() - this.since) / 1000).toFixed(1);
    this.logger.log(`PostgreSQL available again after ${secs} s (${this.refused} operations failed meanwhile)`);
    this.since = undefined;
    this.refused = 0;
    clearInterval(this.probe);
    for (const fn of this.recovered) fn();
  }

  private async reachable(): Promise<boolean> {
    if (this.ds?.isInitialized)
      return this.ds.query('SELECT 1').then(
        () => true,
        () => false,
      );
    const client = new pg.Client({ connectionString: this.config.database.url, connectionTimeoutMillis: 2_000 });
    client.on('error', () => undefined);
    try {
      await client.connect();
      await client.query('SELECT 1');
      return true;
    } catch {
      return false;
    } finally {
      void client.end().catch(() => undefined);
    }
  }

  onApplicationShutdown(): void {
    clearInterval(this.probe);
  }
}

function describe(err: unknown): string {
  const e = (err as { driverError?: unknown }).driverError ?? err;
  const code = (e as { code?: unknown }).code;
  const message = e instanceof Error ? e.message || e.constructor.name : String(e);
  return typeof code === 'string' && !message.includes(code) ? `${code}: ${message}` : message;
}
