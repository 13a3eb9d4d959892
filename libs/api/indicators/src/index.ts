export * from './lib/indicators.module';
