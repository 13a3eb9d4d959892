import { Injectable } from '@nestjs/common';
import { HealthIndicatorService, type HealthIndicatorResult } from '@nestjs/terminus';
import { RedisClient } from '@karta/server-core';

@Injectable()
export class RedisHealthIndicator {
  constructor(
    private readonly redis: RedisClient,
    private readonly indicators: HealthIndicatorService,
  ) {}

  async check(key: string): Promise<HealthIndicatorResult> {
    const indicator = this.indicators.check(key);
    return (await this.redis.ping()) ? indicator.up() : indicator.down({ message: 'Redis does not answer PING' });
  }
}
