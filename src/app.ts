import 'reflect-metadata';
import { RequestMethod, type INestApplication, type LoggerService, type LogLevel, type Type, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import helmet from 'helmet';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { Logger as PinoLogger, LoggerModule } from 'nestjs-pino';
import { AppModule } from './app.module.js';
import { PostgresIoAdapter } from './dashboard/postgres-io.adapter.js';
import { DatabaseUnavailableFilter } from './common/errors/database-unavailable.filter.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { UnsafeTextPipe } from './common/errors/unsafe-text.pipe.js';
import { AppValidationPipe } from './common/errors/validation.pipe.js';
import { AppLogger } from './common/logging/app-logger.js';
import { createPino, httpLogOptions, PinoNestLogger } from './common/logging/pino.js';
import type { AppConfig } from './config/app-config.js';
import { DatabaseOutage } from './health/database-outage.js';
import { httpMetrics } from './health/http-metrics.js';
import { PipelineMetrics } from './health/pipeline-metrics.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

/** The readable console (text, demo and development) or pino JSON lines (production, LOG_FORMAT=json). */
export function createLogger(config: Pick<AppConfig, 'log'>): LoggerService {
  if (config.log.format === 'json') return new PinoNestLogger(createPino(config.log.level));
  const upTo = LEVELS.indexOf(config.log.level);
  return new AppLogger({ logLevels: LEVELS.slice(0, upTo + 1), colors: process.stdout.isTTY });
}

/** Builds the HTTP + socket.io application (not yet listening); shared by main.ts and the e2e tests. */
export async function createApp(config: AppConfig, extra: Array<Type | DynamicModule> = [], logger: LoggerService | false = createLogger(config)): Promise<INestApplication> {
  // With pino, nestjs-pino logs one line per request and binds each log inside a request to its id.
  const pinoModules = logger instanceof PinoNestLogger ? [LoggerModule.forRoot({ pinoHttp: httpLogOptions(logger.pino) })] : [];
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, [...pinoModules, ...extra]), {
    logger: logger === false ? false : logger,
    bufferLogs: false,
    // Webhook signatures are checked over the raw bytes.
    rawBody: true,
  });
  if (pinoModules.length) app.useLogger(app.get(PinoLogger));
  // Security headers on every answer (API, docs, dashboard) and no X-Powered-By. The dashboard's
  // static files set their own stricter CSP (app.module.ts WEB_HEADERS), which replaces helmet's;
  // the API docs page needs Swagger UI's inline styles.
  app.disable('x-powered-by');
  app.use(
    helmet({
      contentSecurityPolicy: { directives: { 'style-src': ["'self'", "'unsafe-inline'"], 'img-src': ["'self'", 'data:'], 'upgrade-insecure-requests': null } },
    }),
  );
  app.use(httpMetrics(app.get(PipelineMetrics)));
  // Behind the compose proxy every request comes from nginx: the public pages' per-client limit
  // needs the address nginx saw (X-Forwarded-For, trusted only from the configured proxies).
  if (config.citizen.trustProxy) app.set('trust proxy', config.citizen.trustProxy);
  // Meta sends webhook batches of up to ~3 MB (§5.2).
  app.useBodyParser('json', { limit: '5mb' });
  // Outside /api: the citizen's public pages (issue 15, /lacak/… and /publik) and Open311 GeoReport v2,
  // which keeps the paths its spec names (/open311/v2/…).
  app.setGlobalPrefix('api', {
    exclude: [
      { path: 'lacak', method: RequestMethod.ALL },
      { path: 'lacak/*path', method: RequestMethod.ALL },
      { path: 'publik', method: RequestMethod.ALL },
      { path: 'publik/*path', method: RequestMethod.ALL },
      { path: 'open311/v2/{*rest}', method: RequestMethod.ALL },
    ],
  });
  app.useGlobalPipes(
    new UnsafeTextPipe(),
    new AppValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  // Nest tries global filters last-registered first: the database-outage catch-all goes first, so it is tried last.
  const outage = app.get(DatabaseOutage);
  app.useGlobalFilters(new DatabaseUnavailableFilter((e) => outage.observe(e), app.getHttpAdapter()), new DomainErrorFilter());
  app.useWebSocketAdapter(config.server.socketAdapter === 'postgres' ? new PostgresIoAdapter(app, config.database.url!, (e) => outage.observe(e)) : new IoAdapter(app));
  const doc = new DocumentBuilder()
    .setTitle('Suara Warga API')
    .setDescription('Citizens’ posts to the regency, classified, routed to OPD inboxes and answered.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
