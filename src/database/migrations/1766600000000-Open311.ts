import type { MigrationInterface, QueryRunner } from 'typeorm';

// Open311 GeoReport v2 (issue 18): the `open311` platform for requests POSTed by the regency's
// website, a desa's app or a kiosk, and the API keys those callers use (stored hashed).
export class Open3111766600000000 implements MigrationInterface {
  name = 'Open3111766600000000';

  async up(q: QueryRunner): Promise<void> {
    // ADD VALUE appends, which keeps the enum in the order of PLATFORMS.
    await q.query(`ALTER TYPE "platform" ADD VALUE IF NOT EXISTS 'open311'`);
    await q.query(
      `CREATE TABLE "api_keys" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "prefix" text NOT NULL,
        "key_hash" text NOT NULL,
        "rate_limit_per_min" integer NOT NULL DEFAULT 60,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "revoked_at" TIMESTAMP WITH TIME ZONE,
        "last_used_at" TIMESTAMP WITH TIME ZONE,
        "window_start" TIMESTAMP WITH TIME ZONE,
        "window_hits" integer NOT NULL DEFAULT 0,
        CONSTRAINT "PK_api_keys" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_api_keys_prefix" UNIQUE ("prefix"),
        CONSTRAINT "CHK_api_keys_rate" CHECK ("rate_limit_per_min" BETWEEN 1 AND 100000))`,
    );
  }

  // PostgreSQL cannot drop an enum value; an unused `open311` value is harmless. Posts that came in
  // through Open311 stay (they are citizens' reports), so the revert refuses while any exist.
  async down(q: QueryRunner): Promise<void> {
    const rows = (await q.query(`SELECT count(*) AS n FROM posts WHERE platform::text = 'open311'`)) as Array<{ n: string }>;
    if (Number(rows[0].n) > 0) throw new Error(`Open311 revert: ${rows[0].n} posts came in through Open311; remove them first`);
    await q.query(`DELETE FROM connector_accounts WHERE platform::text = 'open311'`);
    await q.query(`DROP TABLE "api_keys"`);
  }
}
