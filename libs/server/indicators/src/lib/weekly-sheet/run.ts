import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { toLocalDate, weekStartOf } from '@karta/domain';
import { DEFAULT_JOB_OPTIONS, indicatorsComputeJobOptions, JobName, type JobProducer } from '@karta/jobs';
import type { AuditLog } from '@karta/server-core';
import { importWeeklySheet, type WeeklySheetProgress, type WeeklySheetResult } from './apply';
import { WeeklySheetError } from './errors';
import type { WeeklySheetFormat } from './read';
import type { WeeklySheetStore } from './store';

export interface WeeklyImportRunner {
  dataSource: DataSource;
  store: WeeklySheetStore;
  audit: AuditLog;
  jobs: JobProducer;
  now: () => Date;
}

/** Runs an import may start before it is given up: as many as its job's attempts. */
export const WEEKLY_IMPORT_MAX_RUNS = DEFAULT_JOB_OPTIONS.attempts ?? 5;

/** Days a failed import's file is kept for «Повторить» before the retention job removes it. */
export const WEEKLY_IMPORT_RETRY_DAYS = 7;

/** Why an import failed, as its page shows it (the log has the error). */
export const WEEKLY_IMPORT_FAILURES = {
  /** Its job threw on every attempt. */
  internal: 'Не удалось обработать файл: внутренняя ошибка. Нажмите «Повторить» или загрузите файл ещё раз',
  /** Its runs kept stopping half-way (the worker killed or lost) until none was left. */
  interrupted: 'Обработка прервалась: обработчик импорта несколько раз останавливался, не закончив файл. Нажмите «Повторить» или загрузите файл ещё раз',
} as const;

export type WeeklyImportOutcome =
  | { status: 'done'; result: WeeklySheetResult }
  | { status: 'failed'; error: string }
  /** Already finished (a retried or duplicate job): nothing to do. */
  | { status: 'skipped' }
  /** An earlier upload touching the same organizations is not finished yet: this one must wait its turn. */
  | { status: 'waiting'; behind: string };

interface ClaimedImport {
  roadmap_id: string;
  organization_id: string;
  created_by: string | null;
  format: WeeklySheetFormat;
  storage_key: string;
  creator_role: string | null;
}

/**
 * The advisory lock a run holds on its own connection for as long as it runs: two runs of one import
 * never overlap (a job enqueued again while a run is alive — Redis lost its data — waits, then finds
 * the import finished), and anyone can tell a live run from an abandoned one (`settleAbandonedImports`).
 * A killed worker's connection closes, and the lock goes with it.
 */
export const weeklyImportRunLock = (idParameter: string): string => `hashtext('weekly_import:' || ${idParameter}::text)`;

/**
 * The first earlier upload not finished yet whose scope overlaps this one's (the same subtree, or either
 * uploaded by an administrator, who imports everywhere). Imports apply in upload order: a file that went
 * through the queue faster (its enqueue was not lost, it was retried sooner) waits for the older ones.
 * The row check (`outdated` in apply.ts) is not enough alone: applied in reverse order, the older file's
 * values would be skipped whole where the newer file left cells empty, and its row report would say
 * «outdated» where in upload order it applied. It stays the rule for what the order cannot cover — entries
 * by hand, an older failed import retried later, two uploads within a moment of each other — so that
 * newer data is never overwritten either way. No cycle: the earliest unfinished upload never waits.
 */
const EARLIER_IMPORT_SQL = `SELECT e.id FROM weekly_import me
  JOIN organization mo ON mo.id = me.organization_id
  LEFT JOIN user_account mu ON mu.id = me.created_by
  JOIN weekly_import e ON e.status IN ('queued', 'running') AND (e.created_at, e.id) < (me.created_at, me.id)
  JOIN organization eo ON eo.id = e.organization_id
  LEFT JOIN user_account eu ON eu.id = e.created_by
  WHERE me.id = $1 AND me.status IN ('queued', 'running')
    AND (mu.role = 'admin' OR eu.role = 'admin' OR starts_with(mo.path, eo.path) OR starts_with(eo.path, mo.path))
  ORDER BY e.created_at, e.id LIMIT 1`;

/** queued/running → running, one more run counted; done or failed imports are left alone. */
const CLAIM_SQL = `UPDATE weekly_import wi SET status = 'running', attempts = wi.attempts + 1, started_at = coalesce(wi.started_at, clock_timestamp()),
    processed_rows = 0, total_rows = NULL
  FROM weekly_import src LEFT JOIN user_account u ON u.id = src.created_by
  WHERE wi.id = $1 AND src.id = wi.id AND wi.status IN ('queued', 'running')
  RETURNING wi.roadmap_id, wi.organization_id, wi.created_by, wi.format, wi.storage_key, u.role AS creator_role`;

/**
 * Processes one `weekly_import`: waits for a run of the same import still alive, defers to earlier
 * uploads of an overlapping scope, claims it, imports the stored file in one transaction, writes progress
 * through a second connection, audits, and queues the recomputation of every changed week. An unreadable
 * file marks the import failed; any other error is rethrown for the queue to retry.
 */
