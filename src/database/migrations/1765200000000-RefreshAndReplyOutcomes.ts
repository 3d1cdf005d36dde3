import type { MigrationInterface, QueryRunner } from 'typeorm';

// When each post was last re-read on its platform (edits and deletions of open cases), so the
// housekeeping walks every open post oldest-checked first and none starves; and why a reply
// ended as it did, as a code the API and dashboard can act on (e.g. never offer a resend after
// an outcome nobody could verify).
export class RefreshAndReplyOutcomes1765200000000 implements MigrationInterface {
  name = 'RefreshAndReplyOutcomes1765200000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "posts" ADD "checked_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(
      `CREATE INDEX "ix_posts_refresh" ON "posts" ("account_id", "checked_at" NULLS FIRST, "id") WHERE "case_id" IS NOT NULL AND NOT "deleted"`,
    );
    await q.query(`ALTER TABLE "outbound_replies" ADD "outcome" text`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "outbound_replies" DROP COLUMN "outcome"`);
    await q.query(`DROP INDEX "ix_posts_refresh"`);
    await q.query(`ALTER TABLE "posts" DROP COLUMN "checked_at"`);
  }
}
