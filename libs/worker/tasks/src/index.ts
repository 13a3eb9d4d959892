export * from './lib/worker-tasks.module';