export async function runWeeklyImport(
  runner: WeeklyImportRunner,
  importId: string,
  onProgress: (progress: WeeklySheetProgress) => Promise<void> | void = () => undefined,
): Promise<WeeklyImportOutcome> {
  const queryRunner = runner.dataSource.createQueryRunner();
  const client = (await queryRunner.connect()) as PoolClient;
  try {
    await client.query(`SELECT pg_advisory_lock(${weeklyImportRunLock('$1')})`, [importId]);
    try {
      return await runLocked(runner, client, importId, onProgress);
    } finally {
      await client.query(`SELECT pg_advisory_unlock(${weeklyImportRunLock('$1')})`, [importId]).catch(() => undefined);
    }
  } finally {
    await queryRunner.release();
  }
}

async function runLocked(
  runner: WeeklyImportRunner,
  client: PoolClient,
  importId: string,
  onProgress: (progress: WeeklySheetProgress) => Promise<void> | void,
): Promise<WeeklyImportOutcome> {
  const { dataSource } = runner;
  const earlier = (await client.query<{ id: string }>(EARLIER_IMPORT_SQL, [importId])).rows[0];
  if (earlier) return { status: 'waiting', behind: earlier.id };
  const row = (await client.query<ClaimedImport>(CLAIM_SQL, [importId])).rows[0];
  if (!row) return { status: 'skipped' };

  const today = toLocalDate(runner.now());
  let result: WeeklySheetResult;
  try {
    result = await importWeeklySheet(
      client,
      runner.store.open(row.storage_key),
      row.format,
      {
        importId,
        roadmapId: row.roadmap_id,
        // Administrators import for every organization; everyone else within their organization's subtree.
        scopeOrganizationId: row.creator_role === 'admin' ? null : row.organization_id,
        userId: row.created_by,
        currentWeek: weekStartOf(today),
      },
      async (progress) => {
        await dataSource.query(`UPDATE weekly_import SET processed_rows = $2, total_rows = $3 WHERE id = $1 AND status = 'running'`, [
          importId,
          progress.processedRows,
          progress.totalRows,
        ]);
        await onProgress(progress);
      },
    );
  } catch (error) {
    const unreadable = error instanceof WeeklySheetError ? error.message : isMissingFile(error) ? 'Файл импорта не найден в хранилище' : null;
    if (unreadable === null) throw error;
    await dataSource.query(
      `UPDATE weekly_import SET status = 'failed', error = $2, total_rows = NULL, processed_rows = 0, applied_rows = 0,
         unchanged_rows = 0, rejected_rows = 0, skipped_rows = 0, finished_at = clock_timestamp() WHERE id = $1`,
      [importId, unreadable],
    );
    // The same file would fail the same way: nothing to retry it with.
    await finish(runner, importId, row, { status: 'failed', error: unreadable });
    return { status: 'failed', error: unreadable };
  }
  await finish(runner, importId, row, { status: 'done', ...countsOf(result) });
  for (const weekStart of result.weeks) {
    await runner.jobs.enqueue(JobName.IndicatorsCompute, { weekStart }, indicatorsComputeJobOptions(weekStart));
  }
  return { status: 'done', result };
}

function countsOf(result: WeeklySheetResult) {
  return {
    totalRows: result.totalRows,
    appliedRows: result.appliedRows,
    unchangedRows: result.unchangedRows,
    rejectedRows: result.rejectedRows,
    skippedRows: result.skippedRows,
    weeks: result.weeks,
  };
}

async function finish(runner: WeeklyImportRunner, importId: string, row: ClaimedImport, after: object): Promise<void> {
  await runner.audit.record({
    action: 'weekly_import.completed',
    actorId: row.created_by,
    entityType: 'weekly_import',
    entityId: importId,
    organizationId: row.organization_id,
    after,
  });
  // The file has served its purpose: the row report and the revisions are what stays. Removed before it
  // is marked so: a crash in between leaves it to the retention job, never a file nobody removes.
  await runner.store.remove(row.storage_key);
  await runner.dataSource.query(`UPDATE weekly_import SET file_removed_at = clock_timestamp() WHERE id = $1 AND file_removed_at IS NULL`, [importId]);
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/**
 * Marks an import that will not run again failed with a reason people read, keeping its file for
 * «Повторить» (see `removeExpiredImportFiles`), and audits it. A finished import is left alone. Answers
 * whether it was failed here.
 */
export async function failWeeklyImport(runner: Pick<WeeklyImportRunner, 'dataSource' | 'audit'>, importId: string, reason: string): Promise<boolean> {
  const [rows]: [{ created_by: string | null; organization_id: string }[], number] = await runner.dataSource.query(
    `UPDATE weekly_import SET status = 'failed', error = $2, total_rows = NULL, processed_rows = 0, applied_rows = 0, unchanged_rows = 0,
       rejected_rows = 0, skipped_rows = 0, finished_at = clock_timestamp()
     WHERE id = $1 AND status IN ('queued', 'running') RETURNING created_by, organization_id`,
    [importId, reason],
  );
  if (!rows.length) return false;
  await runner.audit.record({
    action: 'weekly_import.completed',
    actorId: rows[0].created_by,
    entityType: 'weekly_import',
    entityId: importId,
    organizationId: rows[0].organization_id,
    after: { status: 'failed', error: reason },
  });
  return true;
}
