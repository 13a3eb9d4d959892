export * from './lib/worker-core.module';
