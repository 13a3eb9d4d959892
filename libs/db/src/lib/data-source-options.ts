import type { DataSourceOptions } from 'typeorm';
import { MIGRATIONS } from '../migrations';
import { ENTITIES } from './entities';

/** The one way to describe our database to TypeORM. The schema changes only through migrations. */
export function dataSourceOptions(url: string, applicationName = 'karta'): DataSourceOptions {
  return {
    type: 'postgres',
    url,
    applicationName,
    entities: ENTITIES,
    migrations: MIGRATIONS,
    migrationsTableName: 'typeorm_migrations',
    migrationsTransactionMode: 'each',
    uuidExtension: 'pgcrypto',
    synchronize: false,
    migrationsRun: false,
  };
}
