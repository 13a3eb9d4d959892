export * from './lib/audit-read.module';
