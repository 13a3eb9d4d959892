import type { RedisOptions } from 'ioredis';

/** Longest wait between two reconnection attempts of any Redis connection (BullMQ's own default grows to 20 s). */
export const REDIS_RECONNECT_MAX_DELAY_MS = 2_000;

/**
 * ioredis `retryStrategy`: 100 ms, 200, 400, 800, 1600, then every 2 s for as long as Redis is away, so
 * every connection is back within about 2 s of Redis, however long the outage lasted.
 */
export function redisReconnectDelay(attempt: number): number {
  return Math.min(100 * 2 ** Math.max(attempt - 1, 0), REDIS_RECONNECT_MAX_DELAY_MS);
}

/**
 * ioredis options from a redis:// URL. BullMQ needs `maxRetriesPerRequest: null` on worker
 * connections; queues and probes use the same settings so one URL means one behaviour.
 */
export function redisOptions(url: string): RedisOptions {
  const parsed = new URL(url);
  const db = parsed.pathname.length > 1 ? Number(parsed.pathname.slice(1)) : 0;
  return {
    host: parsed.hostname.replace(/^\[|\]$/g, ''),
    port: Number(parsed.port || 6379),
    username: parsed.username ? decodeURIComponent(parsed.username) : undefined,
    password: parsed.password ? decodeURIComponent(parsed.password) : undefined,
    db: Number.isInteger(db) ? db : 0,
    tls: parsed.protocol === 'rediss:' ? {} : undefined,
    maxRetriesPerRequest: null,
    retryStrategy: redisReconnectDelay,
  };
}

const CONNECTION_ERROR_CODES = new Set(['ECONNREFUSED', 'ECONNRESET', 'ECONNABORTED', 'ETIMEDOUT', 'EPIPE', 'ENOTFOUND', 'EHOSTUNREACH', 'ENETUNREACH', 'EAI_AGAIN']);
const CONNECTION_ERROR_MESSAGES = /Connection is closed|Stream isn't writeable|Command timed out|max retries per request|ECONNREFUSED|ECONNRESET|ETIMEDOUT/i;

/** Redis did not take a command a request needs (down, or no answer in time): nothing was done, or it may be done later. */
export class RedisUnavailableError extends Error {
  override readonly name = 'RedisUnavailableError';
}

/** Whether an error only says that Redis cannot be reached now (as opposed to a command Redis refused). */
export function isRedisConnectionError(error: unknown): boolean {
  if (!(error instanceof Error)) return false;
  if (error instanceof RedisUnavailableError) return true;
  const code = (error as NodeJS.ErrnoException).code;
  return (code !== undefined && CONNECTION_ERROR_CODES.has(code)) || error.name === 'MaxRetriesPerRequestError' || CONNECTION_ERROR_MESSAGES.test(error.message);
}
