import type { MigrationInterface, QueryRunner } from 'typeorm';

// A case marked rahasia by staff (issue 15, LAPOR!'s "rahasia"): its tracking page answers only
// the link with its code, status only, and it never appears in the public lists.
export class CaseConfidential1766500000001 implements MigrationInterface {
  name = 'CaseConfidential1766500000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" ADD "confidential" boolean NOT NULL DEFAULT false`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "cases" DROP COLUMN "confidential"`);
  }
}
