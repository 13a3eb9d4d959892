import { Injectable, type OnModuleInit } from '@nestjs/common';
import { RedisConnections } from '@karta/server-core';
import { JobProducer } from './job-producer';

/** Puts every queue's Redis connection under `RedisConnections`: in health, logged when it drops and returns. */
@Injectable()
export class QueueConnections implements OnModuleInit {
  constructor(
    private readonly jobs: JobProducer,
    private readonly connections: RedisConnections,
  ) {}

  async onModuleInit(): Promise<void> {
    for (const queue of this.jobs.allQueues()) {
      const name = `queue:${queue.name}`;
      this.connections.listen(name, queue);
      this.connections.follow(name, await queue.waitUntilReady());
    }
  }
}
