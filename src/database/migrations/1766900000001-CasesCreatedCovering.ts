import type { MigrationInterface, QueryRunner } from 'typeorm';

// The dashboard's and the weekly summary's window counts (trends, topics, volume, sentiment) group
// the cases of a time window by intent, sentiment, OPD, topic and kecamatan: with those columns in
// the index they are read by an index-only scan instead of the table (at 1M cases, trends over 90
// days went from about 600 ms to about 100 ms). It replaces the plain created_at index.
export class CasesCreatedCovering1766900000001 implements MigrationInterface {
  name = 'CasesCreatedCovering1766900000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_cases_created_cover" ON "cases" ("created_at") INCLUDE ("intent", "sentiment", "opd_code", "topic", "location_kecamatan")`);
    await q.query(`DROP INDEX IF EXISTS "ix_cases_created"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_cases_created" ON "cases" ("created_at")`);
    await q.query(`DROP INDEX "ix_cases_created_cover"`);
  }
}
