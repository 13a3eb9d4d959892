export * from './lib/worker-system.module';
