import { Injectable } from '@nestjs/common';
import type { Env } from './env.schema';

/** Typed, grouped access to the validated configuration. Injected everywhere; never read env directly. */
@Injectable()
export class AppConfig {
  constructor(private readonly env: Env) {}

  get isProduction(): boolean {
    return this.env.NODE_ENV === 'production';
  }

  get demoMode(): boolean {
    return this.env.DEMO_MODE;
  }

  get http() {
    return {
      host: this.env.HOST,
      port: this.env.PORT,
      corsOrigins: this.env.CORS_ORIGINS,
      webRoot: this.env.WEB_ROOT,
    } as const;
  }

  get database() {
    return { url: this.env.DATABASE_URL, runMigrations: this.env.DB_MIGRATIONS_RUN } as const;
  }

  get redis() {
    return { url: this.env.REDIS_URL, queuePrefix: this.env.QUEUE_PREFIX } as const;
  }

  get auth() {
    return {
      jwtSecret: this.env.JWT_SECRET,
      accessTokenTtlSeconds: this.env.JWT_ACCESS_TTL_SECONDS,
      refreshTokenTtlDays: this.env.JWT_REFRESH_TTL_DAYS,
      refreshCookieSecure: this.env.REFRESH_COOKIE_SECURE === 'auto' ? this.isProduction : this.env.REFRESH_COOKIE_SECURE === 'true',
    } as const;
  }

  get storage() {
    return { dir: this.env.STORAGE_DIR, uploadMaxBytes: this.env.UPLOAD_MAX_BYTES } as const;
  }

  get logLevel(): Env['LOG_LEVEL'] {
    return this.env.LOG_LEVEL;
  }

  get worker() {
    return {
      healthPort: this.env.WORKER_HEALTH_PORT,
      concurrency: this.env.WORKER_CONCURRENCY,
      recoveryIntervalMs: this.env.WORKER_RECOVERY_INTERVAL_SECONDS * 1000,
    } as const;
  }
}
