import { AppConfig, type Env } from '@karta/server-config';
import { RedisClient, RedisConnections } from '@karta/server-core';
import { createTestRedis, eventually, type TestRedis } from '@karta/testing';
import { AUTH_STATE_MAX_AGE_MS, AuthStateCache } from './auth-state-cache';

interface State {
  role: string;
}

/** Two API processes' caches on one Redis prefix, as in a deployment with several API instances. */
describe('AuthStateCache (real Redis)', () => {
  let redis: TestRedis;
  const clients: RedisClient[] = [];
  const caches: AuthStateCache<State>[] = [];

  async function startCache(): Promise<AuthStateCache<State>> {
    const config = new AppConfig({ REDIS_URL: redis.url, QUEUE_PREFIX: redis.prefix } as Env);
    const connections = new RedisConnections();
    const client = new RedisClient(config, connections);
    const cache = new AuthStateCache<State>(client, connections, config);
    await cache.onModuleInit();
    clients.push(client);
    caches.push(cache);
    return cache;
  }

  /** A loader that counts its calls and answers the current "database" value. */
  function loader(database: Map<string, State>) {
    const calls = { count: 0 };
    const load = (userId: string) => async () => {
      calls.count++;
      return database.get(userId);
    };
    return { calls, load };
  }

  beforeAll(() => {
    redis = createTestRedis();
  });

  afterAll(async () => {
    for (const cache of caches) await cache.onApplicationShutdown();
    for (const client of clients) await client.onApplicationShutdown();
    await redis.clean();
  });

  it('reuses a loaded state until it is older than the age limit', async () => {
    const cache = await startCache();
    const database = new Map([['u1', { role: 'controller' }]]);
    const { calls, load } = loader(database);
    const start = Date.now();
    await expect(cache.get('u1', load('u1'), start)).resolves.toEqual({ role: 'controller' });
    database.set('u1', { role: 'observer' });
    await expect(cache.get('u1', load('u1'), start + AUTH_STATE_MAX_AGE_MS - 1)).resolves.toEqual({ role: 'controller' });
    expect(calls.count).toBe(1);
    await expect(cache.get('u1', load('u1'), start + AUTH_STATE_MAX_AGE_MS)).resolves.toEqual({ role: 'observer' });
    expect(calls.count).toBe(2);
  });

  it('never remembers a missing user (disabled or deleted)', async () => {
    const cache = await startCache();
    const database = new Map<string, State>();
    const { calls, load } = loader(database);
    await expect(cache.get('gone', load('gone'))).resolves.toBeUndefined();
    database.set('gone', { role: 'observer' });
    await expect(cache.get('gone', load('gone'))).resolves.toEqual({ role: 'observer' });
    expect(calls.count).toBe(2);
  });

  it('drops a changed user at once in the process that changed it and in every other one', async () => {
    const [here, elsewhere] = [await startCache(), await startCache()];
    const database = new Map([['u2', { role: 'org_coordinator' }]]);
    const { load } = loader(database);
    await here.get('u2', load('u2'));
    await elsewhere.get('u2', load('u2'));
    database.set('u2', { role: 'observer' });

    await here.changed(['u2']);

    await expect(here.get('u2', load('u2'))).resolves.toEqual({ role: 'observer' });
    await eventually(async () => (await elsewhere.get('u2', load('u2')))?.role === 'observer');
  });

  it('drops everyone when told without ids (an organization moved)', async () => {
    const [here, elsewhere] = [await startCache(), await startCache()];
    const database = new Map([
      ['a', { role: 'org_head' }],
      ['b', { role: 'org_head' }],
    ]);
    const { load } = loader(database);
    for (const cache of [here, elsewhere]) for (const id of ['a', 'b']) await cache.get(id, load(id));
    database.set('a', { role: 'observer' });
    database.set('b', { role: 'observer' });

    await here.changed();

    await eventually(async () => (await elsewhere.get('a', load('a')))?.role === 'observer' && (await elsewhere.get('b', load('b')))?.role === 'observer');
    await expect(here.get('b', load('b'))).resolves.toEqual({ role: 'observer' });
  });

  it('does not keep a state read before a change that committed while it was loading', async () => {
    const cache = await startCache();
    let release!: () => void;
    const slowOldRead = async () => {
      await new Promise<void>((resolve) => (release = resolve));
      return { role: 'controller' };
    };
    const reading = cache.get('u3', slowOldRead);
    await cache.changed(['u3']);
    release();
    await expect(reading).resolves.toEqual({ role: 'controller' });
    const { calls, load } = loader(new Map([['u3', { role: 'observer' }]]));
    await expect(cache.get('u3', load('u3'))).resolves.toEqual({ role: 'observer' });
    expect(calls.count).toBe(1);
  });
});
