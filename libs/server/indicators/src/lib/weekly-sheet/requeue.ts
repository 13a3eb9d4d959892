import { JobName, PENDING_JOB_STATES, type JobProducer } from '@karta/jobs';
import { failWeeklyImport, WEEKLY_IMPORT_FAILURES, WEEKLY_IMPORT_MAX_RUNS, WEEKLY_IMPORT_RETRY_DAYS, type WeeklyImportRunner, weeklyImportRunLock } from './run';

/**
 * Enqueues an import's job (job id = import id, so racing enqueues are absorbed). A finished job left
 * under that id — failed, or completed — is removed first, else BullMQ would take the id as taken; a
 * pending one is left alone. Answers whether it enqueued (false: a pending job was there).
 */
export async function enqueueWeeklyImport(jobs: JobProducer, importId: string): Promise<boolean> {
  const queue = jobs.queue(JobName.IndicatorsImport);
  const job = await queue.getJob(importId);
  if (job) {
    if (PENDING_JOB_STATES.has(await job.getState())) return false;
    // Not Job.remove(): it throws when a racing enqueue of the same import removed it first.
    await queue.remove(importId);
  }
  await jobs.enqueue(JobName.IndicatorsImport, { importId }, { jobId: importId });
  return true;
}

export interface SettledImports {
  /** Enqueued again: runs were left. */
  requeued: string[];
  /** Failed with `WEEKLY_IMPORT_FAILURES.interrupted`: none was. */
  failed: string[];
}

/**
 * Every import that should be moving and is not: `running`, or `queued` for more than
 * `olderThanMinutes` after its upload (or the given imports, whatever their age), with no job that will
 * run it — its enqueue was lost, Redis lost its data, or BullMQ failed the job without running it (stalled
 * more than allowed: its worker was killed twice), which no processor code sees — and no run alive (its
 * lock, taken here for a moment, is free). Each is enqueued again while it has runs left, else failed
 * with a reason people read. Imports waiting behind a long one keep their job and are left alone.
 */
export async function settleAbandonedImports(
  runner: Pick<WeeklyImportRunner, 'dataSource' | 'audit' | 'jobs'>,
  which: { olderThanMinutes: number } | { importIds: string[] },
): Promise<SettledImports> {
  const { dataSource, jobs } = runner;
  const rows: { id: string; attempts: number }[] =
    'importIds' in which
      ? await dataSource.query(`SELECT id, attempts FROM weekly_import WHERE id = ANY($1::uuid[]) AND status IN ('queued', 'running') ORDER BY created_at, id`, [
          which.importIds,
        ])
      : await dataSource.query(
          `SELECT id, attempts FROM weekly_import
           WHERE status = 'running' OR (status = 'queued' AND created_at < now() - make_interval(mins => $1)) ORDER BY created_at, id`,
          [which.olderThanMinutes],
        );
  const queue = jobs.queue(JobName.IndicatorsImport);
  const settled: SettledImports = { requeued: [], failed: [] };
  for (const { id, attempts } of rows) {
    const job = await queue.getJob(id);
    if (job && PENDING_JOB_STATES.has(await job.getState())) continue;
    // Autocommit: the lock is let go at the end of this statement.
    const [{ free }]: { free: boolean }[] = await dataSource.query(`SELECT pg_try_advisory_xact_lock(${weeklyImportRunLock('$1')}) AS free`, [id]);
    if (!free) continue;
    if (attempts < WEEKLY_IMPORT_MAX_RUNS) {
      if (await enqueueWeeklyImport(jobs, id)) settled.requeued.push(id);
    } else if (await failWeeklyImport(runner, id, WEEKLY_IMPORT_FAILURES.interrupted)) {
      settled.failed.push(id);
    }
  }
  return settled;
}

/**
 * Deletes the files no import needs any more: of finished imports whose file was left behind (a crash
 * right after the import), and of imports failed more than `WEEKLY_IMPORT_RETRY_DAYS` ago («Повторить»
 * is offered until then). Each is marked before its file goes, in the statement that checks it is still
 * failed, so a retry that got there first keeps its file. Answers the imports whose files were removed.
 */
export async function removeExpiredImportFiles(runner: Pick<WeeklyImportRunner, 'dataSource' | 'store'>, retryDays = WEEKLY_IMPORT_RETRY_DAYS): Promise<string[]> {
  const [rows]: [{ id: string; storage_key: string }[], number] = await runner.dataSource.query(
    `UPDATE weekly_import SET file_removed_at = clock_timestamp()
     WHERE file_removed_at IS NULL
       AND (status = 'done' OR (status = 'failed' AND coalesce(finished_at, created_at) < clock_timestamp() - make_interval(days => $1)))
     RETURNING id, storage_key`,
    [retryDays],
  );
  for (const row of rows) await runner.store.remove(row.storage_key);
  return rows.map((row) => row.id);
}
