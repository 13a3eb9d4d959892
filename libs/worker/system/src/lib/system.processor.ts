import { hostname } from 'node:os';
import { setTimeout as sleep } from 'node:timers/promises';
import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger, type OnModuleInit } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import { LessThan, type Repository } from 'typeorm';
import { SystemProbeEntity } from '@karta/db';
import { JobName, type JobPayloads, MAX_PROBE_HOLD_MS, QueueName } from '@karta/jobs';
import { AppConfig } from '@karta/server-config';

export type ProbeOutcome = 'processed' | 'skipped';

@Processor(QueueName.System)
export class SystemProcessor extends WorkerHost implements OnModuleInit {
  private readonly logger = new Logger(SystemProcessor.name);
  private readonly workerId = `${hostname()}:${process.pid}`;

  constructor(
    @InjectRepository(SystemProbeEntity) private readonly probes: Repository<SystemProbeEntity>,
    private readonly config: AppConfig,
  ) {
    super();
  }

  onModuleInit(): void {
    this.worker.concurrency = this.config.worker.concurrency;
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.SystemProbe:
        return this.probe(job.data as JobPayloads[JobName.SystemProbe]);
      case JobName.SystemProbeRetention:
        return this.retention(job.data as JobPayloads[JobName.SystemProbeRetention]);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QueueName.System}`);
    }
  }

  private async probe({ probeId, holdMs = 0 }: JobPayloads[JobName.SystemProbe]): Promise<ProbeOutcome> {
    // Counted before the work, so a retry after a crash is visible in the row.
    const started = await this.probes.increment({ id: probeId }, 'attempts', 1);
    if (!started.affected) {
      this.logger.warn({ probeId }, 'Probe no longer exists; skipped');
      return 'skipped';
    }
    await sleep(Math.min(Math.max(holdMs, 0), MAX_PROBE_HOLD_MS));
    await this.probes.update({ id: probeId }, { processedAt: new Date(), processedBy: this.workerId });
    return 'processed';
  }

  private async retention({ olderThanDays }: JobPayloads[JobName.SystemProbeRetention]): Promise<{ deleted: number }> {
    const cutoff = new Date(Date.now() - olderThanDays * 24 * 3600 * 1000);
    const { affected } = await this.probes.delete({ requestedAt: LessThan(cutoff) });
    return { deleted: affected ?? 0 };
  }
}
