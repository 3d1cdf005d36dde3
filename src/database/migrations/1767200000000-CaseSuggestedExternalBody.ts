import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 19: a case outside the regency's remit keeps the external body it should be forwarded to.
export class CaseSuggestedExternalBody1767200000000 implements MigrationInterface {
  name = 'CaseSuggestedExternalBody1767200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "suggested_external_body" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" DROP COLUMN "suggested_external_body"`);
  }
}
