import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DataSource } from 'typeorm';
import type { QuotaLedger } from './quota-budget.js';

/** The quota ledger over PostgreSQL: atomic increments, so runs and replies never race. */
@Injectable()
export class QuotaLedgerRepository implements QuotaLedger {
  constructor(@InjectDataSource() private readonly ds: DataSource) {}

  async spent(pool: string, day: string): Promise<number> {
    const rows = await this.ds.query<Array<{ units: number }>>(`SELECT units FROM connector_quota_usage WHERE pool = $1 AND day = $2`, [pool, day]);
    return rows[0]?.units ?? 0;
  }

  async charge(pool: string, day: string, units: number): Promise<number> {
    const rows = await this.ds.query<Array<{ units: number }>>(
      `INSERT INTO connector_quota_usage (pool, day, units) VALUES ($1, $2, $3)
       ON CONFLICT (pool, day) DO UPDATE SET units = connector_quota_usage.units + EXCLUDED.units, updated_at = now()
       RETURNING units`,
      [pool, day, units],
    );
    return rows[0].units;
  }

  async exhaust(pool: string, day: string, limit: number): Promise<void> {
    await this.ds.query(
      `INSERT INTO connector_quota_usage (pool, day, units) VALUES ($1, $2, $3)
       ON CONFLICT (pool, day) DO UPDATE SET units = GREATEST(connector_quota_usage.units, EXCLUDED.units), updated_at = now()`,
      [pool, day, limit],
    );
  }
}
