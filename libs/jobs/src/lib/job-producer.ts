import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { JobName, type JobPayloads, QUEUE_OF_JOB, QueueName } from './queues';

/** The one way to enqueue work: typed payloads, the right queue, explicit de-duplication ids. */
@Injectable()
export class JobProducer {
  private readonly queues: Readonly<Record<QueueName, Queue>>;

  constructor(
    @InjectQueue(QueueName.System) system: Queue,
    @InjectQueue(QueueName.Tasks) tasks: Queue,
    @InjectQueue(QueueName.Indicators) indicators: Queue,
    @InjectQueue(QueueName.Imports) imports: Queue,
  ) {
    this.queues = { [QueueName.System]: system, [QueueName.Tasks]: tasks, [QueueName.Indicators]: indicators, [QueueName.Imports]: imports };
  }

  /**
   * `jobId` de-duplicates for as long as a job with that id exists (completed ones included, until
   * removed); `deduplicationId` only while the earlier job is still waiting or running — use it for
   * "run again soon" jobs such as `tasks.materialize`. Answers the id of the queued (or absorbing) job.
   */
  async enqueue<N extends JobName>(
    name: N,
    payload: JobPayloads[N],
    options: Pick<JobsOptions, 'jobId' | 'delay'> & { deduplicationId?: string } = {},
  ): Promise<string> {
    const { deduplicationId, ...rest } = options;
    const job = await this.queue(name).add(name, payload, deduplicationId ? { ...rest, deduplication: { id: deduplicationId } } : rest);
    return job.id ?? '';
  }

  queue(name: JobName): Queue {
    return this.queues[QUEUE_OF_JOB[name]];
  }

  allQueues(): Queue[] {
    return Object.values(this.queues);
  }
}
