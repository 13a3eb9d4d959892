import type { DataSource, EntityManager } from 'typeorm';
import { DEFAULT_TIME_ZONE, daysBetween, type LocalDate, maxLocalDate, type RecomputationReason, toLocalDate, weekStartOf } from '@karta/domain';
import { JobName, type JobProducer, PENDING_JOB_STATES, withinEnqueueTimeout } from '@karta/jobs';
import { RedisUnavailableError } from '@karta/server-core';
import { computeIndicatorWeeks, type IndicatorWeeksResult } from './indicator-weeks';

export interface RecomputationRequest {
  roadmapId: string;
  reason: RecomputationReason;
  /** Monday of the first week whose figures the change affects. */
  fromWeek: LocalDate;
  requestedBy: string | null;
}

/** The job that runs a recomputation: its id is the recomputation's, so enqueueing twice queues one. */
export function recomputationJobId(recomputationId: string): string {
  return `recompute-${recomputationId}`;
}

/**
 * Records, in the caller's transaction (it commits with the change that causes it), that a roadmap's
 * stored weeks from `fromWeek` to the current one are to be computed again. A recomputation of the
 * roadmap still waiting absorbs the request (its first week moves back if needed): one pass serves both.
 * Answers the recomputation's id; enqueue `indicators.recompute` after the commit.
 */
export async function requestRecomputation(manager: EntityManager, request: RecomputationRequest): Promise<string> {
  // Wrapped in a SELECT: TypeORM answers a bare UPDATE … RETURNING as [rows, count].
  const [waiting]: { id: string }[] = await manager.query(
    `WITH absorbed AS (
       UPDATE indicator_recomputation SET from_week = LEAST(from_week, $2::date)
       WHERE id = (SELECT id FROM indicator_recomputation WHERE roadmap_id = $1 AND status = 'queued' ORDER BY created_at DESC LIMIT 1 FOR UPDATE)
       RETURNING id
     )
     SELECT id FROM absorbed`,
    [request.roadmapId, request.fromWeek],
  );
  if (waiting) return waiting.id;
  const [created]: { id: string }[] = await manager.query(
    `INSERT INTO indicator_recomputation (roadmap_id, reason, from_week, requested_by) VALUES ($1, $2, $3, $4) RETURNING id`,
    [request.roadmapId, request.reason, request.fromWeek, request.requestedBy],
  );
  return created.id;
}

/**
 * Records a recomputation (`requestRecomputation`) for every active roadmap with indicators whose owner's
 * subtree holds one of `paths` (an organization's materialized path; a move gives its old and new one),
 * from `fromWeek` or, when null, from the roadmap's first week. Answers the recomputation ids.
 */
export async function requestRecomputationsOf(
  manager: EntityManager,
  request: { paths: readonly string[]; fromWeek: LocalDate | null; reason: RecomputationReason; requestedBy: string | null },
): Promise<string[]> {
  const roadmaps: { id: string; order_date: LocalDate }[] = await manager.query(
    `SELECT r.id, to_char(r.order_date, 'YYYY-MM-DD') AS order_date
     FROM roadmap r JOIN organization owner ON owner.id = r.owner_organization_id
     WHERE r.status = 'active' AND EXISTS (SELECT 1 FROM indicator i WHERE i.roadmap_id = r.id)
       AND EXISTS (SELECT 1 FROM unnest(CAST($1 AS text[])) AS p(path) WHERE starts_with(p.path, owner.path))
     ORDER BY r.id`,
    [request.paths],
  );
  const ids: string[] = [];
  for (const roadmap of roadmaps) {
    const firstWeek = weekStartOf(roadmap.order_date);
    const fromWeek = request.fromWeek === null ? firstWeek : maxLocalDate(weekStartOf(request.fromWeek), firstWeek);
    ids.push(await requestRecomputation(manager, { roadmapId: roadmap.id, reason: request.reason, fromWeek, requestedBy: request.requestedBy }));
  }
  return ids;
}

export async function enqueueRecomputation(jobs: JobProducer, recomputationId: string): Promise<void> {
  await jobs.enqueue(JobName.IndicatorsRecompute, { recomputationId }, { jobId: recomputationJobId(recomputationId) });
}

/**
 * After the commit of a change that recorded recomputations: enqueues `ids` (or, without, every
 * recomputation left without a job) now. While Redis is away this answers false at once instead of
 * waiting: the rows stay queued and the worker's `indicators.recompute-requeue` job enqueues them once
 * Redis is back. Never fails the request whose change is committed for want of Redis.
 */
