import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { loadAppConfig, type AppConfig } from '../../src/config/app-config.js';

/** A validated configuration for tests: fixed secrets, no demo, scheduler off unless asked. */
export function testEnv(env: Record<string, string | undefined> = {}): Record<string, string | undefined> {
  return {
    NODE_ENV: 'test',
    CONFIG_DIR: 'config',
    DATA_DIR: mkdtempSync(join(tmpdir(), 'sw-data-')),
    JWT_SECRET: 'test-secret-test-secret-test-secret-0123',
    CREDENTIALS_KEY: 'ab'.repeat(32),
    DEMO_MODE: 'false',
    POLL_SCHEDULER_ENABLED: 'false',
    POLL_TICK_MS: '100',
    POLL_BACKOFF_BASE_MS: '50',
    POLL_BACKOFF_MAX_MS: '400',
    CONNECTOR_HTTP_TIMEOUT_MS: '1500',
    LOG_LEVEL: 'error',
    ...env,
  };
}

export function buildTestConfig(env: Record<string, string | undefined> = {}): Promise<AppConfig> {
  return loadAppConfig(testEnv(env));
}
