import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@karta/server-config';
import { redisOptions } from './redis';

/** A general-purpose Redis connection (health, rate limits); BullMQ keeps its own. */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly connection: Redis;

  constructor(@Inject(AppConfig) config: AppConfig) {
    this.connection = new Redis({
      ...redisOptions(config.redis.url),
      keyPrefix: `${config.redis.queuePrefix}:app:`,
      // Commands fail fast while Redis is down instead of queueing up forever.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      lazyConnect: false,
    });
    // Reconnection is automatic; the health endpoint reports the outage.
    this.connection.on('error', () => undefined);
  }

  async ping(): Promise<boolean> {
    try {
      return (await this.connection.ping()) === 'PONG';
    } catch {
      return false;
    }
  }

  async onApplicationShutdown(): Promise<void> {
    await this.connection.quit().catch(() => this.connection.disconnect());
  }
}

@Global()
@Module({ providers: [RedisClient], exports: [RedisClient] })
export class RedisModule {}
