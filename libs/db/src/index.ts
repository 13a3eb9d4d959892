export * from './lib/db.module';

