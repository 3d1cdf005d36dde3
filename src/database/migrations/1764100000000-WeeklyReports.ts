import type { MigrationInterface, QueryRunner } from 'typeorm';

// Weekly summaries for the Sekda: one row per ISO week, recomputed in place (upsert on week).
export class WeeklyReports1764100000000 implements MigrationInterface {
  name = 'WeeklyReports1764100000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE TABLE "weekly_reports" (
      "week" text NOT NULL,
      "from" TIMESTAMP WITH TIME ZONE NOT NULL,
      "to" TIMESTAMP WITH TIME ZONE NOT NULL,
      "generated_at" TIMESTAMP WITH TIME ZONE NOT NULL,
      "emailed_at" TIMESTAMP WITH TIME ZONE,
      "data" jsonb NOT NULL,
      CONSTRAINT "PK_8716b5d42036433da49bc0392a0" PRIMARY KEY ("week"))`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP TABLE "weekly_reports"`);
  }
}
