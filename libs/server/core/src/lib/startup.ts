import { Client } from 'pg';
import Redis from 'ioredis';
import { redisOptions } from './redis';
import { ConfigError } from '@karta/server-config';

/**
 * Turns a start-up failure into one line on stderr and exit code 1. Operators see what is wrong
 * (bad variable, unreachable database) instead of a loop of stack traces.
 */
export function exitOnStartupError(service: string, error: unknown): never {
  const reason =
    error instanceof ConfigError
      ? error.message
      : error instanceof AggregateError
        ? error.errors.map(describe).join('; ')
        : describe(error);
  process.stderr.write(`${service}: cannot start: ${reason}\n`);
  process.exit(1);
}

function describe(error: unknown): string {
  if (error instanceof Error) {
    const code = (error as NodeJS.ErrnoException).code;
    return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
  }
  return String(error);
}

/**
 * Start-up check: BullMQ would otherwise retry an unreachable Redis forever and the process
 * would look alive while doing nothing.
 */
export async function assertRedisReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new Redis({ ...redisOptions(url), lazyConnect: true, connectTimeout: timeoutMs, retryStrategy: () => null, maxRetriesPerRequest: 0 });
  client.on('error', () => undefined);
  try {
    await client.connect();
    await client.ping();
  } catch (error) {
    const { host, port } = new URL(url);
    throw new Error(`Redis at ${host}${port ? '' : ':6379'} is unreachable (${error instanceof Error ? error.message : error})`);
  } finally {
    client.disconnect();
  }
}

/** Start-up check for PostgreSQL, before Nest starts logging a retry loop. */
export async function assertPostgresReachable(url: string, timeoutMs = 5_000): Promise<void> {
  const client = new Client({ connectionString: url, connectionTimeoutMillis: timeoutMs });
  try {
    await client.connect();
    await client.query('SELECT 1');
  } catch (error) {
    const { hostname, port, pathname } = new URL(url);
    throw new Error(`PostgreSQL at ${hostname}:${port || 5432}${pathname} is unreachable (${error instanceof Error ? error.message : error})`);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Both dependencies, checked in parallel, reported together. */
export async function assertServicesReachable(env: { DATABASE_URL: string; REDIS_URL: string }): Promise<void> {
  const results = await Promise.allSettled([assertPostgresReachable(env.DATABASE_URL), assertRedisReachable(env.REDIS_URL)]);
  const failures = results.filter((result): result is PromiseRejectedResult => result.status === 'rejected');
  if (failures.length) throw new Error(failures.map((failure) => (failure.reason as Error).message).join('; '));
}
