import { envSchema, type Env } from './env.schema';

/** Thrown when the environment does not describe a runnable configuration. */
export class ConfigError extends Error {
  override readonly name = 'ConfigError';
}

/**
 * Validates the environment once. The message is a single line naming every bad variable,
 * so a misconfigured container says what to fix instead of crashing later with a stack trace.
 */
export function parseEnv(env: Readonly<Record<string, string | undefined>>): Env {
  // Empty strings mean "unset": compose files pass `${VAR:-}` through as ''.
  const present = Object.fromEntries(Object.entries(env).filter(([, value]) => value !== ''));
  const result = envSchema.safeParse(present);
  if (result.success) {
    return result.data;
  }
  const problems = result.error.issues.map((issue) => {
    const name = issue.path.join('.');
    const missing = issue.code === 'invalid_type' && present[name] === undefined;
    return `${name}: ${missing ? 'is required' : issue.message}`;
  });
  throw new ConfigError(`Invalid configuration: ${problems.join('; ')}`);
}

/** Reads `process.env` — the only place in the server code that does. */
export function loadEnv(): Env {
  return parseEnv(process.env);
}
