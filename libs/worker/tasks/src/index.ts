export * from './lib/task-materialization.service';
export * from './lib/tasks.processor';
export * from './lib/worker-tasks.module';
