import type { MigrationInterface, QueryRunner } from 'typeorm';

// SP4N-LAPOR! forwarding and the outbox (issue 18): the anonim/rahasia flags and the LAPOR!
// tracking id on the case, and one outbox table for all work that leaves the service
// (STYLE.md: written in the same transaction as the change, sent after commit, retried).
export class LaporOutbox1766600100000 implements MigrationInterface {
  name = 'LaporOutbox1766600100000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `ALTER TABLE "cases" ADD "anonim" boolean NOT NULL DEFAULT false, ADD "rahasia" boolean NOT NULL DEFAULT false,
        ADD "lapor_tracking_id" text, ADD "lapor_status" text, ADD "lapor_checked_at" TIMESTAMP WITH TIME ZONE`,
    );
    // Private channels are rahasia by default (WhatsApp, direct messages; common/platform.ts).
    await q.query(`UPDATE "cases" c SET "rahasia" = true FROM "posts" p WHERE p.id = c.post_id AND (p.platform = 'whatsapp' OR p.kind = 'direct_message')`);
    await q.query(`CREATE INDEX "ix_cases_lapor_open" ON "cases" ("lapor_checked_at") WHERE lapor_tracking_id IS NOT NULL`);
    await q.query(
      `CREATE TABLE "outbox" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "kind" text NOT NULL,
        "idempotency_key" text NOT NULL,
        "case_id" bigint,
        "target_id" uuid,
        "payload" jsonb NOT NULL DEFAULT '{}',
        "state" text NOT NULL DEFAULT 'pending',
        "attempts" integer NOT NULL DEFAULT 0,
        "next_attempt_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "locked_until" TIMESTAMP WITH TIME ZONE,
        "last_error" text,
        "last_status" integer,
        "sent_at" TIMESTAMP WITH TIME ZONE,
        "result" jsonb,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_outbox" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_outbox_idempotency_key" UNIQUE ("idempotency_key"),
        CONSTRAINT "CHK_outbox_state" CHECK ("state" IN ('pending', 'sending', 'sent', 'failed')),
        CONSTRAINT "FK_outbox_case" FOREIGN KEY ("case_id") REFERENCES "cases"("id") ON DELETE RESTRICT)`,
    );
    await q.query(`CREATE INDEX "ix_outbox_due" ON "outbox" ("next_attempt_at") WHERE state IN ('pending', 'sending')`);
    await q.query(`CREATE INDEX "ix_outbox_case" ON "outbox" ("case_id")`);
    await q.query(`CREATE INDEX "ix_outbox_kind_state" ON "outbox" ("kind", "state", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "outbox"`);
    await q.query(`DROP INDEX "ix_cases_lapor_open"`);
    await q.query(`ALTER TABLE "cases" DROP COLUMN "lapor_checked_at", DROP COLUMN "lapor_status", DROP COLUMN "lapor_tracking_id", DROP COLUMN "rahasia", DROP COLUMN "anonim"`);
  }
}
