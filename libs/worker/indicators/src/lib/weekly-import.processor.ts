import { Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { Job } from 'bullmq';
import type { DataSource } from 'typeorm';
import { JobName, type JobPayloads, JobProducer, QueueName } from '@karta/jobs';
import { AppConfig } from '@karta/server-config';
import { AuditLog } from '@karta/server-core';
import { failWeeklyImport, requeueWaitingImports, runWeeklyImport, type WeeklyImportOutcome, type WeeklyImportRunner, WeeklySheetStore } from '@karta/server-indicators';
import { Clock } from '@karta/server-setup';

/** Weekly-numbers files on the `imports` queue (concurrency 1: a big file at a time, nothing else waits behind it). */
@Processor(QueueName.Imports)
export class WeeklyImportProcessor extends WorkerHost {
  private readonly logger = new Logger(WeeklyImportProcessor.name);
  private readonly runner: WeeklyImportRunner;

  constructor(@InjectDataSource() dataSource: DataSource, audit: AuditLog, jobs: JobProducer, config: AppConfig, clock: Clock) {
    super();
    this.runner = { dataSource, audit, jobs, store: new WeeklySheetStore(config.storage.dir), now: () => clock.now() };
  }

  async process(job: Job): Promise<WeeklyImportOutcome | { requeued: string[] }> {
    switch (job.name as JobName) {
      case JobName.IndicatorsImport:
        return this.import(job as Job<JobPayloads[JobName.IndicatorsImport]>);
      case JobName.IndicatorsImportRequeue:
        return this.requeue(job as Job<JobPayloads[JobName.IndicatorsImportRequeue]>);
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QueueName.Imports}`);
    }
  }

  private async requeue(job: Job<JobPayloads[JobName.IndicatorsImportRequeue]>): Promise<{ requeued: string[] }> {
    const requeued = await requeueWaitingImports(this.runner.dataSource, this.runner.jobs, job.data.olderThanMinutes);
    if (requeued.length) this.logger.warn({ requeued }, 'Weekly imports left queued without a job were enqueued again');
    return { requeued };
  }

  private async import(job: Job<JobPayloads[JobName.IndicatorsImport]>): Promise<WeeklyImportOutcome> {
    const { importId } = job.data;
    try {
      const outcome = await runWeeklyImport(this.runner, importId, (progress) => job.updateProgress(progress));
      this.logger.log({ importId, ...outcome }, 'Weekly import processed');
      return outcome;
    } catch (error) {
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1);
      // A report created by hand while the import ran: the import rolled back rather than overwrite it.
      const driverError = error as { code?: string; table?: string };
      const concurrentReport = driverError.code === '23505' && driverError.table === 'weekly_report';
      this.logger.warn(
        { importId, attempt: job.attemptsMade + 1, lastAttempt, err: error },
        concurrentReport ? 'Weekly import rolled back: a report of the file was saved by someone else meanwhile' : 'Weekly import failed',
      );
      // After the last attempt the import must not stay "running" forever.
      if (lastAttempt) await failWeeklyImport(this.runner.dataSource, importId, 'Не удалось обработать файл: внутренняя ошибка, загрузите его ещё раз');
      throw error;
    }
  }
}
