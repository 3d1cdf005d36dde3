import type { MigrationInterface, QueryRunner } from 'typeorm';

// Generated from the entities with TypeORM's schema builder, then tidied by hand.
export class Initial1763900000000 implements MigrationInterface {
  name = 'Initial1763900000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TYPE "platform" AS ENUM('facebook', 'instagram', 'x', 'tiktok', 'whatsapp')`);
    await q.query(
      `CREATE TYPE "health_state" AS ENUM('ok', 'degraded', 'rate_limited', 'quota_exhausted', 'auth_expired', 'permission_missing', 'down')`,
    );
    await q.query(`CREATE TYPE "post_kind" AS ENUM('post', 'comment', 'reply', 'mention', 'tag', 'direct_message')`);
    await q.query(`CREATE TYPE "intent" AS ENUM('complaint', 'aspiration', 'question', 'other')`);
    await q.query(`CREATE TYPE "sentiment" AS ENUM('negative', 'neutral', 'positive')`);
    await q.query(
      `CREATE TYPE "case_status" AS ENUM('baru', 'perlu_ditinjau', 'didisposisikan', 'diproses', 'menunggu_validasi', 'selesai', 'ditolak')`,
    );
    await q.query(`CREATE TYPE "user_role" AS ENUM('admin', 'operator', 'opd', 'pimpinan')`);

    await q.query(`CREATE TABLE "users" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "username" text NOT NULL,
      "display_name" text NOT NULL,
      "password_hash" text NOT NULL,
      "role" "user_role" NOT NULL,
      "opd_codes" text array NOT NULL DEFAULT '{}',
      "active" boolean NOT NULL DEFAULT true,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_fe0bb3f6520ee0469504521e710" UNIQUE ("username"),
      CONSTRAINT "PK_a3ffb1c0c8416b9fc6f907b7433" PRIMARY KEY ("id"))`);

    await q.query(`CREATE TABLE "connector_accounts" (
      "id" uuid NOT NULL DEFAULT gen_random_uuid(),
      "platform" "platform" NOT NULL,
      "external_account_id" text NOT NULL,
      "handle" text NOT NULL,
      "display_name" text,
      "settings" jsonb NOT NULL DEFAULT '{}',
      "credentials_enc" text,
      "enabled" boolean NOT NULL DEFAULT true,
      "poll_interval_sec" integer NOT NULL DEFAULT '60',
      "health_state" "health_state" NOT NULL DEFAULT 'ok',
      "health_detail" text,
      "retry_at" TIMESTAMP WITH TIME ZONE,
      "consecutive_failures" integer NOT NULL DEFAULT '0',
      "consecutive_auth_failures" integer NOT NULL DEFAULT '0',
      "cursor" text,
      "next_poll_at" TIMESTAMP WITH TIME ZONE,
      "locked_until" TIMESTAMP WITH TIME ZONE,
      "lock_owner" text,
      "last_polled_at" TIMESTAMP WITH TIME ZONE,
      "last_success_at" TIMESTAMP WITH TIME ZONE,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_54ac4612f8322c6551bf03a3522" PRIMARY KEY ("id"))`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_connector_accounts_platform_external" ON "connector_accounts" ("platform", "external_account_id")`,
    );

    await q.query(`CREATE TABLE "posts" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "platform" "platform" NOT NULL,
      "account_id" uuid NOT NULL,
      "external_id" text NOT NULL,
      "dedupe_key" text NOT NULL,
      "kind" "post_kind" NOT NULL,
      "author_id" text NOT NULL,
      "author_name" text,
      "author_username" text,
      "text" text NOT NULL,
      "text_truncated" boolean NOT NULL DEFAULT false,
      "permalink" text,
      "lang" text,
      "parent_external_id" text,
      "root_external_id" text,
      "posted_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "edited_at" TIMESTAMP WITH TIME ZONE,
      "deleted" boolean NOT NULL DEFAULT false,
      "reply_target" jsonb NOT NULL,
      "raw" jsonb NOT NULL,
      "processing_state" text NOT NULL DEFAULT 'pending',
      "ingested_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "UQ_e6969c0859b40d2f16754d307a6" UNIQUE ("dedupe_key"),
      CONSTRAINT "PK_2829ac61eff60fcec60d7274b9e" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_posts_pending" ON "posts" ("id") WHERE processing_state = 'pending'`);
    await q.query(
      `CREATE UNIQUE INDEX "uq_posts_platform_account_external" ON "posts" ("platform", "account_id", "external_id")`,
    );

