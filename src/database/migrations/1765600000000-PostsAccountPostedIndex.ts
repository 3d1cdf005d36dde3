import type { MigrationInterface, QueryRunner } from 'typeorm';

// The newest item of each account (ingest lag in /api/health and /api/metrics) is one index probe
// instead of a scan of every post.
export class PostsAccountPostedIndex1765600000000 implements MigrationInterface {
  name = 'PostsAccountPostedIndex1765600000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE INDEX "ix_posts_account_posted" ON "posts" ("account_id", "posted_at")`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX "ix_posts_account_posted"`);
  }
}
