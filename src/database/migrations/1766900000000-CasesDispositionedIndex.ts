import type { MigrationInterface, QueryRunner } from 'typeorm';

// OPD performance (the Sekda's page, the weekly summary) reads the cases dispositioned in a window:
// an index range scan instead of a scan of every case.
export class CasesDispositionedIndex1766900000000 implements MigrationInterface {
  name = 'CasesDispositionedIndex1766900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_cases_dispositioned" ON "cases" ("dispositioned_at") WHERE opd_code IS NOT NULL AND dispositioned_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_cases_dispositioned"`);
  }
}
