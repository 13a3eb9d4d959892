import { InjectQueue } from '@nestjs/bullmq';
import { Injectable } from '@nestjs/common';
import type { JobsOptions, Queue } from 'bullmq';
import { isRedisConnectionError, RedisUnavailableError } from '@karta/server-core';
import { JobName, type JobPayloads, QUEUE_OF_JOB, QueueName } from './queues';

/**
 * Longest a request path waits for Redis: the API's queue connections time a command out after it (and
 * refuse one at once while disconnected), and `withinEnqueueTimeout` bounds any call.
 */
export const ENQUEUE_TIMEOUT_MS = 1_000;

/** Options of one enqueue (see `JobProducer.enqueue`). */
export type EnqueueOptions = Pick<JobsOptions, 'jobId' | 'delay'> & { deduplicationId?: string };

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
   * Redis unreachable fails it with `RedisUnavailableError`: in the API at once (its queues keep no
   * offline queue) or after `ENQUEUE_TIMEOUT_MS` without an answer; in the worker it waits for Redis, as
   * the job it runs in does. A request whose change is committed records its job instead (`JobRequests`)
   * or has a row a requeue job scans.
   */
  async enqueue<N extends JobName>(name: N, payload: JobPayloads[N], options: EnqueueOptions = {}): Promise<string> {
    const { deduplicationId, ...rest } = options;
    try {
      const job = await this.queue(name).add(name, payload, deduplicationId ? { ...rest, deduplication: { id: deduplicationId } } : rest);
      return job.id ?? '';
    } catch (error) {
      throw unavailableIfDisconnected(error);
    }
  }

  queue(name: JobName): Queue {
    return this.queues[QUEUE_OF_JOB[name]];
  }

  allQueues(): Queue[] {
    return Object.values(this.queues);
  }
}

/**
 * `work` (an enqueue, a job lookup) bounded: `RedisUnavailableError` once Redis refuses it for want of a
 * connection or has not answered within `ENQUEUE_TIMEOUT_MS`. An abandoned call may still complete
 * later (a queued command sent once Redis is back): enqueue with a job id that absorbs a repetition.
 */
export async function withinEnqueueTimeout<T>(work: Promise<T>): Promise<T> {
  let timer: NodeJS.Timeout | undefined;
  const timeout = new Promise<never>((_, reject) => {
    timer = setTimeout(() => reject(new RedisUnavailableError(`Redis did not answer within ${ENQUEUE_TIMEOUT_MS} ms`)), ENQUEUE_TIMEOUT_MS);
  });
  try {
    // A late answer or failure of an abandoned call settles the race's own handler, nothing else.
    return await Promise.race([work, timeout]);
  } catch (error) {
    throw unavailableIfDisconnected(error);
  } finally {
    clearTimeout(timer);
  }
}

function unavailableIfDisconnected(error: unknown): unknown {
  return isRedisConnectionError(error) && !(error instanceof RedisUnavailableError) ? new RedisUnavailableError(`Redis is unavailable: ${(error as Error).message}`) : error;
}
