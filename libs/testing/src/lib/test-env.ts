import { randomBytes } from 'node:crypto';
import { type Env, parseEnv } from '@karta/server-config';
import type { TestDatabase } from './test-database';
import type { TestRedis } from './test-redis';

/** A complete, valid configuration pointing at the suite's own database and Redis prefix. */
export function testEnv(database: TestDatabase, redis: TestRedis, overrides: Record<string, string> = {}): Env {
  return parseEnv({
    NODE_ENV: 'test',
    DATABASE_URL: database.url,
    DB_MIGRATIONS_RUN: 'false',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: redis.prefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    LOG_LEVEL: 'silent',
    WORKER_HEALTH_PORT: '0',
    ...overrides,
  });
}

/** The same configuration as environment variables, for a child process. */
export function envVariables(env: Env): Record<string, string> {
  return Object.fromEntries(
    Object.entries(env)
      .filter(([, value]) => value !== undefined)
      .map(([key, value]) => [key, Array.isArray(value) ? value.join(',') : String(value)]),
  );
}
