import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { DiscoveryService } from '@nestjs/core';
import { bullWorkers } from './worker-connections';

/**
 * Closes every BullMQ worker before any module shuts down. @nestjs/bullmq closes workers in the
 * same shutdown phase in which TypeORM closes the database, so an active job could lose its
 * connection mid-flight; closing first lets active jobs finish while the database is still there.
 */
@Injectable()
export class GracefulShutdown implements BeforeApplicationShutdown {
  private readonly logger = new Logger(GracefulShutdown.name);

  constructor(private readonly discovery: DiscoveryService) {}

  async beforeApplicationShutdown(signal?: string): Promise<void> {
    const workers = bullWorkers(this.discovery);
    this.logger.log({ signal, workers: workers.length }, 'Finishing active jobs before shutdown');
    await Promise.all(workers.map((worker) => worker.close()));
  }
}
