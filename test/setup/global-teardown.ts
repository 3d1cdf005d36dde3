import pg from 'pg';
// Names shared with test-database.ts (Jest loads global setup/teardown outside its ESM mapper).
const TEST_ENV_ADMIN_URL = 'SW_TEST_ADMIN_URL';
const TEST_ENV_TEMPLATE = 'SW_TEST_TEMPLATE_DB';

export default async function globalTeardown(): Promise<void> {
  const url = process.env[TEST_ENV_ADMIN_URL];
  if (url && process.env.TEST_DATABASE_URL) {
    // On a shared server drop the template (each test file drops its own clone); the embedded
    // server is thrown away whole.
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    const template = process.env[TEST_ENV_TEMPLATE]!;
    await client.query(`ALTER DATABASE ${template} IS_TEMPLATE false`).catch(() => undefined);
    await client.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
    await client.end();
  }
  await globalThis.__SW_EMBEDDED_PG__?.stop();
}
