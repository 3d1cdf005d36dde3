import type { ServerResponse } from 'node:http';
import { resolve, sep } from 'node:path';
import { Module, type DynamicModule, type Type } from '@nestjs/common';
import { EventEmitterModule } from '@nestjs/event-emitter';
import { ScheduleModule } from '@nestjs/schedule';
import { ServeStaticModule } from '@nestjs/serve-static';
import { TypeOrmModule } from '@nestjs/typeorm';
import { AdminModule } from './admin/admin.module.js';
import { AuthModule } from './auth/auth.module.js';
import { CasesModule } from './cases/cases.module.js';
import { CitizenModule } from './citizen/citizen.module.js';
import { CoreModule } from './common/core.module.js';
import type { AppConfig } from './config/app-config.js';
import { ConfigModule } from './config/config.module.js';
import { ConnectorsModule } from './connectors/connectors.module.js';
import { dataSourceOptions } from './database/data-source.js';
import { DashboardModule } from './dashboard/dashboard.module.js';
import { DatabaseOutage } from './health/database-outage.js';
import { HealthModule } from './health/health.module.js';
import { OpsCoreModule } from './health/ops-core.module.js';
import { IngestionModule } from './ingestion/ingestion.module.js';
import { Open311Module } from './open311/open311.module.js';
import { IntegrationModule } from './integration/integration.module.js';
import { WebhooksModule } from './ingestion/webhooks/webhooks.module.js';
import { RepliesModule } from './replies/replies.module.js';
import { ReportsModule } from './reports/reports.module.js';
import { StatsModule } from './stats/stats.module.js';

// The browser dashboard (web/, bundled into public/ by `npm run build:web`) at `/`: /api and
// /socket.io stay with Nest; any other path falls back to index.html for client-side routes.
// Strict CSP: scripts and styles only from this origin, no inline code, Trusted Types enforced.
const WEB_HEADERS: Record<string, string> = {
  'Content-Security-Policy':
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data: blob:; connect-src 'self'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'; form-action 'self'; require-trusted-types-for 'script'",
  'X-Content-Type-Options': 'nosniff',
  'Referrer-Policy': 'no-referrer',
  'X-Frame-Options': 'DENY',
};
const webDashboard = ServeStaticModule.forRoot({
  rootPath: resolve('public'),
  exclude: /^\/(api|socket\.io|lacak|publik|open311)(\/|$)/,
  serveStaticOptions: {
    setHeaders: (res: ServerResponse, path: string) => {
      for (const [k, v] of Object.entries(WEB_HEADERS)) res.setHeader(k, v);
      res.setHeader('Cache-Control', path.includes(`${sep}chunks${sep}`) ? 'public, max-age=31536000, immutable' : 'no-cache');
    },
  },
});

@Module({})
export class AppModule {
  /** The whole service for a validated configuration; `extra` adds modules such as demo mode. */
  static forRoot(config: AppConfig, extra: Array<Type | DynamicModule> = []): DynamicModule {
    if (!config.database.url) throw new Error('database URL must be resolved before the app starts');
    return {
      module: AppModule,
      imports: [
        ConfigModule.forRoot(config),
        CoreModule,
        EventEmitterModule.forRoot(),
        ScheduleModule.forRoot(),
        OpsCoreModule,
        // Migrations run at start; schema changes only ever come from migrations. Errors that mean
        // "database unavailable" go to DatabaseOutage, which logs an outage once.
        TypeOrmModule.forRootAsync({
          imports: [OpsCoreModule],
          inject: [DatabaseOutage],
          useFactory: (outage: DatabaseOutage) => ({
            ...dataSourceOptions(config.database.url!, config.database.poolSize, true, (e) => outage.observe(e)),
            migrationsRun: true,
          }),
        }),
        AdminModule,
        AuthModule,
        CasesModule,
        ConnectorsModule,
        DashboardModule,
        HealthModule,
        IngestionModule,
        RepliesModule,
        ReportsModule,
        StatsModule,
        WebhooksModule,
        CitizenModule,
        Open311Module,
        IntegrationModule,
        webDashboard,
        ...extra,
      ],
    };
  }
}
