export * from './lib/database.module';
export * from './lib/logging';
export * from './lib/password-hasher';
export * from './lib/redis';
export * from './lib/redis.module';
export * from './lib/startup';
