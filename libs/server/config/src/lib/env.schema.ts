import { z } from 'zod';

const booleanString = z
  .enum(['true', 'false', '1', '0'])
  .transform((value) => value === 'true' || value === '1');

const port = z.coerce.number().int().min(1).max(65535);

const urlWithProtocol = (protocols: readonly string[]) =>
  z.string().refine(
    (value) => {
      try {
        return protocols.includes(new URL(value).protocol);
      } catch {
        return false;
      }
    },
    { message: `must be a URL starting with ${protocols.map((p) => `${p}//`).join(' or ')}` },
  );

/** Every environment variable the API and the worker read. README's configuration table mirrors it. */
export const envSchema = z.object({
  NODE_ENV: z.enum(['development', 'production', 'test']).default('development'),
  HOST: z.string().min(1).default('0.0.0.0'),
  PORT: port.default(3000),
  DATABASE_URL: urlWithProtocol(['postgres:', 'postgresql:']),
  DB_MIGRATIONS_RUN: booleanString.default(true),
  REDIS_URL: urlWithProtocol(['redis:', 'rediss:']),
  QUEUE_PREFIX: z
    .string()
    .regex(/^[a-z0-9][a-z0-9:_-]*$/i, 'only letters, digits, ":", "_" and "-"')
    .default('karta'),
  JWT_SECRET: z.string().min(32, 'must be at least 32 characters (e.g. `openssl rand -hex 32`)'),
  JWT_ACCESS_TTL_SECONDS: z.coerce.number().int().min(60).max(86_400).default(900),
  JWT_REFRESH_TTL_DAYS: z.coerce.number().int().min(1).max(90).default(14),
  // `auto`: Secure in production. `false` only for deployments reachable over plain HTTP.
  REFRESH_COOKIE_SECURE: z.enum(['auto', 'true', 'false']).default('auto'),
  CORS_ORIGINS: z
    .string()
    .default('')
    .transform((value) =>
      value
        .split(',')
        .map((origin) => origin.trim())
        .filter(Boolean),
    ),
  WEB_ROOT: z.string().optional(),
  STORAGE_DIR: z.string().min(1).default('.data/storage'),
  UPLOAD_MAX_BYTES: z.coerce.number().int().min(1).max(1024 * 1024 * 1024).default(20 * 1024 * 1024),
  LOG_LEVEL: z.enum(['fatal', 'error', 'warn', 'info', 'debug', 'trace', 'silent']).default('info'),
  DEMO_MODE: booleanString.default(false),
  // 0 picks a free port (tests run several workers side by side).
  WORKER_HEALTH_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  WORKER_CONCURRENCY: z.coerce.number().int().min(1).max(64).default(4),
  // How often each worker checks that every recurring job has its scheduler and relays job requests left pending.
  WORKER_RECOVERY_INTERVAL_SECONDS: z.coerce.number().int().min(1).max(3600).default(60),
});

export type Env = z.infer<typeof envSchema>;
