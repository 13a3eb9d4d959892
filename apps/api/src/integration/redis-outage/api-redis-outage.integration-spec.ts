import { randomBytes } from 'node:crypto';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { IndicatorRecomputationEntity, JobRequestEntity, OrganizationEntity, SystemProbeEntity, WeeklyImportEntity } from '@karta/db';
import { addDays, formatIsoWeek, isoWeekOf, isoWeekStart, toLocalDate } from '@karta/domain';
import { JobName, JobRequests, QueueName } from '@karta/jobs';
import { redisOptions } from '@karta/server-core';
import { eventually, makeUser, RedisServer } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';
import { type IndicatorFixture, indicatorFixture } from '../indicators/fixture';

jest.setTimeout(120_000);

/** Last week, which a coordinator may still enter. */
const lastWeek = formatIsoWeek(isoWeekOf(addDays(isoWeekStart(isoWeekOf(toLocalDate(new Date()))), -7)));
const lastWeekStart = isoWeekStart(isoWeekOf(addDays(toLocalDate(new Date()), -7)));

function multipart(fields: Record<string, string>, file: { name: string; content: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----karta${randomBytes(8).toString('hex')}`;
  const parts = Object.entries(fields).map(([name, value]) => Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  return {
    payload: Buffer.concat([
      ...parts,
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: text/csv\r\n\r\n`),
      file.content,
      Buffer.from(`\r\n--${boundary}--\r\n`),
    ]),
    headers: { 'content-type': `multipart/form-data; boundary=${boundary}` },
  };
}

/**
 * The real API on a Redis of the suite's own, stopped, hung (SIGSTOP) and started again empty (issue 11,
 * points 4, 5 and 6): what committed answers at once, its follow-up job reaches the queue once Redis is
 * back — once; what truly needs Redis answers 503 at once; sign-in keeps working and limited.
 */
