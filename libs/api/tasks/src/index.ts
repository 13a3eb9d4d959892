export * from './lib/tasks.module';
