import { BullModule } from '@nestjs/bullmq';
import { type DynamicModule, Module } from '@nestjs/common';
import { redisOptions } from '@karta/server-core';
import { AppConfig } from '@karta/server-config';
import { DEFAULT_JOB_OPTIONS } from './job-options';
import { ENQUEUE_TIMEOUT_MS, JobProducer } from './job-producer';
import { JobRequests } from './job-requests';
import { QueueConnections } from './queue-connections';
import { QueueName } from './queues';

const ALL_QUEUES = Object.values(QueueName).map((name) => ({ name }));

export interface JobsModuleOptions {
  /**
   * The process hosts BullMQ workers (the worker app), which share the queues' connection settings and
   * need commands queued while Redis reconnects. A process that only produces (the API) fails a command
   * at once while Redis is down, and after `ENQUEUE_TIMEOUT_MS` while it does not answer.
   */
  runsWorkers: boolean;
}

/** Connects BullMQ to Redis with our prefix and registers every queue; API and worker import it. */
@Module({})
export class JobsModule {
  static forRoot({ runsWorkers }: JobsModuleOptions): DynamicModule {
    return {
      module: JobsModule,
      global: true,
      imports: [
        BullModule.forRootAsync({
          inject: [AppConfig],
          useFactory: (config: AppConfig) => ({
            connection: runsWorkers
              ? redisOptions(config.redis.url)
              : { ...redisOptions(config.redis.url), enableOfflineQueue: false, commandTimeout: ENQUEUE_TIMEOUT_MS },
            prefix: config.redis.queuePrefix,
            defaultJobOptions: DEFAULT_JOB_OPTIONS,
          }),
        }),
        BullModule.registerQueue(...ALL_QUEUES),
      ],
      providers: [JobProducer, JobRequests, QueueConnections],
      exports: [BullModule, JobProducer, JobRequests],
    };
  }
}
