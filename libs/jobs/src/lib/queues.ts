/** Every BullMQ queue. Separate queues keep a long import from delaying reminders. */
export enum QueueName {
  System = 'system',
  /** Task materialization and other task housekeeping. */
  Tasks = 'tasks',
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
}

export type JobPayload<N extends JobName> = JobPayloads[N];

export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.SystemProbe]: QueueName.System,
  [JobName.SystemProbeRetention]: QueueName.System,
  [JobName.TasksMaterialize]: QueueName.Tasks,
};

/** De-duplication id of a whole-database materialization run (see `JobName.TasksMaterialize`). */
export const TASKS_MATERIALIZE_DEDUPLICATION_ID = 'tasks.materialize:all';

export function tasksMaterializeDeduplicationId(roadmapId?: string): string {
  return roadmapId ? `tasks.materialize:${roadmapId}` : TASKS_MATERIALIZE_DEDUPLICATION_ID;
}

export const MAX_PROBE_HOLD_MS = 60_000;
