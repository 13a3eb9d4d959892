export * from './lib/worker-indicators.module';
