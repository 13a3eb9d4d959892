import { isRedisConnectionError, REDIS_RECONNECT_MAX_DELAY_MS, redisOptions, redisReconnectDelay } from './redis';

describe('redisOptions', () => {
  it('reads host, port, credentials and database', () => {
    expect(redisOptions('redis://user:p%40ss@cache.local:6380/2')).toMatchObject({
      host: 'cache.local',
      port: 6380,
      username: 'user',
      password: 'p@ss',
      db: 2,
      tls: undefined,
      maxRetriesPerRequest: null,
    });
  });

  it('defaults the port and database, and turns on TLS for rediss://', () => {
    expect(redisOptions('rediss://[::1]')).toMatchObject({ host: '::1', port: 6379, db: 0, tls: {} });
  });

  it('reconnects with a backoff capped at 2 s (BullMQ would otherwise wait up to 20 s)', () => {
    const strategy = redisOptions('redis://127.0.0.1').retryStrategy;
    expect([1, 2, 3, 4, 5, 6, 10, 1_000].map((attempt) => strategy?.(attempt))).toEqual([100, 200, 400, 800, 1600, 2000, 2000, 2000]);
    expect(redisReconnectDelay(50)).toBe(REDIS_RECONNECT_MAX_DELAY_MS);
  });
});

describe('isRedisConnectionError', () => {
  const withCode = (message: string, code: string) => Object.assign(new Error(message), { code });

  it('recognizes refused, reset and closed connections, a disabled offline queue and timeouts', () => {
    expect(isRedisConnectionError(withCode('connect ECONNREFUSED 127.0.0.1:6379', 'ECONNREFUSED'))).toBe(true);
    expect(isRedisConnectionError(withCode('read ECONNRESET', 'ECONNRESET'))).toBe(true);
    expect(isRedisConnectionError(new Error('Connection is closed.'))).toBe(true);
    expect(isRedisConnectionError(new Error("Stream isn't writeable and enableOfflineQueue options is false"))).toBe(true);
    expect(isRedisConnectionError(new Error('Command timed out'))).toBe(true);
  });

  it('leaves other errors alone', () => {
    expect(isRedisConnectionError(new Error('ERR unknown command'))).toBe(false);
    expect(isRedisConnectionError('ECONNREFUSED')).toBe(false);
  });
});
