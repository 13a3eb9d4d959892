import { type DynamicModule, Module } from '@nestjs/common';
import { LoggerModule } from 'nestjs-pino';
import { JobsModule } from '@karta/jobs';
import { AppConfig, ConfigModule, type Env } from '@karta/server-config';
import { AuditModule, DatabaseModule, RequestContextModule, pinoParams, RedisModule } from '@karta/server-core';
import { WorkerCoreModule } from '@karta/worker-core';
import { WorkerSystemModule } from '@karta/worker-system';
import { WorkerIndicatorsModule } from '@karta/worker-indicators';
import { WorkerTasksModule } from '@karta/worker-tasks';

@Module({})
export class WorkerModule {
  static forRoot(env: Env): DynamicModule {
    return {
      module: WorkerModule,
      imports: [
        ConfigModule.forRoot(env),
        RequestContextModule,
        LoggerModule.forRootAsync({ inject: [AppConfig], useFactory: (config: AppConfig) => pinoParams(config, 'worker') }),
        DatabaseModule,
        RedisModule,
        AuditModule,
        JobsModule.forRoot({ runsWorkers: true }),
        WorkerCoreModule,
        WorkerSystemModule,
        WorkerTasksModule,
        WorkerIndicatorsModule,
      ],
    };
  }
}
