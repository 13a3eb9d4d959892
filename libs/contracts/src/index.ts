export * from './lib/auth';
export * from './lib/errors';
