import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RedisClient, RedisConnections } from '@karta/server-core';

/** Up when Redis answers PING and every connection of the process (general, pub/sub, each queue's) is up. */
@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisClient,
    private readonly connections: RedisConnections,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    const connections = this.connections.states();
    if (!(await this.redis.ping())) return indicator.down({ message: 'Redis does not answer PING', connections });
    const down = Object.keys(connections).filter((name) => connections[name] === 'down');
    return down.length ? indicator.down({ message: `Redis connections down: ${down.join(', ')}`, connections }) : indicator.up({ connections });
  }
}
