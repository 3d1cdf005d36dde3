import type { MigrationInterface, QueryRunner } from 'typeorm';

// Signed outbound webhooks (issue 18): subscribers registered by admins (secret encrypted with
// CREDENTIALS_KEY, it must be read to sign), and the cursor over case_events that feeds them.
export class WebhookSubscribers1766600200000 implements MigrationInterface {
  name = 'WebhookSubscribers1766600200000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(
      `CREATE TABLE "webhook_subscribers" (
        "id" uuid NOT NULL DEFAULT gen_random_uuid(),
        "name" text NOT NULL,
        "url" text NOT NULL,
        "event_types" text[] NOT NULL,
        "secret_enc" text NOT NULL,
        "enabled" boolean NOT NULL DEFAULT true,
        "disabled_reason" text,
        "failing_since" TIMESTAMP WITH TIME ZONE,
        "created_by" uuid,
        "created_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        "updated_at" TIMESTAMP WITH TIME ZONE NOT NULL DEFAULT now(),
        CONSTRAINT "PK_webhook_subscribers" PRIMARY KEY ("id"))`,
    );
    await q.query(`CREATE TABLE "integration_cursors" ("name" text NOT NULL, "last_id" bigint NOT NULL DEFAULT 0, CONSTRAINT "PK_integration_cursors" PRIMARY KEY ("name"))`);
    // Subscribers hear what happens from now on, not the history before the feature existed.
    await q.query(`INSERT INTO "integration_cursors" ("name", "last_id") SELECT 'webhooks', COALESCE(max(id), 0) FROM "case_events"`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DELETE FROM "outbox" WHERE kind = 'webhook'`);
    await q.query(`DROP TABLE "integration_cursors"`);
    await q.query(`DROP TABLE "webhook_subscribers"`);
  }
}
