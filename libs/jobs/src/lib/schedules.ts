import { JobName, type JobPayloads } from './queues';

export const SCHEDULE_TIME_ZONE = 'Europe/Moscow';

export interface RecurringJob<N extends JobName = JobName> {
  /** Stable scheduler id: re-registering with the same id replaces, never duplicates. */
  readonly id: string;
  readonly job: N;
  readonly cron: string;
  readonly payload: JobPayloads[N];
}

/** Every recurring job, registered by the worker from this one list. */
export const RECURRING_JOBS: readonly RecurringJob[] = [
  {
    id: 'system-probe-retention',
    job: JobName.SystemProbeRetention,
    cron: '15 3 * * *',
    payload: { olderThanDays: 30 },
  },
  {
    // After midnight in Moscow, so the new day's periods (and the horizon's) get their tasks.
    id: 'tasks-materialize-daily',
    job: JobName.TasksMaterialize,
    cron: '30 0 * * *',
    payload: {},
  },
  {
    // Monday morning in Moscow: the week that ended on Sunday, once late weekend numbers are in.
    id: 'indicators-compute-weekly',
    job: JobName.IndicatorsCompute,
    cron: '0 6 * * 1',
    payload: {},
  },
  {
    id: 'indicators-recompute-requeue',
    job: JobName.IndicatorsRecomputeRequeue,
    cron: '*/5 * * * *',
    payload: {},
  },
  {
    id: 'indicators-import-requeue',
    job: JobName.IndicatorsImportRequeue,
    cron: '*/5 * * * *',
    payload: { olderThanMinutes: 2 },
  },
  {
    id: 'indicators-import-retention',
    job: JobName.IndicatorsImportRetention,
    cron: '45 3 * * *',
    payload: {},
  },
];
