export * from './lib/factories';
export * from './lib/test-database';
export * from './lib/test-env';
export * from './lib/test-redis';
export * from './lib/task-factories';
export * from './lib/roadmap-factories';
export * from './lib/indicator-factories';
export * from './lib/eventually';
