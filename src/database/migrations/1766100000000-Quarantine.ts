import type { MigrationInterface, QueryRunner } from 'typeorm';

// Items that cannot be taken in are set aside here instead of failing their page (issue 12 §1 and §4).
export class Quarantine1766100000000 implements MigrationInterface {
  name = 'Quarantine1766100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "quarantined_items" (
        "id" bigint GENERATED ALWAYS AS IDENTITY NOT NULL,
        "platform" "platform" NOT NULL,
        "account_id" uuid NOT NULL,
        "external_id" text,
        "dedupe_key" text NOT NULL,
        "stage" text NOT NULL,
        "error" text NOT NULL,
        "raw" jsonb NOT NULL,
        "state" text NOT NULL DEFAULT 'open',
        "attempts" integer NOT NULL DEFAULT 1,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_quarantined_items" PRIMARY KEY ("id"),
        CONSTRAINT "UQ_quarantined_items_dedupe_key" UNIQUE ("dedupe_key"),
        CONSTRAINT "CHK_quarantined_items_stage" CHECK ("stage" IN ('map', 'store', 'identity')),
        CONSTRAINT "CHK_quarantined_items_state" CHECK ("state" IN ('retrying', 'open', 'resolved', 'dismissed')),
        CONSTRAINT "FK_quarantined_items_account" FOREIGN KEY ("account_id") REFERENCES "connector_accounts"("id") ON DELETE CASCADE
      )`,
    );
    await q.query(`CREATE INDEX "ix_quarantined_items_account_state" ON "quarantined_items" ("account_id", "state", "id")`);
    // A re-read that changes a post's author or creation time is refused (§4), unless the stored
    // time was only a stand-in for one the platform did not give.
    await q.query(`ALTER TABLE "posts" ADD "posted_at_exact" boolean NOT NULL DEFAULT true`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`ALTER TABLE "posts" DROP COLUMN "posted_at_exact"`);
    await q.query(`DROP TABLE "quarantined_items"`);
  }
}
