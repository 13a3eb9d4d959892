import { Module } from '@nestjs/common';
import { TypeOrmModule } from '@nestjs/typeorm';
import { dataSourceOptions } from '@karta/db';
import { AppConfig } from '@karta/server-config';

/** The TypeORM connection shared by API and worker; it never synchronizes the schema. */
@Module({
  imports: [
    TypeOrmModule.forRootAsync({
      inject: [AppConfig],
      useFactory: (config: AppConfig) => ({
        ...dataSourceOptions(config.database.url),
        // Fail fast with one clear error instead of retrying in a loop of stack traces.
        retryAttempts: 0,
        extra: { max: 20, connectionTimeoutMillis: 5_000 },
      }),
    }),
  ],
})
export class DatabaseModule {}
