import type { MigrationInterface, QueryRunner } from 'typeorm';

// Issue 13 §3: login failures are counted per username *and* client (so nobody elsewhere can lock a
// user out for long), and the per-client request limit (@nestjs/throttler) is stored in PostgreSQL
// so it holds across instances. Old counters are transient and dropped.
export class LoginThrottle1766200000000 implements MigrationInterface {
  name = 'LoginThrottle1766200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "login_failures"`);
    await q.query(`ALTER TABLE "login_failures" DROP CONSTRAINT "PK_238573b7f2f036d3dcea30acf7b"`);
    await q.query(`ALTER TABLE "login_failures" ADD "client" text NOT NULL`);
    await q.query(`ALTER TABLE "login_failures" ADD "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now()`);
    await q.query(`ALTER TABLE "login_failures" ADD "last_success_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "login_failures" ADD CONSTRAINT "PK_login_failures" PRIMARY KEY ("username", "client")`);
    await q.query(
      `CREATE TABLE "throttle_hits" ("key" text NOT NULL, "hits" integer NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "blocked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_throttle_hits" PRIMARY KEY ("key"))`,
    );
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "throttle_hits"`);
    await q.query(`DELETE FROM "login_failures"`);
    await q.query(`ALTER TABLE "login_failures" DROP CONSTRAINT "PK_login_failures"`);
    await q.query(`ALTER TABLE "login_failures" DROP COLUMN "last_success_at"`);
    await q.query(`ALTER TABLE "login_failures" DROP COLUMN "updated_at"`);
    await q.query(`ALTER TABLE "login_failures" DROP COLUMN "client"`);
    await q.query(`ALTER TABLE "login_failures" ADD CONSTRAINT "PK_238573b7f2f036d3dcea30acf7b" PRIMARY KEY ("username")`);
  }
}
