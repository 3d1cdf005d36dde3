import type { MigrationInterface, QueryRunner } from 'typeorm';

// The inbox (workflow, service levels, collaborators, merges), replies with their outcomes, the
// durable webhook buffer, post edit history, refresh tokens, login throttling, staff corrections,
// admin-editable routing rules and alerts. Generated from the entities, then tidied.
export class InboxRepliesWebhooks1763990000000 implements MigrationInterface {
  name = 'InboxRepliesWebhooks1763990000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "login_failures" ("username" text NOT NULL, "failures" integer NOT NULL DEFAULT '0', "locked_until" TIMESTAMP WITH TIME ZONE, CONSTRAINT "PK_238573b7f2f036d3dcea30acf7b" PRIMARY KEY ("username"))`,
    );
    await q.query(
      `CREATE TABLE "refresh_tokens" ("id" uuid NOT NULL DEFAULT gen_random_uuid(), "user_id" uuid NOT NULL, "token_hash" text NOT NULL, "expires_at" TIMESTAMP WITH TIME ZONE NOT NULL, "revoked_at" TIMESTAMP WITH TIME ZONE, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_a7838d2ba25be1342091b6695f1" UNIQUE ("token_hash"), CONSTRAINT "PK_7d8bee0204106019488c4c50ffa" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_refresh_tokens_user" ON "refresh_tokens" ("user_id")`);
    await q.query(
      `CREATE TABLE "alerts" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "type" text NOT NULL, "case_id" bigint, "opd_code" text, "topic" text, "kecamatan" text, "message" text NOT NULL, "dedupe_key" text NOT NULL, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_e63c11f6e79b317fa7726ccb606" UNIQUE ("dedupe_key"), CONSTRAINT "PK_60f895662df096bfcdfab7f4b96" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_alerts_created" ON "alerts" ("created_at")`);
    await q.query(
      `CREATE TABLE "classification_corrections" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "case_id" bigint NOT NULL, "text" text NOT NULL, "intent" text, "sentiment" text, "opd_code" text, "model_version" text NOT NULL, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_375ce28a380933582a8b00adc14" PRIMARY KEY ("id"))`,
    );
    await q.query(
      `CREATE TABLE "webhook_events" ("seq" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "platform" "platform" NOT NULL, "account_external_id" text NOT NULL, "kind" text NOT NULL, "dedupe_key" text NOT NULL, "payload" jsonb NOT NULL, "received_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_c64daa91cce26db387bc965e00d" UNIQUE ("dedupe_key"), CONSTRAINT "PK_64c548d39c87352981a7ad3880b" PRIMARY KEY ("seq"))`,
    );
    await q.query(
      `CREATE INDEX "ix_webhook_events_drain" ON "webhook_events" ("platform", "account_external_id", "seq")`,
    );
    await q.query(
      `CREATE TABLE "post_revisions" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "post_id" bigint NOT NULL, "text" text NOT NULL, "edited_at" TIMESTAMP WITH TIME ZONE, "captured_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_871219c3d5044d70ff7d59480b8" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_post_revisions_post" ON "post_revisions" ("post_id", "id")`);
    await q.query(
      `CREATE TYPE "reply_state" AS ENUM('pending', 'sent', 'failed', 'unknown', 'window_closed')`,
    );
    await q.query(
      `CREATE TABLE "outbound_replies" ("id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL, "case_id" bigint NOT NULL, "post_id" bigint NOT NULL, "account_id" uuid NOT NULL, "idempotency_key" text NOT NULL, "target" jsonb NOT NULL, "text" text NOT NULL, "state" "reply_state" NOT NULL DEFAULT 'pending', "attempts" integer NOT NULL DEFAULT '0', "external_id" text, "error" text, "delivery_status" text, "created_by" uuid, "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "UQ_ede0c769fcea2f04c81ab96a6af" UNIQUE ("idempotency_key"), CONSTRAINT "PK_7d1b311aec195b6475c0ada9b9f" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE INDEX "ix_outbound_replies_case" ON "outbound_replies" ("case_id", "id")`);
    await q.query(
      `CREATE TABLE "routing_rules" ("opd_code" text NOT NULL, "strong" text array NOT NULL DEFAULT '{}', "keywords" text array NOT NULL DEFAULT '{}', "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(), CONSTRAINT "PK_618b3bdcd307aa44b7588de5090" PRIMARY KEY ("opd_code"))`,
    );
    await q.query(`ALTER TABLE "posts" ADD "case_id" bigint`);
    await q.query(`ALTER TABLE "cases" ADD "collaborator_opd_codes" text array NOT NULL DEFAULT '{}'`);
    await q.query(`ALTER TABLE "cases" ADD "dispositioned_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "first_response_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "answered_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "closed_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "due_at" TIMESTAMP WITH TIME ZONE`);
    await q.query(`ALTER TABLE "cases" ADD "sla_state" text`);
    await q.query(`ALTER TABLE "cases" ADD "escalated" boolean NOT NULL DEFAULT false`);
    await q.query(`ALTER TABLE "cases" ADD "merged_into_id" bigint`);
    await q.query(
      `CREATE INDEX "ix_posts_author_thread" ON "posts" ("account_id", "author_id", "posted_at")`,
    );
    await q.query(`CREATE INDEX "ix_posts_case" ON "posts" ("case_id")`);
    await q.query(`CREATE INDEX "ix_cases_created" ON "cases" ("created_at")`);
    await q.query(`CREATE INDEX "ix_cases_due" ON "cases" ("due_at") WHERE due_at IS NOT NULL`);
    await q.query(
      `ALTER TABLE "refresh_tokens" ADD CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4" FOREIGN KEY ("user_id") REFERENCES "users"("id") ON DELETE CASCADE ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "post_revisions" ADD CONSTRAINT "FK_21715fae1f647ae1e4b0741346a" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(
      `ALTER TABLE "outbound_replies" ADD CONSTRAINT "FK_b17b3a9205d246c0aea1127a0d6" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`,
    );
    await q.query(`CREATE INDEX "ix_posts_text_fts" ON "posts" USING gin (to_tsvector('simple', "text"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "ix_posts_text_fts"`);
    await q.query(`ALTER TABLE "outbound_replies" DROP CONSTRAINT "FK_b17b3a9205d246c0aea1127a0d6"`);
    await q.query(`ALTER TABLE "post_revisions" DROP CONSTRAINT "FK_21715fae1f647ae1e4b0741346a"`);
    await q.query(`ALTER TABLE "refresh_tokens" DROP CONSTRAINT "FK_3ddc983c5f7bcf132fd8732c3f4"`);
    await q.query(`DROP INDEX IF EXISTS "ix_cases_due"`);
    await q.query(`DROP INDEX IF EXISTS "ix_cases_created"`);
    await q.query(`DROP INDEX IF EXISTS "ix_posts_case"`);
    await q.query(`DROP INDEX IF EXISTS "ix_posts_author_thread"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "merged_into_id"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "escalated"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "sla_state"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "due_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "closed_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "answered_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "first_response_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "dispositioned_at"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "collaborator_opd_codes"`);
    await q.query(`ALTER TABLE "posts" DROP COLUMN "case_id"`);
    await q.query(`DROP TABLE "routing_rules"`);
    await q.query(`DROP INDEX IF EXISTS "ix_outbound_replies_case"`);
    await q.query(`DROP TABLE "outbound_replies"`);
    await q.query(`DROP TYPE "reply_state"`);
    await q.query(`DROP INDEX IF EXISTS "ix_post_revisions_post"`);
    await q.query(`DROP TABLE "post_revisions"`);
    await q.query(`DROP INDEX IF EXISTS "ix_webhook_events_drain"`);
    await q.query(`DROP TABLE "webhook_events"`);
    await q.query(`DROP TABLE "classification_corrections"`);
    await q.query(`DROP INDEX IF EXISTS "ix_alerts_created"`);
    await q.query(`DROP TABLE "alerts"`);
    await q.query(`DROP INDEX IF EXISTS "ix_refresh_tokens_user"`);
    await q.query(`DROP TABLE "refresh_tokens"`);
    await q.query(`DROP TABLE "login_failures"`);
  }
}
