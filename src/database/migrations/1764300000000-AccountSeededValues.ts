import type { MigrationInterface, QueryRunner } from 'typeorm';

// What config/ last seeded into each connector account (its values and a digest of its
// credentials), so a restart tells a changed configuration (applied) from an admin's edit or a
// refreshed token (kept).
export class AccountSeededValues1764300000000 implements MigrationInterface {
  name = 'AccountSeededValues1764300000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "connector_accounts" ADD "seeded" jsonb`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "connector_accounts" DROP COLUMN "seeded"`);
  }
}
