import 'reflect-metadata';
import { createApp, createLogger } from './app.js';
import { ConfigValidationError, loadAppConfig, type AppConfig } from './config/app-config.js';
import { EmbeddedPostgresError, startEmbeddedPostgres, type EmbeddedDatabase } from './database/embedded-postgres.js';
import { startDemoFakes, type DemoFakes } from './demo/demo-fakes.js';
import { DEMO_PASSWORD, DEMO_USERS, DemoModule } from './demo/demo.module.js';

async function loadConfigOrExit(): Promise<AppConfig> {
  try {
    return await loadAppConfig(process.env);
  } catch (e) {
    if (e instanceof ConfigValidationError) {
      console.error(`Suara Warga cannot start. ${e.message}`);
      process.exit(1);
    }
    throw e;
  }
}

async function main(): Promise<void> {
  const config = await loadConfigOrExit();
  const logger = createLogger(config);
  // One bad request or a stray promise must not take the regency's intake down (issue 13 §5):
  // logged, and the process goes on.
  process.on('unhandledRejection', (e: unknown) => {
    logger.error({ event: 'unhandled_rejection', error: e instanceof Error ? e.stack : String(e) }, 'Process');
  });
  process.on('uncaughtException', (e: Error) => {
    logger.error({ event: 'uncaught_exception', error: e.stack ?? String(e) }, 'Process');
  });
  let db: EmbeddedDatabase | undefined;
  if (!config.database.url) {
    logger.log(`No DATABASE_URL: starting embedded PostgreSQL in ${config.database.embeddedDir}`, 'Bootstrap');
    db = await startEmbeddedPostgres({
      dir: config.database.embeddedDir,
      port: config.database.embeddedPort,
      database: 'suara_warga',
      log: (line) => void logger.debug?.(line, 'EmbeddedPostgres'),
    });
    config.database.url = db.url;
  }
  let fakes: DemoFakes | undefined;
  if (config.demo.enabled) {
    fakes = await startDemoFakes(config);
    logger.log(`Demo mode (no platform credentials): fake X, Facebook, Instagram, TikTok, WhatsApp, Telegram and YouTube on 127.0.0.1`, 'Bootstrap');
  }

  const app = await createApp(config, fakes ? [DemoModule.forRoot(fakes)] : [], logger);
  await app.listen(config.server.port, config.server.host);
  const { port } = (app.getHttpServer() as import('node:http').Server).address() as { port: number };
  const url = `http://localhost:${port}`;
  const startedSec = process.uptime().toFixed(1);
  if (config.log.format === 'json') {
    // Production logs stay one JSON object per line; the banner is one of them.
    logger.log({ event: 'started', url, region: config.region.name, timezone: config.timezone, startedSec: Number(startedSec), demo: Boolean(fakes) }, 'Bootstrap');
  } else {
    const lines = [
      '',
      `  Suara Warga is running for ${config.region.name} (${config.timezone}), started in ${startedSec} s`,
      `  API and dashboard: ${url}/`,
      `  API docs:          ${url}/api/docs`,
      `  Health:            ${url}/api/health   (live: /api/health/live, ready: /api/health/ready)`,
      `  Metrics:           ${url}/api/metrics  (Prometheus; loopback, METRICS_ALLOW or METRICS_TOKEN)`,
    ];
    if (fakes) {
      // The four roles one by one; the other OPD users (one per OPD) on one line.
      const shown = DEMO_USERS.slice(0, 4);
      const opdUsers = DEMO_USERS.slice(4).map((u) => u.username);
      lines.push('  Demo logins (POST /api/auth/login):', ...shown.map((u) => `    ${u.username.padEnd(9)} / ${DEMO_PASSWORD}   (${u.role}${u.opdCodes ? ` ${u.opdCodes.join(',')}` : ''})`));
      if (opdUsers.length) lines.push(`    and one OPD user per OPD, same password: ${opdUsers.join(', ')}`);
    }
    else if (config.security.admin) lines.push(`  Admin login: ${config.security.admin.username} (password from ADMIN_PASSWORD)`);
    const every = config.log.totalsIntervalSec;
    if (config.log.level !== 'debug' && every) lines.push('', `  Routine polls log at debug (LOG_LEVEL=debug); a line of totals follows every ${every === 60 ? 'minute' : `${every} s`} with activity.`);
    console.log(lines.join('\n') + '\n');
  }

  // SIGTERM: stop polling, let running batches finish, close HTTP and sockets, then the database.
  let closing = false;
  const shutdown = async (signal: string): Promise<void> => {
    if (closing) return;
    closing = true;
    logger.log(`${signal}: shutting down gracefully`, 'Bootstrap');
    try {
      await app.close();
      await fakes?.stop();
      await db?.stop();
      process.exit(0);
    } catch (e) {
      logger.error(`shutdown failed: ${String(e)}`, 'Bootstrap');
      process.exit(1);
    }
  };
  process.once('SIGTERM', () => void shutdown('SIGTERM'));
  process.once('SIGINT', () => void shutdown('SIGINT'));
}

main().catch((e: unknown) => {
  // A known startup problem is one clear sentence; anything else keeps its stack.
  console.error('Suara Warga failed to start:', e instanceof EmbeddedPostgresError ? e.message : (e ?? 'unknown error (see the log above)'));
  process.exit(1);
});
