import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { type Job, UnrecoverableError } from 'bullmq';
import { JobName, type JobPayloads, QueueName } from '@karta/jobs';
import { type IndicatorsComputeRun, IndicatorsComputeService } from './indicators-compute.service';

@Processor(QueueName.Indicators)
export class IndicatorsComputeProcessor extends WorkerHost {
  private readonly logger = new Logger(IndicatorsComputeProcessor.name);

  constructor(private readonly computation: IndicatorsComputeService) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.IndicatorsCompute:
        return this.compute(job as Job<JobPayloads[JobName.IndicatorsCompute]>);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QueueName.Indicators}`);
    }
  }

  /**
   * Requests for the week stop joining this job once it runs: a number saved from now on (its request
   * is enqueued after its commit) may be missed by the computation under way, so it gets a job of its
   * own, which waits for this one (the computation's lock) and then reads it.
   */
  private async compute(job: Job<JobPayloads[JobName.IndicatorsCompute]>): Promise<IndicatorsComputeRun> {
    await job.removeDeduplicationKey();
    let result: IndicatorsComputeRun;
    try {
      result = await this.computation.compute(job.data);
    } catch (error) {
      // A malformed week (not a Monday, reversed range) fails the same way on every retry.
      throw error instanceof RangeError ? new UnrecoverableError(error.message) : error;
    }
    this.logger.log(result, 'Indicators computed');
    return result;
  }
}
