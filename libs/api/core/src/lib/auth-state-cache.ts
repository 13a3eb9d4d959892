import { Global, Injectable, Logger, Module, type OnApplicationShutdown, type OnModuleInit } from '@nestjs/common';
import type Redis from 'ioredis';
import { AppConfig } from '@karta/server-config';
import { RedisClient, RedisConnections } from '@karta/server-core';

/** Longest a user's auth state is reused; bounds staleness of changes made outside the API (CLI, SQL). */
export const AUTH_STATE_MAX_AGE_MS = 5_000;
const EVERYONE = '*';

/**
 * The signed-in user's auth state (active, role, organization and its path, password change time) as
 * the auth guard loads it, reused for a few seconds: the lookup was one of the three queries of every
 * list request. A change made through the API drops the entry at once in every API process (Redis
 * pub/sub), so a deactivated user, a new role or a moved organization still take effect immediately.
 */
@Injectable()
export class AuthStateCache<State = unknown> implements OnModuleInit, OnApplicationShutdown {
  private readonly logger = new Logger(AuthStateCache.name);
  private readonly entries = new Map<string, { state: State; loadedAt: number }>();
  private readonly channel: string;
  private subscriber?: Redis;
  /**
   * Bumped by every invalidation: a load that started before one is not stored, so a request that read
   * the old row while the change committed cannot put it back.
   */
  private generation = 0;

  constructor(
    private readonly redis: RedisClient,
    private readonly connections: RedisConnections,
    config: AppConfig,
  ) {
    this.channel = `${config.redis.queuePrefix}:auth-state-changed`;
  }

  async onModuleInit(): Promise<void> {
    // Pub/sub needs a connection of its own; it queues the subscription until Redis is reachable and
    // renews it after a reconnect.
    const subscriber = this.redis.connection.duplicate({ enableOfflineQueue: true, maxRetriesPerRequest: null, commandTimeout: undefined });
    this.connections.follow('redis:subscriber', subscriber);
    subscriber.on('message', (_channel: string, userId: string) => this.forget(userId));
    // Anything changed while disconnected is unknown: start afresh.
    subscriber.on('ready', () => this.forget(EVERYONE));
    this.subscriber = subscriber;
    await subscriber.subscribe(this.channel);
  }

  async onApplicationShutdown(): Promise<void> {
    await this.subscriber?.quit().catch(() => this.subscriber?.disconnect());
  }

  /** The user's state loaded at most `AUTH_STATE_MAX_AGE_MS` ago, else freshly from `load`. */
  async get(userId: string, load: () => Promise<State | undefined>, now = Date.now()): Promise<State | undefined> {
    const entry = this.entries.get(userId);
    if (entry && now - entry.loadedAt < AUTH_STATE_MAX_AGE_MS) return entry.state;
    const generation = this.generation;
    const state = await load();
    if (state === undefined) {
      this.entries.delete(userId);
    } else if (generation === this.generation) {
      this.entries.set(userId, { state, loadedAt: now });
    }
    return state;
  }

  /**
   * Call after the change committed: drops the users' state here and in every other API process.
   * No ids = everyone (e.g. an organization moved in the tree, changing its users' paths).
   */
  async changed(userIds?: readonly string[]): Promise<void> {
    const keys = userIds ?? [EVERYONE];
    for (const key of keys) this.forget(key);
    try {
      for (const key of keys) await this.redis.connection.publish(this.channel, key);
    } catch (error) {
      // Other processes fall back to the age limit.
      this.logger.warn(`could not announce an auth state change: ${(error as Error).message}`);
    }
  }

  private forget(userId: string): void {
    this.generation++;
    if (userId === EVERYONE) this.entries.clear();
    else this.entries.delete(userId);
  }
}

@Global()
@Module({ providers: [AuthStateCache], exports: [AuthStateCache] })
export class AuthStateModule {}
