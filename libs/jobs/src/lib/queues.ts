/** Every BullMQ queue. Separate queues keep a long import from delaying reminders. */
export enum QueueName {
  System = 'system',
}

/** Every job name, prefixed by its area. */
export enum JobName {
  SystemProbe = 'system.probe',
  SystemProbeRetention = 'system.probe-retention',
}

/** Payloads carry ids only, never personal data: Redis is not where personal data lives. */
export interface JobPayloads {
  [JobName.SystemProbe]: {
    probeId: string;
    /** Keeps the worker busy this long; lets operators and tests exercise crash recovery. */
    holdMs?: number;
  };
  [JobName.SystemProbeRetention]: { olderThanDays: number };
}

export type JobPayload<N extends JobName> = JobPayloads[N];

export const QUEUE_OF_JOB: Readonly<Record<JobName, QueueName>> = {
  [JobName.SystemProbe]: QueueName.System,
  [JobName.SystemProbeRetention]: QueueName.System,
};

export const MAX_PROBE_HOLD_MS = 60_000;
