export * from './lib/job-options';
export * from './lib/job-producer';
export * from './lib/job-requests';
export * from './lib/jobs.module';
export * from './lib/queues';
export * from './lib/schedules';
