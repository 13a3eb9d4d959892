import { OnWorkerEvent, Processor, WorkerHost } from '@nestjs/bullmq';
import { Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { DelayedError, type Job, UnrecoverableError } from 'bullmq';
import type { DataSource } from 'typeorm';
import { JobName, type JobPayloads, JobProducer, QueueName } from '@karta/jobs';
import { AppConfig } from '@karta/server-config';
import { AuditLog } from '@karta/server-core';
import {
  failWeeklyImport,
  removeExpiredImportFiles,
  runWeeklyImport,
  type SettledImports,
  settleAbandonedImports,
  WEEKLY_IMPORT_FAILURES,
  WEEKLY_IMPORT_MAX_RUNS,
  type WeeklyImportOutcome,
  type WeeklyImportRunner,
  WeeklySheetStore,
} from '@karta/server-indicators';
import { Clock } from '@karta/server-setup';

/** How long an import waits before looking again whether the earlier uploads it waits for have finished. */
export const IMPORT_TURN_DELAY_MS = 3_000;

/** Weekly-numbers files on the `imports` queue (concurrency 1: a big file at a time, nothing else waits behind it). */
@Processor(QueueName.Imports)
export class WeeklyImportProcessor extends WorkerHost {
  private readonly logger = new Logger(WeeklyImportProcessor.name);
  private readonly runner: WeeklyImportRunner;

  constructor(@InjectDataSource() dataSource: DataSource, audit: AuditLog, jobs: JobProducer, config: AppConfig, clock: Clock) {
    super();
    this.runner = { dataSource, audit, jobs, store: new WeeklySheetStore(config.storage.dir), now: () => clock.now() };
  }

  async process(job: Job, token?: string): Promise<WeeklyImportOutcome | SettledImports | { removed: string[] }> {
    switch (job.name as JobName) {
      case JobName.IndicatorsImport:
        return this.import(job as Job<JobPayloads[JobName.IndicatorsImport]>, token);
      case JobName.IndicatorsImportRequeue:
        return this.requeue(job as Job<JobPayloads[JobName.IndicatorsImportRequeue]>);
      case JobName.IndicatorsImportRetention:
        return this.retention();
      default:
        throw new Error(`Unknown job ${job.name} on queue ${QueueName.Imports}`);
    }
  }

  /**
   * BullMQ fails a job that stalled more than allowed (its worker killed during the import, twice) without
   * running it, so `import` never sees that: its import would stay `running`. Retried here at once while it
   * has runs left, else failed with its reason (the requeue job does the same every 5 minutes, for a
   * failure no live worker saw).
   */
  @OnWorkerEvent('failed')
  async onFailed(job: Job | undefined, error: Error): Promise<void> {
    if (job?.name !== JobName.IndicatorsImport) return;
    const { importId } = job.data as JobPayloads[JobName.IndicatorsImport];
    try {
      const settled = await settleAbandonedImports(this.runner, { importIds: [importId] });
      if (settled.requeued.length || settled.failed.length) {
        this.logger.warn({ importId, reason: error.message, ...settled }, 'Weekly import job failed without finishing its import: settled');
      }
    } catch (settling) {
      this.logger.error({ importId, err: settling }, 'Settling a failed weekly import job failed; the requeue job will retry');
    }
  }

  private async requeue(job: Job<JobPayloads[JobName.IndicatorsImportRequeue]>): Promise<SettledImports> {
    const settled = await settleAbandonedImports(this.runner, { olderThanMinutes: job.data.olderThanMinutes });
    if (settled.requeued.length || settled.failed.length) this.logger.warn(settled, 'Weekly imports without a job were enqueued again or failed');
    return settled;
  }

  private async retention(): Promise<{ removed: string[] }> {
    const removed = await removeExpiredImportFiles(this.runner);
    if (removed.length) this.logger.log({ removed: removed.length }, 'Files of finished weekly imports removed');
    return { removed };
  }

  private async import(job: Job<JobPayloads[JobName.IndicatorsImport]>, token: string | undefined): Promise<WeeklyImportOutcome> {
    const { importId } = job.data;
    let outcome: WeeklyImportOutcome;
    try {
      outcome = await runWeeklyImport(this.runner, importId, (progress) => job.updateProgress(progress));
    } catch (error) {
      const runs = await this.runsOf(importId);
      const lastAttempt = job.attemptsMade + 1 >= (job.opts.attempts ?? 1) || (runs ?? 0) >= WEEKLY_IMPORT_MAX_RUNS;
      // A report created by hand while the import ran: the import rolled back rather than overwrite it.
      const driverError = error as { code?: string; table?: string };
      const concurrentReport = driverError.code === '23505' && driverError.table === 'weekly_report';
      this.logger.warn(
        { importId, attempt: job.attemptsMade + 1, runs, lastAttempt, err: error },
        concurrentReport ? 'Weekly import rolled back: a report of the file was saved by someone else meanwhile' : 'Weekly import failed',
      );
      if (!lastAttempt) throw error;
      // After the last attempt the import must not stay "running" forever; its file stays for «Повторить».
      await failWeeklyImport(this.runner, importId, WEEKLY_IMPORT_FAILURES.internal);
      throw new UnrecoverableError(error instanceof Error ? error.message : String(error));
    }
    if (outcome.status === 'waiting') {
      // Its turn comes after the earlier upload: waiting spends no attempt.
      await job.moveToDelayed(Date.now() + IMPORT_TURN_DELAY_MS, token);
      throw new DelayedError();
    }
    this.logger.log({ importId, ...outcome }, 'Weekly import processed');
    return outcome;
  }

  /** Runs started so far (null when the database cannot say: the queue's attempts decide alone). */
  private async runsOf(importId: string): Promise<number | null> {
    try {
      const [row]: { attempts: number }[] = await this.runner.dataSource.query(`SELECT attempts FROM weekly_import WHERE id = $1`, [importId]);
      return row?.attempts ?? null;
    } catch {
      return null;
    }
  }
}
