import 'reflect-metadata';
import { DataSource } from 'typeorm';
import { createHttpApp } from '@karta/api-core';
import { dataSourceOptions, runMigrations } from '@karta/db';
import { AppConfig, type Env, loadEnv } from '@karta/server-config';
import { assertServicesReachable, exitOnStartupError } from '@karta/server-core';
import { ApiModule } from './api.module';
import { COMMANDS } from './commands';

async function serve(env: Env): Promise<void> {
  await assertServicesReachable(env);
  if (env.DB_MIGRATIONS_RUN) {
    const dataSource = await new DataSource(dataSourceOptions(env.DATABASE_URL, 'karta-migrate')).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
  }
  const app = await createHttpApp(ApiModule.forRoot(env));
  const { host, port } = app.get(AppConfig).http;
  await app.listen({ host, port });
}

async function main(): Promise<void> {
  const env = loadEnv();
  const [command = 'serve', ...args] = process.argv.slice(2);
  if (command === 'serve') return serve(env);
  const run = COMMANDS[command];
  if (!run) throw new Error(`unknown command "${command}"; known: serve, ${Object.keys(COMMANDS).join(', ')}`);
  process.exitCode = await run(env, args);
}

main().catch((error: unknown) => exitOnStartupError('api', error));
