import { setTimeout as sleep } from 'node:timers/promises';
import { SystemProbeEntity } from '@karta/db';
import { makeUser } from '@karta/testing';
import { startTestApi, type TestApi } from './testing/test-api';
import { WorkerProcess } from './testing/worker-process';

// Stalled-job recovery waits for BullMQ's 30 s lock to expire and its 30 s stalled check.
jest.setTimeout(180_000);

describe('jobs: API → Redis → worker → PostgreSQL', () => {
  let api: TestApi;
  let token: string;
  const workers: WorkerProcess[] = [];

  beforeAll(async () => {
    api = await startTestApi();
    const admin = await makeUser(api.dataSource, { role: 'admin' });
    token = await api.login(admin.email, admin.password);
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.stop('SIGKILL')));
  });

  afterAll(() => api.close());

  async function startWorker(): Promise<WorkerProcess> {
    const worker = await WorkerProcess.start(api.env);
    workers.push(worker);
    return worker;
  }

  async function requestProbe(holdMs = 0): Promise<string> {
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/system/probes',
      headers: { authorization: `Bearer ${token}` },
      payload: { holdMs },
    });
    expect(response.statusCode).toBe(202);
    return response.json<{ id: string }>().id;
  }

  async function probeUntil(id: string, done: (probe: SystemProbeEntity) => boolean, timeoutMs: number): Promise<SystemProbeEntity> {
    const repository = api.dataSource.getRepository(SystemProbeEntity);
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const probe = await repository.findOneByOrFail({ id });
      if (done(probe)) return probe;
      if (Date.now() > deadline) throw new Error(`probe ${id} did not reach the expected state: ${JSON.stringify(probe)}`);
      await sleep(100);
    }
  }

  it('a job requested through the API is processed by the worker and recorded in PostgreSQL', async () => {
    const worker = await startWorker();
    const id = await requestProbe();
    const probe = await probeUntil(id, (p) => p.processedAt !== null, 20_000);
    expect(probe.processedBy).toMatch(new RegExp(`:${worker.pid}$`));
    expect(probe.attempts).toBe(1);

    const response = await api.app.inject({ url: `/api/system/probes/${id}`, headers: { authorization: `Bearer ${token}` } });
    expect(response.json()).toMatchObject({ id, attempts: 1, processedBy: probe.processedBy });
  });

  it('on SIGTERM the worker finishes its active job before exiting', async () => {
    const worker = await startWorker();
    const id = await requestProbe(2_000);
    await probeUntil(id, (p) => p.attempts === 1, 20_000);
    // Nest re-raises the signal after its shutdown hooks ran, so the process ends by SIGTERM.
    const ended = await worker.stop('SIGTERM');
    expect(ended.code === 0 || ended.signal === 'SIGTERM').toBe(true);
    const probe = await api.dataSource.getRepository(SystemProbeEntity).findOneByOrFail({ id });
    expect(probe.processedAt).not.toBeNull();
    expect(probe.processedBy).toMatch(new RegExp(`:${worker.pid}$`));
  });

  it('a job whose worker is killed mid-job is not lost: another worker retries it', async () => {
    const first = await startWorker();
    const id = await requestProbe(8_000);
    await probeUntil(id, (p) => p.attempts === 1, 20_000);
    await first.stop('SIGKILL');

    const second = await startWorker();
    const probe = await probeUntil(id, (p) => p.processedAt !== null, 170_000);
    expect(probe.attempts).toBe(2);
    expect(probe.processedBy).toMatch(new RegExp(`:${second.pid}$`));
  });
});
