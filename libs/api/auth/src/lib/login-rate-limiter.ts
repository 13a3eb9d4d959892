import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RedisClient } from '@karta/server-core';

/**
 * Failed sign-ins are counted per account and per address in Redis, so the limit holds across
 * API replicas. A success clears the account's counter.
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perAccount: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(redis: RedisClient) {
    const storeClient = redis.connection;
    this.perAccount = new RateLimiterRedis({ storeClient, keyPrefix: 'login-fail:account', points: 5, duration: 15 * 60, blockDuration: 15 * 60 });
    this.perAddress = new RateLimiterRedis({ storeClient, keyPrefix: 'login-fail:address', points: 30, duration: 15 * 60, blockDuration: 15 * 60 });
  }

  async assertAllowed(email: string, address: string): Promise<void> {
    const [account, ip] = await Promise.all([this.perAccount.get(email), this.perAddress.get(address)]);
    const blocked = [account, ip].find((state) => state !== null && state.remainingPoints <= 0);
    if (blocked) throw tooManyAttempts(blocked);
  }

  async recordFailure(email: string, address: string): Promise<void> {
    await Promise.all([
      this.perAccount.consume(email).catch(() => undefined),
      this.perAddress.consume(address).catch(() => undefined),
    ]);
  }

  async recordSuccess(email: string): Promise<void> {
    await this.perAccount.delete(email);
  }
}

function tooManyAttempts(state: RateLimiterRes): HttpException {
  const retryAfterSeconds = Math.ceil(state.msBeforeNext / 1000);
  return new HttpException(
    { message: `Слишком много попыток входа. Повторите через ${Math.ceil(retryAfterSeconds / 60)} мин.`, retryAfterSeconds },
    HttpStatus.TOO_MANY_REQUESTS,
  );
}
