/** Every BullMQ queue. Separate queues keep a long import from delaying reminders. */
export enum QueueName {
  System = 'system',
  /** Task materialization and other task housekeeping. */
  Tasks = 'tasks',
  /** Weekly indicator computation (snapshots, rollups, indicator task statuses). */
  Indicators = 'indicators',
  /** Bulk imports of weekly numbers: a big file must not delay anything else. */
  Imports = 'imports',
}

/** Every job name, prefixed by its area. */
export enum JobName {
  SystemProbe = 'system.probe',
  SystemProbeRetention = 'system.probe-retention',
  /**
   * Creates the tasks active roadmaps owe (idempotent; new organizations and periods get theirs, open
   * tasks of periods no longer in a schedule are cancelled). Producers: the daily scheduler, the API
   * after a roadmap import, and any change to organizations — enqueue it with
   * `jobs.enqueue(JobName.TasksMaterialize, {}, { deduplicationId: TASKS_MATERIALIZE_DEDUPLICATION_ID })`
   * so a burst of changes queues one run (a queued run not yet started absorbs the others).
   */
  TasksMaterialize = 'tasks.materialize',
  /**
   * Computes indicator snapshots and rollups for one ISO week (or, without `weekStart`, the week that
   * ended before now in Europe/Moscow — the Monday 06:00 schedule). Producers: the schedule, the API
   * after weekly numbers are entered, the import job after it applied rows, and target edits. Enqueue
   * with `indicatorsComputeJobOptions(weekStart)` so a burst of changes runs one computation.
   */
  IndicatorsCompute = 'indicators.compute',
  /**
   * Computes a roadmap's stored weeks again after its rules changed (`indicator_recomputation` row,
   * progress counted there). Enqueue after the row's commit with `jobId` = the recomputation id.
   */
  IndicatorsRecompute = 'indicators.recompute',
  /** Enqueues again the recomputations left queued or running without a job (lost enqueue, Redis data lost). */
  IndicatorsRecomputeRequeue = 'indicators.recompute-requeue',
  /** Processes one uploaded weekly-numbers file (`weekly_import` row) on the imports queue. */
  IndicatorsImport = 'indicators.import',
  /**
   * Enqueues again every import still `queued` a while after its upload, or `running`, without a job that
   * will run it (an enqueue that failed, Redis that lost its data, a job BullMQ failed as stalled), or fails
   * it once its runs are spent: no import waits or runs for ever.
   */
  IndicatorsImportRequeue = 'indicators.import-requeue',
  /** Deletes the files of imports that no longer need them (failed ones once «Повторить» is no longer offered). */
  IndicatorsImportRetention = 'indicators.import-retention',
}

/** Payloads carry ids only, never personal data: Redis is not where personal data lives. */
export interface JobPayloads {
  [JobName.SystemProbe]: {
    probeId: string;
    /** Keeps the worker busy this long; lets operators and tests exercise crash recovery. */
    holdMs?: number;
  };
  [JobName.SystemProbeRetention]: { olderThanDays: number };
  /** One roadmap, or every active roadmap when omitted. */
  [JobName.TasksMaterialize]: { roadmapId?: string };
  /** Monday (YYYY-MM-DD) of the week to compute; omitted = the week that ended last. `toWeekStart` computes a range of weeks. */
  [JobName.IndicatorsCompute]: { weekStart?: string; toWeekStart?: string };
  [JobName.IndicatorsRecompute]: { recomputationId: string };
  [JobName.IndicatorsRecomputeRequeue]: Record<string, never>;
  [JobName.IndicatorsImport]: { importId: string };
  /** Imports uploaded more than this long ago and still queued are enqueued again. */
  [JobName.IndicatorsImportRequeue]: { olderThanMinutes: number };
  [JobName.IndicatorsImportRetention]: Record<string, never>;
}

export type JobPayload<N extends JobName> = JobPayloads[N];

export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.SystemProbe]: QueueName.System,
  [JobName.SystemProbeRetention]: QueueName.System,
  [JobName.TasksMaterialize]: QueueName.Tasks,
  [JobName.IndicatorsCompute]: QueueName.Indicators,
  [JobName.IndicatorsRecompute]: QueueName.Indicators,
  [JobName.IndicatorsRecomputeRequeue]: QueueName.Indicators,
  [JobName.IndicatorsImport]: QueueName.Imports,
  [JobName.IndicatorsImportRequeue]: QueueName.Imports,
  [JobName.IndicatorsImportRetention]: QueueName.Imports,
};

/** De-duplication id of a whole-database materialization run (see `JobName.TasksMaterialize`). */
export const TASKS_MATERIALIZE_DEDUPLICATION_ID = 'tasks.materialize:all';

export function tasksMaterializeDeduplicationId(roadmapId?: string): string {
  return roadmapId ? `tasks.materialize:${roadmapId}` : TASKS_MATERIALIZE_DEDUPLICATION_ID;
}

export const MAX_PROBE_HOLD_MS = 60_000;

/**
 * Enqueue options of a week's computation: while one is waiting (a short delay absorbs a burst of
 * entries), later requests for that week join it. Once it runs, they no longer do (the worker drops
 * the de-duplication key): data saved meanwhile gets a computation after it. Enqueue after the commit.
 */
export function indicatorsComputeJobOptions(weekStart: string): { deduplicationId: string; delay: number } {
  return { deduplicationId: `indicators.compute:${weekStart}`, delay: 2_000 };
}
