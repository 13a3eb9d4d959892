import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { JobName, type JobPayloads, QUEUE_OF_JOB, QueueName } from './queues';

/** The one way to enqueue work: typed payloads, the right queue, explicit de-duplication ids. */
@Injectable()
export class JobProducer {
  private readonly queues: Readonly<Record<QueueName, Queue>>;

  constructor(@InjectQueue(QueueName.System) system: Queue) {
    this.queues = { [QueueName.System]: system };
  }

  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: Pick<JobsOptions, 'jobId' | 'delay'> = {}): Promise<string> {
    const job = await this.queue(name).add(name, payload, options);
    return job.id ?? '';
  }

  queue(name: JobName): Queue {
    return this.queues[QUEUE_OF_JOB[name]];
  }

  allQueues(): Queue[] {
    return Object.values(this.queues);
  }
}
