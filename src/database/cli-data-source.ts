// Data source for the TypeORM CLI (npm run migration:*): DATABASE_URL must point at the database.
import 'reflect-metadata';
import { createDataSource } from './data-source.js';

if (!process.env.DATABASE_URL) {
  console.error('Set DATABASE_URL to run migrations from the command line (the service migrates by itself at start).');
  process.exit(2);
}
export default createDataSource(process.env.DATABASE_URL);
