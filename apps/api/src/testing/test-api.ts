import type { NestFastifyApplication } from '@nestjs/platform-fastify';
import { DataSource } from 'typeorm';
import { createHttpApp } from '@karta/api-core';
import type { Env } from '@karta/server-config';
import { createTestDatabase, createTestRedis, type TestDatabase, testEnv, type TestRedis } from '@karta/testing';
import { ApiModule } from '../api.module';

export interface TestApi {
  app: NestFastifyApplication;
  dataSource: DataSource;
  env: Env;
  database: TestDatabase;
  redis: TestRedis;
  login(email: string, password: string): Promise<string>;
  close(): Promise<void>;
}

/**
 * The real API (same factory as production) on the suite's own database and Redis prefix — on the
 * shared Redis unless `redis` names another (a `RedisServer` of the suite's own, for outages).
 */
export async function startTestApi(overrides: Record<string, string> = {}, redis: TestRedis = createTestRedis()): Promise<TestApi> {
  const database = await createTestDatabase();
  const env = testEnv(database, redis, overrides);
  const app = await createHttpApp(ApiModule.forRoot(env));
  await app.init();
  await app.getHttpAdapter().getInstance().ready();
  return {
    app,
    env,
    database,
    redis,
    dataSource: app.get(DataSource),
    login: async (email, password) => {
      const response = await app.inject({ method: 'POST', url: '/api/auth/login', payload: { email, password } });
      if (response.statusCode !== 200) throw new Error(`login failed: ${response.statusCode} ${response.body}`);
      return response.json<{ accessToken: string }>().accessToken;
    },
    close: async () => {
      await app.close();
      await Promise.all([database.drop(), redis.clean()]);
    },
  };
}