    await q.query(`CREATE TABLE "opds" (
      "code" text NOT NULL,
      "name" text NOT NULL,
      "description" text NOT NULL DEFAULT '',
      "active" boolean NOT NULL DEFAULT true,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_c0cedca73f8935633828175bed5" PRIMARY KEY ("code"))`);

    await q.query(`CREATE TABLE "cases" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "tracking_number" text NOT NULL,
      "post_id" bigint NOT NULL,
      "intent" "intent" NOT NULL,
      "intent_confidence" real NOT NULL,
      "sentiment" "sentiment" NOT NULL,
      "sentiment_confidence" real NOT NULL,
      "topic" text,
      "opd_code" text,
      "routing_confidence" real NOT NULL,
      "suggested_opd_code" text,
      "location_kecamatan" text,
      "location_desa" text,
      "status" "case_status" NOT NULL DEFAULT 'baru',
      "status_reason" text,
      "model_version" text NOT NULL,
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      "version" integer NOT NULL DEFAULT '1',
      CONSTRAINT "UQ_7b762a30768650df79efd872253" UNIQUE ("tracking_number"),
      CONSTRAINT "UQ_2cbe2b7bdd4d2176f382f9e2fa4" UNIQUE ("post_id"),
      CONSTRAINT "PK_264acb3048c240fb89aa34626db" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_cases_status" ON "cases" ("status", "id")`);
    await q.query(`CREATE INDEX "ix_cases_opd_status" ON "cases" ("opd_code", "status", "id")`);

    await q.query(`CREATE TABLE "case_events" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "case_id" bigint NOT NULL,
      "type" text NOT NULL,
      "actor_user_id" uuid,
      "actor_label" text NOT NULL,
      "data" jsonb NOT NULL DEFAULT '{}',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_61f203ee26b76c6438bbcc7bde6" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_case_events_case" ON "case_events" ("case_id", "id")`);
    // The audit trail is append-only, enforced by the database, not only by the code.
    await q.query(`CREATE FUNCTION "forbid_audit_change"() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN RAISE EXCEPTION 'case_events is append-only'; END $$`);
    await q.query(`CREATE TRIGGER "case_events_append_only" BEFORE UPDATE OR DELETE ON "case_events"
      FOR EACH ROW EXECUTE FUNCTION "forbid_audit_change"()`);

    await q.query(`CREATE TABLE "tracking_counters" (
      "year" integer NOT NULL,
      "last_value" integer NOT NULL,
      CONSTRAINT "PK_c69cb2a7222696757ae89af4d95" PRIMARY KEY ("year"))`);

    await q.query(`ALTER TABLE "posts" ADD CONSTRAINT "FK_e3bab03a7dee745151598930014" FOREIGN KEY ("account_id") REFERENCES "connector_accounts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "FK_2cbe2b7bdd4d2176f382f9e2fa4" FOREIGN KEY ("post_id") REFERENCES "posts"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "case_events" ADD CONSTRAINT "FK_259dbf949114e25670ac6cad205" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT ON UPDATE NO ACTION`);
    await q.query(`ALTER TABLE "cases" ADD CONSTRAINT "FK_7b0ba56b55350a4cd0d29c60334" FOREIGN KEY ("opd_code") REFERENCES "opds"("code") ON DELETE RESTRICT ON UPDATE NO ACTION`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "tracking_counters"`);
    await q.query(`DROP TABLE "case_events"`);
    await q.query(`DROP FUNCTION "forbid_audit_change"()`);
    await q.query(`DROP TABLE "cases"`);
    await q.query(`DROP TABLE "opds"`);
    await q.query(`DROP TABLE "posts"`);
    await q.query(`DROP TABLE "connector_accounts"`);
    await q.query(`DROP TABLE "users"`);
    for (const t of ['user_role', 'case_status', 'sentiment', 'intent', 'post_kind', 'health_state', 'platform'])
      await q.query(`DROP TYPE "${t}"`);
  }
}
