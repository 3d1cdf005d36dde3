import type { MigrationInterface, QueryRunner } from 'typeorm';

// Search that finds what people type (issue 14 §2) and list queries that use their indexes (issue 16 §2):
// - post text with the Indonesian snowball stemmer ("merusak", "kerusakan" → rusak) instead of 'simple',
//   kept in posts.search_vector by a trigger so ranking reads it instead of re-parsing every match
//   (filled for existing posts by the next migration);
// - citizen names and handles, kecamatan/desa and partial tracking numbers ("000083") by trigram;
// - the collaborator check of OPD users (an array overlap) gets its own index, so the OR with
//   opd_code becomes a BitmapOr instead of a filter over every case;
// - the deadline sort walks (due_at, id) instead of sorting every case.
export class CaseSearch1766400000000 implements MigrationInterface {
  name = 'CaseSearch1766400000000';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`CREATE EXTENSION IF NOT EXISTS pg_trgm`);
    await q.query(`ALTER TABLE "posts" ADD "search_vector" tsvector`);
    await q.query(`CREATE FUNCTION posts_search_vector() RETURNS trigger LANGUAGE plpgsql AS $$
      BEGIN NEW.search_vector := to_tsvector('indonesian', NEW.text); RETURN NEW; END $$`);
    await q.query(`CREATE TRIGGER posts_search_vector BEFORE INSERT OR UPDATE OF text ON posts FOR EACH ROW EXECUTE FUNCTION posts_search_vector()`);
    await q.query(`DROP INDEX IF EXISTS "ix_posts_text_fts"`);
    await q.query(`CREATE INDEX "ix_posts_text_fts" ON "posts" USING gin ("search_vector") WHERE case_id IS NOT NULL`);
    await q.query(
      `CREATE INDEX "ix_posts_author_trgm" ON "posts" USING gin ((coalesce(author_name, '') || ' ' || coalesce(author_username, '')) gin_trgm_ops) WHERE case_id IS NOT NULL`,
    );
    await q.query(
      `CREATE INDEX "ix_cases_search_trgm" ON "cases" USING gin ((tracking_number || ' ' || coalesce(location_kecamatan, '') || ' ' || coalesce(location_desa, '')) gin_trgm_ops)`,
    );
    await q.query(`CREATE INDEX "ix_cases_collaborators" ON "cases" USING gin ("collaborator_opd_codes")`);
    await q.query(`DROP INDEX IF EXISTS "ix_cases_due"`);
    await q.query(`CREATE INDEX "ix_cases_due" ON "cases" ("due_at", "id") WHERE due_at IS NOT NULL`);
  }

  async down(q: QueryRunner): Promise<void> {
    await q.query(`DROP INDEX IF EXISTS "ix_cases_due"`);
    await q.query(`CREATE INDEX "ix_cases_due" ON "cases" ("due_at") WHERE due_at IS NOT NULL`);
    await q.query(`DROP INDEX IF EXISTS "ix_cases_collaborators"`);
    await q.query(`DROP INDEX IF EXISTS "ix_cases_search_trgm"`);
    await q.query(`DROP INDEX IF EXISTS "ix_posts_author_trgm"`);
    await q.query(`DROP INDEX IF EXISTS "ix_posts_text_fts"`);
    await q.query(`DROP TRIGGER IF EXISTS posts_search_vector ON posts`);
    await q.query(`DROP FUNCTION IF EXISTS posts_search_vector()`);
    await q.query(`ALTER TABLE "posts" DROP COLUMN "search_vector"`);
    await q.query(`CREATE INDEX "ix_posts_text_fts" ON "posts" USING gin (to_tsvector('simple', "text"))`);
  }
}
