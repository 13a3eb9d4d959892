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
        return this.compute(job.data as JobPayloads[JobName.IndicatorsCompute]);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QueueName.Indicators}`);
    }
  }

  private async compute(payload: JobPayloads[JobName.IndicatorsCompute]): Promise<IndicatorsComputeRun> {
    let result: IndicatorsComputeRun;
    try {
      result = await this.computation.compute(payload);
    } catch (error) {
      // A malformed week (not a Monday, reversed range) fails the same way on every retry.
      throw error instanceof RangeError ? new UnrecoverableError(error.message) : error;
    }
    if (result.stale) this.logger.warn({ from: result.from, to: result.to, passes: result.passes }, 'Indicator inputs still changing; a later run will include them');
    this.logger.log(result, 'Indicators computed');
    return result;
  }
}
