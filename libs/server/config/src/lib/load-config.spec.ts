import { ConfigError, parseEnv } from './load-config';

const valid = {
  DATABASE_URL: 'postgres://postgres@127.0.0.1:5432/karta',
  REDIS_URL: 'redis://127.0.0.1:6379',
  JWT_SECRET: 'x'.repeat(32),
};

describe('parseEnv', () => {
  it('applies defaults to a minimal environment', () => {
    const env = parseEnv(valid);
    expect(env.PORT).toBe(3000);
    expect(env.QUEUE_PREFIX).toBe('karta');
    expect(env.DEMO_MODE).toBe(false);
    expect(env.DB_MIGRATIONS_RUN).toBe(true);
    expect(env.CORS_ORIGINS).toEqual([]);
    expect(env.WORKER_RECOVERY_INTERVAL_SECONDS).toBe(60);
  });

  it('parses booleans strictly: "false" stays false', () => {
    expect(parseEnv({ ...valid, DEMO_MODE: 'false' }).DEMO_MODE).toBe(false);
    expect(parseEnv({ ...valid, DEMO_MODE: 'true' }).DEMO_MODE).toBe(true);
    expect(() => parseEnv({ ...valid, DEMO_MODE: 'yes' })).toThrow(/DEMO_MODE/);
  });

  it('splits CORS origins', () => {
    expect(parseEnv({ ...valid, CORS_ORIGINS: 'https://a.ru, https://b.ru,' }).CORS_ORIGINS).toEqual([
      'https://a.ru',
      'https://b.ru',
    ]);
  });

  it('treats empty strings as unset', () => {
    expect(parseEnv({ ...valid, PORT: '' }).PORT).toBe(3000);
  });

  it('names every bad variable in one line', () => {
    let error: unknown;
    try {
      parseEnv({ DATABASE_URL: 'mysql://x', PORT: '99999', JWT_SECRET: 'short' });
    } catch (caught) {
      error = caught;
    }
    expect(error).toBeInstanceOf(ConfigError);
    const message = (error as Error).message;
    expect(message).not.toContain('\n');
    expect(message).toContain('DATABASE_URL: must be a URL starting with postgres:// or postgresql://');
    expect(message).toContain('REDIS_URL: is required');
    expect(message).toContain('PORT:');
    expect(message).toContain('JWT_SECRET: must be at least 32 characters');
  });
});
