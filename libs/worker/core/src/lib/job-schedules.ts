import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { JobProducer, JobRequests, RECURRING_JOBS, type RecurringJob, SCHEDULE_TIME_ZONE } from '@karta/jobs';
import { AppConfig } from '@karta/server-config';
import { RedisConnections } from '@karta/server-core';

/**
 * Registers every recurring job as a BullMQ job scheduler and removes schedulers no longer listed.
 * Upserting by id makes the start-up of any number of workers idempotent; the API runs no timers.
 *
 * Redis may lose the schedulers afterwards (restarted without its data, FLUSHALL): each worker puts the
 * missing ones back when its connections return after an outage and at every check
 * (`WORKER_RECOVERY_INTERVAL_SECONDS`), which also relays job requests still waiting in PostgreSQL.
 * Several workers doing so at once still leave one scheduler per job: the id is the key.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(JobSchedules.name);
  private timer?: NodeJS.Timeout;
  private checking: Promise<void> | null = null;

  constructor(
    private readonly jobs: JobProducer,
    private readonly requests: JobRequests,
    private readonly connections: RedisConnections,
    private readonly config: AppConfig,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    const wanted = new Set(RECURRING_JOBS.map((recurring) => recurring.id));
    for (const queue of this.jobs.allQueues()) {
      for (const scheduler of await queue.getJobSchedulers()) {
        if (!wanted.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
      }
    }
    for (const recurring of RECURRING_JOBS) await this.register(recurring);
    this.logger.log({ schedulers: [...wanted] }, 'Recurring jobs registered');
    this.connections.onRecovered(() => this.check());
    this.timer = setInterval(() => void this.check(), this.config.worker.recoveryIntervalMs);
  }

  onApplicationShutdown(): void {
    clearInterval(this.timer);
  }

  /**
   * Registers again the recurring jobs whose scheduler is missing (or differs from the list), then
   * relays pending job requests. Never throws (Redis may be away again); overlapping calls share a run.
   */
  check(): Promise<void> {
    this.checking ??= this.restore()
      .catch((error: unknown) => this.logger.warn({ err: error instanceof Error ? error.message : String(error) }, 'Recurring job check failed; next check later'))
      .finally(() => (this.checking = null));
    return this.checking;
  }

  private async restore(): Promise<void> {
    if (!this.connections.allUp) return;
    const restored: string[] = [];
    for (const queue of this.jobs.allQueues()) {
      const present = new Map((await queue.getJobSchedulers()).map((scheduler) => [scheduler.key, scheduler]));
      for (const recurring of RECURRING_JOBS.filter((job) => this.jobs.queue(job.job) === queue)) {
        const scheduler = present.get(recurring.id);
        if (scheduler?.pattern === recurring.cron && scheduler.tz === SCHEDULE_TIME_ZONE) continue;
        await this.register(recurring);
        restored.push(recurring.id);
      }
    }
    if (restored.length) this.logger.warn({ event: 'schedulers.restored', schedulers: restored }, 'Recurring jobs missing from Redis registered again');
    await this.requests.relayPending();
  }

  private async register(recurring: RecurringJob): Promise<void> {
    await this.jobs
      .queue(recurring.job)
      .upsertJobScheduler(recurring.id, { pattern: recurring.cron, tz: SCHEDULE_TIME_ZONE }, { name: recurring.job, data: recurring.payload });
  }
}
