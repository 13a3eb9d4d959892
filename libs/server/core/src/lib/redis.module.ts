import { Global, Inject, Injectable, Module, type OnApplicationShutdown } from '@nestjs/common';
import Redis from 'ioredis';
import { AppConfig } from '@karta/server-config';
import { redisOptions } from './redis';
import { RedisConnections } from './redis-connections';

/** Longest a command of the general-purpose connection waits for its answer (a hung Redis answers nothing). */
export const REDIS_COMMAND_TIMEOUT_MS = 1_000;

/** A general-purpose Redis connection (health, rate limits); BullMQ keeps its own. */
@Injectable()
export class RedisClient implements OnApplicationShutdown {
  readonly connection: Redis;

  constructor(@Inject(AppConfig) config: AppConfig, connections: RedisConnections) {
    this.connection = new Redis({
      ...redisOptions(config.redis.url),
      keyPrefix: `${config.redis.queuePrefix}:app:`,
      // Commands fail fast while Redis is down instead of queueing up forever.
      maxRetriesPerRequest: 1,
      enableOfflineQueue: false,
      commandTimeout: REDIS_COMMAND_TIMEOUT_MS,
      lazyConnect: false,
    });
    // Reconnection is automatic; the health endpoint reports the outage, the log its start and end.
    connections.follow('redis', this.connection);
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
@Module({ providers: [RedisConnections, RedisClient], exports: [RedisConnections, RedisClient] })
export class RedisModule {}
