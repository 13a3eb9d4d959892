export * from './lib/jobs.module';

