import type { MigrationInterface, QueryRunner } from 'typeorm';

// The citizen's loop (issue 15): acknowledgements and finish notices ride the reply outbox (one per
// case and kind, queued with a not-before time and sent within each platform's posting budget);
// every case gets a non-guessable access code for its private tracking and rating link; ratings.
export class CitizenLoop1766500000000 implements MigrationInterface {
  name = 'CitizenLoop1766500000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbound_replies" ADD "kind" text NOT NULL DEFAULT 'reply'`);
    await q.query(`ALTER TABLE "outbound_replies" ADD CONSTRAINT "ck_outbound_replies_kind" CHECK ("kind" IN ('reply', 'acknowledgement', 'finish_notice'))`);
    await q.query(`ALTER TABLE "outbound_replies" ADD "not_before" timestamptz`);
    await q.query(`ALTER TABLE "outbound_replies" ADD "attempted_at" timestamptz`);
    // Exactly one acknowledgement and one finish notice per case, whoever enqueues it twice.
    await q.query(`CREATE UNIQUE INDEX "ux_outbound_replies_notice" ON "outbound_replies" ("case_id", "kind") WHERE "kind" <> 'reply'`);
    await q.query(`CREATE INDEX "ix_outbound_replies_queue" ON "outbound_replies" ("not_before", "id") WHERE "kind" <> 'reply' AND "state" = 'pending' AND "attempts" = 0`);
    await q.query(`CREATE INDEX "ix_outbound_replies_account_attempted" ON "outbound_replies" ("account_id", "attempted_at") WHERE "attempted_at" IS NOT NULL`);
    // 122 random bits per case (gen_random_uuid is core since PostgreSQL 13); existing rows get one each.
    await q.query(`ALTER TABLE "cases" ADD "access_code" text NOT NULL DEFAULT replace(gen_random_uuid()::text, '-', '')`);
    await q.query(`
      CREATE TABLE "case_ratings" (
        "id" bigint GENERATED ALWAYS AS IDENTITY PRIMARY KEY,
        "case_id" bigint NOT NULL UNIQUE REFERENCES "cases"("id") ON DELETE RESTRICT,
        "opd_code" text,
        "score" smallint NOT NULL CHECK ("score" BETWEEN 1 AND 5),
        "resolved" boolean NOT NULL,
        "comment" text,
        "created_at" timestamptz NOT NULL DEFAULT now()
      )`);
    await q.query(`CREATE INDEX "ix_case_ratings_opd_created" ON "case_ratings" ("opd_code", "created_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "case_ratings"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "access_code"`);
    await q.query(`DROP INDEX "ix_outbound_replies_account_attempted"`);
    await q.query(`DROP INDEX "ix_outbound_replies_queue"`);
    await q.query(`DROP INDEX "ux_outbound_replies_notice"`);
    await q.query(`ALTER TABLE "outbound_replies" DROP COLUMN "attempted_at"`);
    await q.query(`ALTER TABLE "outbound_replies" DROP COLUMN "not_before"`);
    await q.query(`ALTER TABLE "outbound_replies" DROP CONSTRAINT "ck_outbound_replies_kind"`);
    await q.query(`ALTER TABLE "outbound_replies" DROP COLUMN "kind"`);
  }
}
