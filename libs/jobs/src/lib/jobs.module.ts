import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { redisOptions } from '@karta/server-core';
import { AppConfig } from '@karta/server-config';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { JobProducer } from './job-producer';
import { QueueName } from './queues';

const ALL_QUEUES = Object.values(QueueName).map((name) => ({ name }));

/** Connects BullMQ to Redis with our prefix and registers every queue; API and worker import it. */
@Module({})
export class JobsModule {
  static forRoot(): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: redisOptions(config.redis.url),
            prefix: config.redis.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        BullModule.registerQueue(...ALL_QUEUES),
      ],
      providers: [JobProducer],
      exports: [BullModule, JobProducer],
    };
  }
}
