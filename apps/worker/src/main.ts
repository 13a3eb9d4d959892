import 'reflect-metadata';
import { NestFactory } from '@nestjs/core';
import { Logger } from 'nestjs-pino';
import { loadEnv } from '@karta/server-config';
import { assertServicesReachable, exitOnStartupError } from '@karta/server-core';
import { WorkerModule } from './worker.module';

async function bootstrap(): Promise<void> {
  const env = loadEnv();
  await assertServicesReachable(env);
  const app = await NestFactory.createApplicationContext(WorkerModule.forRoot(env), { bufferLogs: true, abortOnError: false });
  app.useLogger(app.get(Logger));
  // On SIGTERM Nest closes the BullMQ workers, which wait for active jobs to finish.
  app.enableShutdownHooks();
  await app.init();
  app.get(Logger).log('Worker started');
}

bootstrap().catch((error: unknown) => exitOnStartupError('worker', error));
