import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type Job, UnrecoverableError } from 'bullmq';
import type { DataSource } from 'typeorm';
import { JobName, type JobPayloads, JobProducer, QueueName } from '@karta/jobs';
import { failRecomputation, type RecomputationOutcome, requeueRecomputations, runRecomputation } from '@karta/server-indicators';
import { Clock } from '@karta/server-setup';
import { type IndicatorsComputeRun, IndicatorsComputeService } from './indicators-compute.service';

@Processor(QueueName.Indicators)
export class IndicatorsComputeProcessor extends WorkerHost {
  private readonly logger = new Logger(IndicatorsComputeProcessor.name);

  constructor(
    private readonly computation: IndicatorsComputeService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobProducer,
    private readonly clock: Clock,
  ) {
    super();
  }

  async process(job: Job): Promise<unknown> {
    switch (job.name as JobName) {
      case JobName.IndicatorsCompute:
        return this.compute(job as Job<JobPayloads[JobName.IndicatorsCompute]>);
      case JobName.IndicatorsRecompute:
        return this.recompute(job as Job<JobPayloads[JobName.IndicatorsRecompute]>);
      case JobName.IndicatorsRecomputeRequeue:
        return this.requeueRecomputations();
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

  private async recompute(job: Job<JobPayloads[JobName.IndicatorsRecompute]>): Promise<RecomputationOutcome> {
    const { recomputationId } = job.data;
    try {
      const outcome = await runRecomputation(this.dataSource, recomputationId, this.clock.now());
      this.logger.log({ recomputationId, ...outcome }, 'Indicators recomputed');
      return outcome;
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      this.logger.warn({ recomputationId, attempt: job.attemptsMade + 1, lastAttempt, err: error }, 'Indicator recomputation failed');
      if (lastAttempt) await failRecomputation(this.dataSource, recomputationId, 'Пересчёт не удался: внутренняя ошибка, измените цели ещё раз или обратитесь к администратору', this.clock.now());
      throw error;
    }
  }

  private async requeueRecomputations(): Promise<{ requeued: string[] }> {
    const requeued = await requeueRecomputations(this.dataSource, this.jobs);
    if (requeued.length) this.logger.warn({ requeued }, 'Indicator recomputations without a job were enqueued');
    return { requeued };
  }
}
