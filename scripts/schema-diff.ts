// Prints the SQL TypeORM would run to bring a migrated database in line with the entities.
// Empty output means migrations and entities agree. Usage: node dist/scripts/schema-diff.js <url>
import 'reflect-metadata';
import { createDataSource } from '../src/database/data-source.js';

const ds = createDataSource(process.argv[2] ?? process.env.DATABASE_URL ?? '');
await ds.initialize();
await ds.runMigrations();
const sql = await ds.driver.createSchemaBuilder().log();
for (const q of sql.upQueries) console.log(q.query + ';');
await ds.destroy();
