export * from './lib/organizations.module';
