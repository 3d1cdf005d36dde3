import 'reflect-metadata';
import { randomBytes } from 'node:crypto';
import pg from 'pg';

/** Set by global-setup: an admin URL of the test server and the name of the template database. */
export const TEST_ENV_ADMIN_URL = 'SW_TEST_ADMIN_URL';
export const TEST_ENV_TEMPLATE = 'SW_TEST_TEMPLATE_DB';

export function withDatabase(url: string, database: string): string {
  const u = new URL(url);
  u.pathname = `/${database}`;
  return u.toString();
}

async function admin<T>(fn: (c: pg.Client) => Promise<T>): Promise<T> {
  const url = process.env[TEST_ENV_ADMIN_URL];
  if (!url) throw new Error('test database not prepared: run the tests through jest (global-setup)');
  const client = new pg.Client({ connectionString: url });
  await client.connect();
  try {
    return await fn(client);
  } finally {
    await client.end();
  }
}

/** Migrates the template once per run; concurrent workers wait on an advisory lock. */
async function ensureTemplate(template: string): Promise<void> {
  await admin(async (c) => {
    await c.query(`SELECT pg_advisory_lock(hashtext($1))`, [template]);
    try {
      const { rows } = await c.query<{ datistemplate: boolean }>(
        'SELECT datistemplate FROM pg_database WHERE datname = $1',
        [template],
      );
      if (rows[0]?.datistemplate) return;
      await c.query(`DROP DATABASE IF EXISTS ${template} WITH (FORCE)`);
      await c.query(`CREATE DATABASE ${template}`);
      const { createDataSource } = await import('../../src/database/data-source.js');
      const ds = createDataSource(withDatabase(process.env[TEST_ENV_ADMIN_URL]!, template), 2);
      await ds.initialize();
      await ds.runMigrations();
      await ds.destroy();
      await c.query(`ALTER DATABASE ${template} IS_TEMPLATE true`);
    } finally {
      await c.query(`SELECT pg_advisory_unlock(hashtext($1))`, [template]);
    }
  });
}

export interface TestDatabase {
  url: string;
  name: string;
  drop(): Promise<void>;
}

/**
 * A fresh database for one test file, cloned from the migrated template with
 * CREATE DATABASE ... TEMPLATE (fast, isolated, safe with parallel workers).
 */
export async function createTestDatabase(): Promise<TestDatabase> {
  const template = process.env[TEST_ENV_TEMPLATE]!;
  await ensureTemplate(template);
  const name = `sw_test_${randomBytes(6).toString('hex')}`;
  await admin((c) => c.query(`CREATE DATABASE ${name} TEMPLATE ${template}`));
  return {
    url: withDatabase(process.env[TEST_ENV_ADMIN_URL]!, name),
    name,
    drop: () =>
      admin(async (c) => {
        await c.query(`DROP DATABASE IF EXISTS ${name} WITH (FORCE)`);
      }),
  };
}
