import type { MigrationInterface, QueryRunner } from 'typeorm';

// Data only (see CaseSearch1766400000000): the search vector of posts stored before the trigger.
export class BackfillPostSearchVector1766400000001 implements MigrationInterface {
  name = 'BackfillPostSearchVector1766400000001';

  async up(q: QueryRunner): Promise<void> {
    await q.query(`UPDATE posts SET search_vector = to_tsvector('indonesian', text) WHERE search_vector IS NULL`);
  }

  async down(): Promise<void> {
    // Nothing to undo: CaseSearch1766400000000's down() drops the column.
  }
}
