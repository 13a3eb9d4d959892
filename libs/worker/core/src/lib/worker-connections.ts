import { WorkerHost } from '@nestjs/bullmq';
import { Injectable, type OnApplicationBootstrap } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import type { Worker } from 'bullmq';
import { RedisConnections } from '@karta/server-core';

/** Every BullMQ worker of the process (one per processor). */
export function bullWorkers(discovery: DiscoveryService): Worker[] {
  return discovery
    .getProviders()
    .map((wrapper) => wrapper.instance as unknown)
    .filter((instance): instance is WorkerHost => instance instanceof WorkerHost)
    .map((host) => host.worker);
}

/**
 * Puts both Redis connections of every BullMQ worker (commands, and the blocking one that waits for
 * jobs) under `RedisConnections`: in `/health`, one log line when each drops and when it returns, and
 * worker errors as one line each instead of BullMQ's stack traces on stderr.
 */
@Injectable()
export class WorkerConnections implements OnApplicationBootstrap {
  constructor(
    private readonly discovery: DiscoveryService,
    private readonly connections: RedisConnections,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    for (const worker of bullWorkers(this.discovery)) {
      const name = `worker:${worker.name}`;
      this.connections.listen(name, worker);
      this.connections.follow(name, await worker.client);
      this.connections.follow(`${name}:blocking`, await worker.waitUntilReady());
    }
  }
}