export async function startRecomputations(dataSource: DataSource, jobs: JobProducer, ids?: readonly string[]): Promise<boolean> {
  try {
    if (ids) for (const id of ids) await withinEnqueueTimeout(enqueueRecomputation(jobs, id));
    else await requeueRecomputations(dataSource, jobs);
    return true;
  } catch (error) {
    if (error instanceof RedisUnavailableError) return false;
    throw error;
  }
}

export type RecomputationOutcome = { status: 'skipped' } | ({ status: 'done'; from: LocalDate; to: LocalDate } & IndicatorWeeksResult);

/**
 * Runs a recomputation: claims it (queued, or running after a crash), computes the roadmap's weeks
 * `from_week`…`to_week` (the week current at the first claim when none was set) in one transaction,
 * counting the weeks done on the row through another connection after each block, then marks it done.
 * Only computed rows change (snapshots, rollups, indicator task statuses). A finished one is skipped.
 */
export async function runRecomputation(dataSource: DataSource, recomputationId: string, now: Date): Promise<RecomputationOutcome> {
  const currentWeek = weekStartOf(toLocalDate(now, DEFAULT_TIME_ZONE));
  const [claimed]: { roadmap_id: string; from_week: LocalDate; to_week: LocalDate }[] = await dataSource.query(
    `WITH claimed AS (
       UPDATE indicator_recomputation
       SET status = 'running', started_at = coalesce(started_at, $2), weeks_done = 0,
           to_week = coalesce(to_week, GREATEST(from_week, $3::date)),
           weeks_total = (coalesce(to_week, GREATEST(from_week, $3::date)) - from_week) / 7 + 1
       WHERE id = $1 AND status IN ('queued', 'running')
       RETURNING roadmap_id, from_week, to_week
     )
     SELECT roadmap_id, to_char(from_week, 'YYYY-MM-DD') AS from_week, to_char(to_week, 'YYYY-MM-DD') AS to_week FROM claimed`,
    [recomputationId, now, currentWeek],
  );
  if (!claimed) return { status: 'skipped' };
  const from = claimed.from_week;
  const to = maxLocalDate(claimed.to_week, from);
  const result = await dataSource.transaction((manager) =>
    computeIndicatorWeeks(manager, {
      from,
      to,
      roadmapId: claimed.roadmap_id,
      now,
      onProgress: async (weeksDone) => {
        await dataSource.query(`UPDATE indicator_recomputation SET weeks_done = $2 WHERE id = $1`, [recomputationId, weeksDone]);
      },
    }),
  );
  await dataSource.query(`UPDATE indicator_recomputation SET status = 'done', weeks_done = $2, finished_at = $3, error = NULL WHERE id = $1`, [
    recomputationId,
    daysBetween(from, to) / 7 + 1,
    now,
  ]);
  return { status: 'done', from, to, ...result };
}

/** After the last attempt: the recomputation ends `failed` with a reason people read (the log has the error). */
export async function failRecomputation(dataSource: DataSource, recomputationId: string, reason: string, now: Date): Promise<void> {
  await dataSource.query(`UPDATE indicator_recomputation SET status = 'failed', error = $2, finished_at = $3 WHERE id = $1 AND status <> 'done'`, [
    recomputationId,
    reason,
    now,
  ]);
}

/**
 * Enqueues every recomputation still queued or running whose job will not run it: gone (an enqueue lost
 * after its commit, a migration's request, Redis that lost its data) or finished without finishing it
 * (BullMQ fails a job stalled more than allowed — its worker killed twice — without the processor
 * seeing it; the finished job is removed first, else its id counts as taken). Answers the ids enqueued.
 */
export async function requeueRecomputations(dataSource: DataSource, jobs: JobProducer): Promise<string[]> {
  const rows: { id: string }[] = await dataSource.query(`SELECT id FROM indicator_recomputation WHERE status IN ('queued', 'running') ORDER BY created_at`);
  const queue = jobs.queue(JobName.IndicatorsRecompute);
  const lost: string[] = [];
  for (const { id } of rows) {
    const job = await withinEnqueueTimeout(queue.getJob(recomputationJobId(id)));
    if (job) {
      if (PENDING_JOB_STATES.has(await job.getState())) continue;
      await queue.remove(recomputationJobId(id));
    }
    await enqueueRecomputation(jobs, id);
    lost.push(id);
  }
  return lost;
}
