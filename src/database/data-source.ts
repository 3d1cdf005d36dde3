import { DataSource, type DataSourceOptions } from 'typeorm';
import { ENTITIES } from './entities.js';
import { MIGRATIONS } from './migrations/index.js';
import { SnakeNamingStrategy } from './snake-naming.strategy.js';
import { TypeOrmLogger } from './typeorm-logger.js';

/** `observe` receives every query and pool error first: true means "database unavailable, handled". */
export function dataSourceOptions(url: string, poolSize = 10, logQueryErrors = true, observe?: (err: unknown) => boolean): DataSourceOptions {
  const logger = new TypeOrmLogger(observe);
  return {
    type: 'postgres',
    url,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'schema_migrations',
    migrationsRun: false,
    synchronize: false,
    // gen_random_uuid() is built into PostgreSQL 13+; no extension needs installing.
    uuidExtension: 'pgcrypto',
    installExtensions: false,
    namingStrategy: new SnakeNamingStrategy(),
    extra: { max: poolSize, application_name: 'suara-warga' },
    // Waiting for a pool connection fails after 10 s instead of hanging while PostgreSQL hangs.
    connectTimeoutMS: 10_000,
    poolErrorHandler: (err: Error) => logger.poolError(err),
    ...(logQueryErrors ? { logger } : { logging: false }),
  };
}

export function createDataSource(url: string, poolSize?: number, logQueryErrors?: boolean): DataSource {
  return new DataSource(dataSourceOptions(url, poolSize, logQueryErrors));
}
