import { randomBytes } from 'node:crypto';
import Redis from 'ioredis';

export function testRedisUrl(): string {
  return process.env['REDIS_URL'] ?? 'redis://127.0.0.1:6379';
}

export interface TestRedis {
  readonly url: string;
  /** Every key the suite creates starts with it; queues included. */
  readonly prefix: string;
  clean(): Promise<void>;
}

/** A Redis prefix of one suite's own, removed with all its keys when the suite ends. */
export function createTestRedis(): TestRedis {
  const prefix = `karta-test-${randomBytes(5).toString('hex')}`;
  const url = testRedisUrl();
  return {
    url,
    prefix,
    clean: async () => {
      const redis = new Redis(url, { lazyConnect: true });
      await redis.connect();
      try {
        let cursor = '0';
        do {
          const [next, keys] = await redis.scan(cursor, 'MATCH', `${prefix}:*`, 'COUNT', 1000);
          if (keys.length) await redis.del(...keys);
          cursor = next;
        } while (cursor !== '0');
      } finally {
        redis.disconnect();
      }
    },
  };
}
