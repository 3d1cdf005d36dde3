import type { MigrationInterface, QueryRunner } from 'typeorm';

// Administrative actions get the same append-only guarantee as case events; case events gain an
// index by actor so an admin can read one user's trail.
export class AdminAudit1764000000000 implements MigrationInterface {
  name = 'AdminAudit1764000000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "audit_log" (
      "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
      "actor_user_id" uuid,
      "actor_label" text NOT NULL,
      "action" text NOT NULL,
      "target_type" text NOT NULL,
      "target_id" text NOT NULL,
      "data" jsonb NOT NULL DEFAULT '{}',
      "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
      CONSTRAINT "PK_07fefa57f7f5ab8fc3f52b3ed0b" PRIMARY KEY ("id"))`);
    await q.query(`CREATE INDEX "ix_audit_log_actor" ON "audit_log" ("actor_user_id", "id")`);
    await q.query(`CREATE TRIGGER "audit_log_append_only" BEFORE UPDATE OR DELETE ON "audit_log" FOR EACH ROW EXECUTE FUNCTION "forbid_audit_change"()`);
    await q.query(`CREATE INDEX "ix_case_events_actor" ON "case_events" ("actor_user_id", "id")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_case_events_actor"`);
    await q.query(`DROP TABLE "audit_log"`);
  }
}
