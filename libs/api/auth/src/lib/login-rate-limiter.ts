import { HttpException, HttpStatus, Injectable } from '@nestjs/common';
import { RateLimiterMemory, RateLimiterRedis, RateLimiterRes } from 'rate-limiter-flexible';
import { RedisClient } from '@karta/server-core';

const WINDOW_SECONDS = 15 * 60;

/** Counted in Redis, shared by every API process; while Redis is unavailable, in this process's memory. */
function limiter(redis: RedisClient, keyPrefix: string, points: number): RateLimiterRedis {
  const options = { keyPrefix, points, duration: WINDOW_SECONDS, blockDuration: WINDOW_SECONDS };
  return new RateLimiterRedis({
    ...options,
    storeClient: redis.connection,
    // Not ready (down, reconnecting): straight to the fallback, without trying Redis.
    rejectIfRedisNotReady: true,
    insuranceLimiter: new RateLimiterMemory(options),
  });
}

/**
 * Failed sign-ins are counted per account and per address in Redis, so the limit holds across
 * API replicas. A success clears the account's counter. While Redis is unavailable (down, or no answer
 * within the connection's command timeout) each API process counts in its own memory with the same
 * limits: sign-in keeps working and the accounts stay protected (per process, counts made during the
 * outage are not carried over to Redis).
 */
@Injectable()
export class LoginRateLimiter {
  private readonly perAccount: RateLimiterRedis;
  private readonly perAddress: RateLimiterRedis;

  constructor(redis: RedisClient) {
    this.perAccount = limiter(redis, 'login-fail:account', 5);
    this.perAddress = limiter(redis, 'login-fail:address', 30);
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