describe('API: requests during a Redis outage (own redis-server)', () => {
  let redis: RedisServer;
  let api: TestApi;
  let fx: IndicatorFixture;
  let queues: Record<QueueName, Queue>;
  /** Starts Redis again if a test left it stopped, so a failure never hangs the rest. */
  let safety: NodeJS.Timeout | undefined;

  beforeAll(async () => {
    redis = await RedisServer.start();
    api = await startTestApi({}, redis.testRedis());
    fx = await indicatorFixture(api);
    const connection = { ...redisOptions(redis.url), retryStrategy: () => 100 };
    queues = Object.fromEntries(Object.values(QueueName).map((name) => [name, new Queue(name, { connection, prefix: api.env.QUEUE_PREFIX })])) as Record<QueueName, Queue>;
    for (const queue of Object.values(queues)) queue.on('error', () => undefined);
  });

  afterEach(async () => {
    clearTimeout(safety);
    redis.resume();
    if (!redis.running) await redis.start();
    await eventually(async () => (await api.app.inject({ url: '/api/health' })).statusCode === 200, 'the API to be connected again', 10_000);
  });

  afterAll(async () => {
    await Promise.all(Object.values(queues).map((queue) => queue.close()));
    await api.close();
    await redis.dispose();
  });

  /** Stops Redis; it is started again after `safetyMs` at the latest. */
  async function stopRedis(safetyMs = 8_000): Promise<void> {
    await redis.stop();
    safety = setTimeout(() => void redis.start(), safetyMs);
  }

  async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
    const start = performance.now();
    const value = await work();
    return { ms: performance.now() - start, value };
  }

  async function waiting(queue: QueueName, name: JobName): Promise<{ id?: string; data: unknown }[]> {
    return (await queues[queue].getJobs(['waiting', 'delayed', 'prioritized', 'active'])).filter((job) => job.name === name).map((job) => ({ id: job.id, data: job.data }));
  }

  const pendingRequests = () => api.dataSource.getRepository(JobRequestEntity).find({ order: { id: 'ASC' } });
  const save = (values: Record<string, number>, version: number) =>
    fx.call('coordinator', { method: 'PUT', url: `/api/weekly-reports/${fx.tree.school1.id}/${lastWeek}`, payload: { values, version } });

  it('weekly-report saves answer at once while Redis is down; the week is computed once after it returns, nothing lost, nothing twice', async () => {
    await stopRedis();
    const first = await timed(() => save({ staff_wrote: 5 }, 0));
    expect(first.value.statusCode).toBe(200);
    expect(first.ms).toBeLessThan(1_000);
    const second = await timed(() => save({ staff_wrote: 6 }, first.value.json<{ version: number }>().version));
    expect(second.value.statusCode).toBe(200);
    expect(second.ms).toBeLessThan(1_000);
    expect((await pendingRequests()).map((request) => [request.name, request.payload])).toEqual([
      [JobName.IndicatorsCompute, { weekStart: lastWeekStart }],
      [JobName.IndicatorsCompute, { weekStart: lastWeekStart }],
    ]);

    // Back empty, as after a restart without its data: the API relays the requests when its connections return.
    await redis.start();
    await eventually(async () => (await pendingRequests()).length === 0, 'the requests to be relayed', 10_000);
    expect(await waiting(QueueName.Indicators, JobName.IndicatorsCompute)).toEqual([{ id: expect.stringMatching(/^request-/), data: { weekStart: lastWeekStart } }]);
    // Relaying again finds nothing; the job is there once.
    expect(await api.app.get(JobRequests).relayPending()).toBe(0);
    expect(await waiting(QueueName.Indicators, JobName.IndicatorsCompute)).toHaveLength(1);
    await queues[QueueName.Indicators].drain(true);
  });

  it('with Redis up, a save queues its computation before answering and leaves no request behind', async () => {
    const current = await fx.call('coordinator', { url: `/api/weekly-reports/${fx.tree.school1.id}/${lastWeek}` });
    expect((await save({ staff_wrote: 7 }, current.json<{ version: number }>().version)).statusCode).toBe(200);
    expect(await pendingRequests()).toEqual([]);
    expect(await waiting(QueueName.Indicators, JobName.IndicatorsCompute)).toEqual([{ id: expect.stringMatching(/^request-/), data: { weekStart: lastWeekStart } }]);
    await queues[QueueName.Indicators].drain(true);
  });

  it('a save answers within about a second while Redis hangs (SIGSTOP), and its computation is queued once Redis answers again', async () => {
    const current = await fx.call('coordinator', { url: `/api/weekly-reports/${fx.tree.school1.id}/${lastWeek}` });
    redis.pause();
    safety = setTimeout(() => redis.resume(), 8_000);
    const saved = await timed(() => save({ staff_wrote: 8 }, current.json<{ version: number }>().version));
    expect(saved.value.statusCode).toBe(200);
    expect(saved.ms).toBeLessThan(1_800);
    expect(await pendingRequests()).toHaveLength(1);
    redis.resume();
    // The connection never dropped, so nothing announces the return: the request waits for the next
    // relay (a worker's periodic check; here by hand). Redis may also run the timed-out enqueue late:
    // the request's job id absorbs it.
    await api.app.get(JobRequests).relayPending();
    expect(await pendingRequests()).toEqual([]);
    expect(await waiting(QueueName.Indicators, JobName.IndicatorsCompute)).toHaveLength(1);
    await queues[QueueName.Indicators].drain(true);
  });

  it('organization changes answer at once while Redis is down; one task materialization is queued when it returns', async () => {
    await stopRedis();
    const created = await timed(() =>
      fx.call('admin', { method: 'POST', url: '/api/organizations', payload: { parentId: fx.tree.department.id, code: 'RO-NEW', name: 'Новая школа', shortName: 'Новая', kind: 'school' } }),
    );
    expect(created.value.statusCode).toBe(201);
    expect(created.ms).toBeLessThan(1_000);
    const closed = await timed(() => fx.call('admin', { method: 'PATCH', url: `/api/organizations/${fx.tree.school2.id}`, payload: { isActive: false } }));
    expect(closed.value.statusCode).toBe(200);
    expect(closed.ms).toBeLessThan(1_000);
    expect(await api.dataSource.getRepository(OrganizationEntity).existsBy({ code: 'RO-NEW' })).toBe(true);
    expect((await pendingRequests()).map((request) => request.name)).toEqual([JobName.TasksMaterialize, JobName.TasksMaterialize]);

    await redis.start();
    await eventually(async () => (await pendingRequests()).length === 0, 'the requests to be relayed', 10_000);
    expect(await waiting(QueueName.Tasks, JobName.TasksMaterialize)).toEqual([{ id: expect.stringMatching(/^request-/), data: {} }]);
    // The recomputation the closing recorded stays queued for the worker's requeue job (it has its row).
    expect(await api.dataSource.getRepository(IndicatorRecomputationEntity).countBy({ status: 'queued' })).toBeGreaterThan(0);
    await queues[QueueName.Tasks].drain(true);
  });

  it('target edits and weekly-sheet uploads answer at once while Redis is down; their rows wait for the requeue jobs', async () => {
    await stopRedis();
    const edited = await timed(() =>
      fx.call('controller', { method: 'PUT', url: `/api/indicators/${fx.parents.id}/targets`, payload: { targets: [{ effectiveFrom: '2025-09-01', target: 0.1 }] } }),
    );
    expect(edited.value.statusCode).toBe(200);
    expect(edited.ms).toBeLessThan(1_000);
    const uploaded = await timed(() =>
      fx.call('controller', {
        method: 'POST',
        url: '/api/weekly-imports',
        ...multipart({ roadmapId: fx.roadmap.id }, { name: 'район.csv', content: Buffer.from('Код организации;Неделя\r\n') }),
      }),
    );
    expect(uploaded.value.statusCode).toBeLessThan(300);
    expect(uploaded.ms).toBeLessThan(1_000);
    expect(await api.dataSource.getRepository(WeeklyImportEntity).findOneByOrFail({ id: uploaded.value.json<{ id: string }>().id })).toMatchObject({ status: 'queued' });
  });

  it('a probe, which exists to use the queue, answers 503 with a Russian message and a stable code within a second, and leaves no row', async () => {
    await stopRedis();
    const probes = await api.dataSource.getRepository(SystemProbeEntity).count();
    const refused = await timed(() => fx.call('admin', { method: 'POST', url: '/api/system/probes', payload: {} }));
    expect(refused.ms).toBeLessThan(1_000);
    expect(refused.value.statusCode).toBe(503);
    expect(refused.value.json()).toMatchObject({ statusCode: 503, code: 'redis_unavailable', message: expect.stringMatching(/временно недоступен/) });
    expect(await api.dataSource.getRepository(SystemProbeEntity).count()).toBe(probes);
  });

  it('sign-in keeps working while Redis is down, and failed attempts are still limited per account', async () => {
    const user = await makeUser(api.dataSource, { role: 'org_coordinator', organizationId: fx.tree.school1.id });
    await stopRedis(15_000);
    const login = (password: string) => api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password } });
    const ok = await timed(() => login(user.password));
    expect(ok.value.statusCode).toBe(200);
    expect(ok.ms).toBeLessThan(1_000);
    for (let attempt = 0; attempt < 5; attempt++) expect((await login('wrong-password-1')).statusCode).toBe(401);
    const limited = await login(user.password);
    expect(limited.statusCode).toBe(429);
    expect(limited.json().message).toMatch(/Слишком много попыток входа/);
  });

  it('health answers 503 naming each connection down while Redis is down', async () => {
    await stopRedis();
    await eventually(async () => (await api.app.inject({ url: '/api/health' })).statusCode === 503, 'the health to answer 503', 2_000);
    const down = await api.app.inject({ url: '/api/health' });
    expect(down.json()).toMatchObject({ status: 'error', details: { database: { status: 'up' } } });
    expect(down.json().details.redis).toMatchObject({ status: 'down', connections: { redis: 'down', 'redis:subscriber': 'down', 'queue:tasks': 'down' } });
  });

  it('after a 20 s outage health says 200 and the queues take jobs again within seconds', async () => {
    await stopRedis(40_000);
    // Long enough for BullMQ's own backoff (1 s … 20 s) to reach its longest waits.
    await sleep(20_000);
    await redis.start();
    const back = performance.now();
    await eventually(async () => (await api.app.inject({ url: '/api/health' })).statusCode === 200, 'the health to answer 200', 10_000);
    expect(performance.now() - back).toBeLessThan(3_000);
    // The queues' connections are back as well: a probe is queued at once.
    const probe = await timed(() => fx.call('admin', { method: 'POST', url: '/api/system/probes', payload: {} }));
    expect(probe.value.statusCode).toBe(202);
    expect(probe.ms).toBeLessThan(1_000);
  });
});
