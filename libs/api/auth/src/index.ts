export * from './lib/auth.module';
