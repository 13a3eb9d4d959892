import type { DataSource } from 'typeorm';
import { JobName, type JobProducer } from '@karta/jobs';

/**
 * Enqueues again the imports still `queued` more than `olderThanMinutes` after their upload that have no
 * job (their enqueue was lost); those waiting behind a long import keep theirs. The import id is the job
 * id, so an enqueue racing another one is absorbed. Answers the ids enqueued.
 */
export async function requeueWaitingImports(dataSource: DataSource, jobs: JobProducer, olderThanMinutes: number): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(
    `SELECT id FROM weekly_import WHERE status = 'queued' AND created_at < now() - make_interval(mins => $1) ORDER BY created_at`,
    [olderThanMinutes],
  );
  const queue = jobs.queue(JobName.IndicatorsImport);
  const lost: string[] = [];
  for (const { id } of rows) {
    if (await queue.getJob(id)) continue;
    await jobs.enqueue(JobName.IndicatorsImport, { importId: id }, { jobId: id });
    lost.push(id);
  }
  return lost;
}
