import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import { SystemProbeEntity } from '@karta/db';
import { JobName, QueueName, RECURRING_JOBS } from '@karta/jobs';
import { redisOptions } from '@karta/server-core';
import { eventually, freeLoopbackPort, makeUser, RedisServer } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';
import { WorkerProcess } from '../../testing/worker-process';

jest.setTimeout(180_000);

interface Health {
  status: 'ok' | 'error';
  details: { redis: { status: 'up' | 'down'; connections: Record<string, 'up' | 'down'> } };
}

/**
 * Redis outages seen by real worker processes and the real API (issue 11, points 3, 6 and 8): a Redis
 * of the suite's own is stopped, started again empty and wiped; the worker checks its schedulers every
 * second here (`WORKER_RECOVERY_INTERVAL_SECONDS`).
 */
describe('worker: Redis outages (own redis-server, real worker processes)', () => {
  let redis: RedisServer;
  let api: TestApi;
  let token: string;
  let queues: Queue[];
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    redis = await RedisServer.start();
    api = await startTestApi({ WORKER_RECOVERY_INTERVAL_SECONDS: '1' }, redis.testRedis());
    const admin = await makeUser(api.dataSource, { role: 'admin' });
    token = await api.login(admin.email, admin.password);
    // The suite's own view of the queues reconnects at once, whatever the code under test does.
    const connection = { ...redisOptions(redis.url), retryStrategy: () => 100 };
    queues = Object.values(QueueName).map((name) => new Queue(name, { connection, prefix: api.env.QUEUE_PREFIX }));
    for (const queue of queues) queue.on('error', () => undefined);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGKILL')));
    if (!redis.running) await redis.start();
  });

  afterAll(async () => {
    await Promise.all(queues.map((queue) => queue.close()));
    await api.close();
    await redis.dispose();
  });

  async function startWorker(): Promise<{ worker: WorkerProcess; health: () => Promise<{ status: number; body: Health | null }> }> {
    const port = await freeLoopbackPort();
    const worker = await WorkerProcess.start({ ...api.env, WORKER_HEALTH_PORT: port });
    workers.push(worker);
    const health = async () => {
      try {
        const response = await fetch(`http://127.0.0.1:${port}/health`, { signal: AbortSignal.timeout(2_000) });
        return { status: response.status, body: (await response.json()) as Health };
      } catch {
        return { status: 0, body: null };
      }
    };
    return { worker, health };
  }

  /** Schedulers by id, and the next job each has queued (BullMQ keeps one delayed job per scheduler). */
  async function schedulers(): Promise<{ ids: string[]; nextJobs: Map<string, number> }> {
    const ids: string[] = [];
    const nextJobs = new Map<string, number>();
    for (const queue of queues) {
      ids.push(...(await queue.getJobSchedulers()).map((scheduler) => scheduler.key));
      for (const job of await queue.getJobs(['delayed', 'waiting'])) {
        if (job.repeatJobKey) nextJobs.set(job.repeatJobKey, (nextJobs.get(job.repeatJobKey) ?? 0) + 1);
      }
    }
    return { ids: ids.sort(), nextJobs };
  }

  const queueOf = (name: QueueName) => queues.find((queue) => queue.name === name) as Queue;
  const everyScheduler = RECURRING_JOBS.map((job) => job.id).sort();

  async function expectOneSchedulerPerJob(): Promise<void> {
    const { ids, nextJobs } = await schedulers();
    expect(ids).toEqual(everyScheduler);
    expect(Object.fromEntries(nextJobs)).toEqual(Object.fromEntries(everyScheduler.map((id) => [id, 1])));
  }

  async function probeRoundTrip(timeoutMs: number): Promise<void> {
    const repository = api.dataSource.getRepository(SystemProbeEntity);
    await eventually(
      async () => {
        const response = await api.app.inject({ method: 'POST', url: '/api/system/probes', headers: { authorization: `Bearer ${token}` }, payload: {} });
        if (response.statusCode !== 202) return false;
        const { id } = response.json<{ id: string }>();
        const deadline = Date.now() + 1_000;
        while (Date.now() < deadline) {
          if ((await repository.findOneByOrFail({ id })).processedAt) return true;
          await sleep(20);
        }
        return false;
      },
      'a probe job to go API → Redis → worker → PostgreSQL',
      timeoutMs,
    );
  }

  it('after FLUSHALL two workers register every recurring job again, one scheduler and one next run each', async () => {
    await startWorker();
    await startWorker();
    await expectOneSchedulerPerJob();

    await redis.flushAll();
    await eventually(async () => (await schedulers()).ids.length === everyScheduler.length, 'the schedulers to be registered again', 10_000);
    await expectOneSchedulerPerJob();
    // Both workers keep checking every second: nothing is added twice.
    await sleep(3_000);
    await expectOneSchedulerPerJob();
  });

  it('a worker registers the recurring jobs again as soon as it reconnects to a Redis that lost its data', async () => {
    await startWorker();
    await redis.stop();
    await sleep(1_500);
    await redis.start();
    await eventually(async () => (await schedulers()).ids.length === everyScheduler.length, 'the schedulers to be back after the restart', 10_000);
    await expectOneSchedulerPerJob();
  });

  it('while Redis is down the worker and API health answer 503 and name every connection down', async () => {
    const { health } = await startWorker();
    await redis.stop();
    await eventually(async () => (await health()).status === 503, 'the worker health to answer 503', 3_000);
    const down = (await health()).body;
    expect(down?.details.redis.status).toBe('down');
    expect(down?.details.redis.connections).toMatchObject({ redis: 'down', 'queue:tasks': 'down', 'worker:tasks': 'down', 'worker:tasks:blocking': 'down' });
    const apiHealth = await api.app.inject({ url: '/api/health' });
    expect(apiHealth.statusCode).toBe(503);
    expect(apiHealth.json().details.redis).toMatchObject({ status: 'down', connections: { redis: 'down', 'redis:subscriber': 'down', 'queue:indicators': 'down' } });
  });

  it('after a 20 s outage every connection is back within seconds, and health says 200 only once jobs run again', async () => {
    const { health } = await startWorker();
    await probeRoundTrip(10_000);
    await redis.stop();
    // Long enough for BullMQ's own backoff (1 s … 20 s) to reach its longest waits.
    await sleep(20_000);
    await redis.start();
    const back = Date.now();
    await eventually(async () => (await health()).status === 200, 'the worker health to answer 200', 10_000);
    const healthyAfter = Date.now() - back;
    // Health says 200 only once every connection, the blocking ones that wait for jobs included, is
    // back: a job queued at that moment runs at once.
    const probes = api.dataSource.getRepository(SystemProbeEntity);
    const probe = await probes.save(probes.create({ requestedBy: null }));
    await queueOf(QueueName.System).add(JobName.SystemProbe, { probeId: probe.id }, { jobId: `probe-${probe.id}` });
    await eventually(async () => (await probes.findOneByOrFail({ id: probe.id })).processedAt !== null, 'the job queued when health said 200 to run', 2_000);
    expect(healthyAfter).toBeLessThan(4_000);
    expect(Object.values((await health()).body?.details.redis.connections ?? {})).toEqual(Array(13).fill('up'));
    // The API's queues are back too.
    await probeRoundTrip(3_000);
    await eventually(async () => (await api.app.inject({ url: '/api/health' })).statusCode === 200, 'the API health to answer 200', 3_000);
  });

  it('an outage is logged as one line per connection when it drops and one when it returns, without stack traces', async () => {
    const { worker, health } = await startWorker();
    // The general connection, each queue's, and each BullMQ worker's two.
    const connections = ['redis', ...Object.values(QueueName).flatMap((name) => [`queue:${name}`, `worker:${name}`, `worker:${name}:blocking`])];
    const logFrom = worker.output.join('').length;
    await redis.stop();
    await sleep(5_000);
    await redis.start();
    await eventually(async () => (await health()).status === 200, 'the worker health to answer 200', 10_000);
    // Past the grace in which a reconnection BullMQ makes on purpose is not logged.
    await sleep(1_000);

    const lines = worker.output.join('').slice(logFrom).split('\n').filter(Boolean);
    expect(lines.filter((line) => /^\s+at /.test(line) || line.startsWith('Error'))).toEqual([]);
    const changes = lines
      .filter((line) => line.startsWith('{'))
      .map((line) => JSON.parse(line) as { event?: string; connection?: string; state?: string })
      .filter((entry) => entry.event === 'redis.connection');
    for (const state of ['down', 'up']) {
      expect(changes.filter((entry) => entry.state === state).map((entry) => entry.connection).sort()).toEqual([...connections].sort());
    }
  });
});
