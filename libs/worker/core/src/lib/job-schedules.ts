import { Injectable, Logger, type OnApplicationBootstrap } from '@nestjs/common';
import { JobProducer, RECURRING_JOBS, SCHEDULE_TIME_ZONE } from '@karta/jobs';

/**
 * Registers every recurring job as a BullMQ job scheduler and removes schedulers no longer listed.
 * Upserting by id makes the start-up of any number of workers idempotent; the API runs no timers.
 */
@Injectable()
export class JobSchedules implements OnApplicationBootstrap {
  private readonly logger = new Logger(JobSchedules.name);

  constructor(private readonly jobs: JobProducer) {}

  async onApplicationBootstrap(): Promise<void> {
    const wanted = new Set(RECURRING_JOBS.map((recurring) => recurring.id));
    for (const queue of this.jobs.allQueues()) {
      for (const scheduler of await queue.getJobSchedulers()) {
        if (!wanted.has(scheduler.key)) await queue.removeJobScheduler(scheduler.key);
      }
    }
    for (const recurring of RECURRING_JOBS) {
      await this.jobs
        .queue(recurring.job)
        .upsertJobScheduler(recurring.id, { pattern: recurring.cron, tz: SCHEDULE_TIME_ZONE }, { name: recurring.job, data: recurring.payload });
    }
    this.logger.log({ schedulers: [...wanted] }, 'Recurring jobs registered');
  }
}
