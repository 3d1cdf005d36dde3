import 'reflect-metadata';
import { ValidationPipe, type INestApplication, type LogLevel, type Type, type DynamicModule } from '@nestjs/common';
import { NestFactory } from '@nestjs/core';
import type { NestExpressApplication } from '@nestjs/platform-express';
import { IoAdapter } from '@nestjs/platform-socket.io';
import { DocumentBuilder, SwaggerModule } from '@nestjs/swagger';
import { AppModule } from './app.module.js';
import { PostgresIoAdapter } from './dashboard/postgres-io.adapter.js';
import { DomainErrorFilter } from './common/errors/domain-error.filter.js';
import { AppLogger } from './common/logging/app-logger.js';
import type { AppConfig } from './config/app-config.js';

const LEVELS: LogLevel[] = ['fatal', 'error', 'warn', 'log', 'debug', 'verbose'];

export function createLogger(config: Pick<AppConfig, 'log'>): AppLogger {
  const upTo = LEVELS.indexOf(config.log.level);
  return new AppLogger({ json: config.log.format === 'json', logLevels: LEVELS.slice(0, upTo + 1), colors: config.log.format !== 'json' && process.stdout.isTTY });
}

/** Builds the HTTP + socket.io application (not yet listening); shared by main.ts and the e2e tests. */
export async function createApp(config: AppConfig, extra: Array<Type | DynamicModule> = [], logger: AppLogger | false = createLogger(config)): Promise<INestApplication> {
  const app = await NestFactory.create<NestExpressApplication>(AppModule.forRoot(config, extra), {
    logger: logger === false ? false : logger,
    bufferLogs: false,
    // Webhook signatures are checked over the raw bytes.
    rawBody: true,
  });
  // Meta sends webhook batches of up to ~3 MB (§5.2).
  app.useBodyParser('json', { limit: '5mb' });
  app.setGlobalPrefix('api');
  app.useGlobalPipes(
    new ValidationPipe({ whitelist: true, forbidNonWhitelisted: true, transform: true, stopAtFirstError: false }),
  );
  app.useGlobalFilters(new DomainErrorFilter());
  app.useWebSocketAdapter(config.server.socketAdapter === 'postgres' ? new PostgresIoAdapter(app, config.database.url!) : new IoAdapter(app));
  const doc = new DocumentBuilder()
    .setTitle('Suara Warga API')
    .setDescription('Citizens’ posts to the regency, classified, routed to OPD inboxes and answered.')
    .setVersion('0.1.0')
    .addBearerAuth()
    .build();
  SwaggerModule.setup('api/docs', app, SwaggerModule.createDocument(app, doc), { jsonDocumentUrl: 'api/docs-json' });
  return app;
}
