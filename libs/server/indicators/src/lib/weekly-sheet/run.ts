import type { PoolClient } from 'pg';
import type { DataSource } from 'typeorm';
import { toLocalDate, weekStartOf } from '@karta/domain';
import { indicatorsComputeJobOptions, JobName, type JobProducer } from '@karta/jobs';
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

export type WeeklyImportOutcome =
  | { status: 'done'; result: WeeklySheetResult }
  | { status: 'failed'; error: string }
  /** Already finished (a retried or duplicate job): nothing to do. */
  | { status: 'skipped' };

interface ClaimedImport {
  roadmap_id: string;
  organization_id: string;
  created_by: string | null;
  format: WeeklySheetFormat;
  storage_key: string;
  creator_role: string | null;
}

/**
 * Processes one `weekly_import`: claims it (queued/running → running; done or failed imports are left
 * alone, so a retried job never applies twice), imports the stored file in one transaction, writes
 * progress through a second connection, audits, and queues the recomputation of every changed week.
 * An unreadable file marks the import failed; any other error is rethrown for the queue to retry.
 */
export async function runWeeklyImport(
  runner: WeeklyImportRunner,
  importId: string,
  onProgress: (progress: WeeklySheetProgress) => Promise<void> | void = () => undefined,
): Promise<WeeklyImportOutcome> {
  const { dataSource } = runner;
  const claimed: ClaimedImport[] = await dataSource.query(
    `UPDATE weekly_import wi SET status = 'running', started_at = coalesce(wi.started_at, now()), processed_rows = 0, total_rows = NULL
     FROM weekly_import src LEFT JOIN user_account u ON u.id = src.created_by
     WHERE wi.id = $1 AND src.id = wi.id AND wi.status IN ('queued', 'running')
     RETURNING wi.roadmap_id, wi.organization_id, wi.created_by, wi.format, wi.storage_key, u.role AS creator_role`,
    [importId],
  ).then((result: [ClaimedImport[], number]) => result[0]);
  const row = claimed[0];
  if (!row) return { status: 'skipped' };

  const today = toLocalDate(runner.now());
  const queryRunner = dataSource.createQueryRunner();
  const client = (await queryRunner.connect()) as PoolClient;
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
         unchanged_rows = 0, rejected_rows = 0, finished_at = now() WHERE id = $1`,
      [importId, unreadable],
    );
    await finish(runner, importId, row, { status: 'failed', error: unreadable });
    return { status: 'failed', error: unreadable };
  } finally {
    await queryRunner.release();
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
  // The file has served its purpose: the row report and the revisions are what stays.
  await runner.store.remove(row.storage_key);
}

function isMissingFile(error: unknown): boolean {
  return (error as NodeJS.ErrnoException | undefined)?.code === 'ENOENT';
}

/** Marks an import failed after its last retry, so the screen does not show it running forever. */
export async function failWeeklyImport(dataSource: DataSource, importId: string, message: string): Promise<void> {
  await dataSource.query(`UPDATE weekly_import SET status = 'failed', error = $2, finished_at = now() WHERE id = $1 AND status IN ('queued', 'running')`, [
    importId,
    message,
  ]);
}
