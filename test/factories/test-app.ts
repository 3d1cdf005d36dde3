import type { INestApplication, Type } from '@nestjs/common';
import request from 'supertest';
import { createApp } from '../../src/app.js';
import { AuthService } from '../../src/auth/auth.service.js';
import type { Role } from '../../src/auth/user.entity.js';
import type { AppConfig } from '../../src/config/app-config.js';
import { createTestDatabase, type TestDatabase } from '../setup/test-database.js';
import { buildTestConfig } from './config.factory.js';

export interface TestApp {
  app: INestApplication;
  config: AppConfig;
  db: TestDatabase;
  url: string;
  get<T>(type: Type<T>): T;
  /** Creates a user with that role (and OPDs) and returns an access token. */
  tokenFor(role: Role, opdCodes?: string[]): Promise<string>;
  http(): ReturnType<typeof request>;
  close(): Promise<void>;
}

let users = 0;

/** The whole service on its own cloned database, listening on an ephemeral loopback port. */
export async function startTestApp(env: Record<string, string | undefined> = {}): Promise<TestApp> {
  const db = await createTestDatabase();
  const config = await buildTestConfig({ DATABASE_URL: db.url, ...env });
  const app = await createApp(config, [], false);
  await app.listen(0, '127.0.0.1');
  const url = await app.getUrl();
  return {
    app,
    config,
    db,
    url: url.replace('[::1]', '127.0.0.1'),
    get: <T>(t: Type<T>) => app.get(t),
    async tokenFor(role: Role, opdCodes: string[] = []) {
      const auth = app.get(AuthService);
      const username = `${role}-${++users}-${Date.now()}`;
      await auth.ensureUser({ username, displayName: username, password: 'password-123456', role, opdCodes });
      return (await auth.login(username, 'password-123456')).accessToken;
    },
    http: () => request(app.getHttpServer()),
    async close() {
      await app.close();
      await db.drop();
    },
  };
}
