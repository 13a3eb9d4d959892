import { type Job, Queue, UnrecoverableError, Worker } from 'bullmq';
import { Client } from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, IndicatorRecomputationEntity, IndicatorSnapshotEntity } from '@karta/db';
import { indicatorsComputeJobOptions, JobName, JobProducer, QueueName } from '@karta/jobs';
import { redisOptions } from '@karta/server-core';
import { COMPUTE_LOCK_KEY, recomputationJobId } from '@karta/server-indicators';
import { FixedClock } from '@karta/server-setup';
import { createTestDatabase, createTestRedis, eventually, makeIndicator, makeOrganization, makeRoadmap, makeWeeklyReport, type TestDatabase, type TestRedis } from '@karta/testing';
import { IndicatorsComputeProcessor } from './indicators-compute.processor';
import { IndicatorsComputeService } from './indicators-compute.service';

jest.setTimeout(120_000);

const W36 = '2025-09-01';

describe('indicator computation jobs (real PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let dataSource: DataSource;
  let clock: FixedClock;
  let queue: Queue;
  let jobs: JobProducer;
  let processor: IndicatorsComputeProcessor;
  let school: { id: string };
  let indicatorId: string;

  const job = (data: object, name: string = JobName.IndicatorsCompute) => ({ name, data, removeDeduplicationKey: async () => true }) as unknown as Job;
  const snapshot = (weekStart: string) => dataSource.getRepository(IndicatorSnapshotEntity).findOneBy({ indicatorId, organizationId: school.id, weekStart });

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    dataSource = await new DataSource(dataSourceOptions(database.url, 'karta-compute-jobs-test')).initialize();
    clock = new FixedClock(new Date('2025-09-08T03:00:00Z'));
    queue = new Queue(QueueName.Indicators, { connection: redisOptions(redis.url), prefix: redis.prefix });
    jobs = new JobProducer(queue, queue, queue, queue);
    processor = new IndicatorsComputeProcessor(new IndicatorsComputeService(dataSource, clock), dataSource, jobs, clock);
    const department = await makeOrganization(dataSource, { code: 'CJ-UO', kind: 'department' });
    school = await makeOrganization(dataSource, { code: 'CJ-S1', kind: 'school', parentId: department.id });
    const roadmap = await makeRoadmap(dataSource, { ownerOrganizationId: department.id });
    indicatorId = (await makeIndicator(dataSource, { roadmapId: roadmap.id, targets: [{ effectiveFrom: '2025-08-25', target: 0.5 }] })).id;
    await dataSource.query(`INSERT INTO organization_headcount (organization_id, kind, value, effective_from) VALUES ($1, 'staff_stat', 10, '2025-08-01')`, [school.id]);
  });

  afterAll(async () => {
    await queue?.close();
    await dataSource?.destroy();
    await database?.drop();
    await redis?.clean();
  });

  it.each([
    // Monday 8 September 2025 in Moscow, before and at the 06:00 schedule: the week of 1–7 September ended.
    ['2025-09-08T02:59:00Z', '2025-09-01'],
    ['2025-09-08T03:00:00Z', '2025-09-01'],
    // 23:30 UTC on Sunday is already Monday 02:30 in Moscow.
    ['2025-09-07T23:30:00Z', '2025-09-01'],
    // 23:59 Sunday in Moscow: that week has not ended yet.
    ['2025-09-07T20:59:00Z', '2025-08-25'],
    // Week 53 of 2026 ends on Sunday 3 January 2027.
    ['2027-01-04T03:00:00Z', '2026-12-28'],
  ])('without a week, at %s computes the week of %s (the last that ended in Moscow)', async (now, week) => {
    clock.set(new Date(now));
    await expect(processor.process(job({}))).resolves.toMatchObject({ from: week, to: week, weeks: 1 });
    expect(await snapshot(week)).toMatchObject({ status: 'no_data' });
  });

  it('computes the requested week or range', async () => {
    await makeWeeklyReport(dataSource, { organizationId: school.id, weekStart: '2025-09-15', staffWrote: 6 });
    await expect(processor.process(job({ weekStart: '2025-09-15' }))).resolves.toMatchObject({ from: '2025-09-15', to: '2025-09-15', weeks: 1, snapshots: 1 });
    expect(await snapshot('2025-09-15')).toMatchObject({ share: 0.6, status: 'met' });
    await expect(processor.process(job({ weekStart: '2025-09-01', toWeekStart: '2025-09-29' }))).resolves.toMatchObject({ weeks: 5 });
  });

  it('fails malformed weeks without retrying and rejects unknown jobs', async () => {
    await expect(processor.process(job({ weekStart: '2025-13-01' }))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(processor.process(job({ toWeekStart: '2025-09-01' }))).rejects.toBeInstanceOf(UnrecoverableError);
    await expect(processor.process(job({ weekStart: '2025-09-02' }))).rejects.toThrow(new UnrecoverableError('from must be a Monday: 2025-09-02'));
    await expect(processor.process(job({}, 'indicators.unknown'))).rejects.toThrow('Unknown job indicators.unknown');
  });

  it('gives numbers saved while the week is computed a computation of their own, after it', async () => {
    const connection = redisOptions(redis.url);
    const worker = new Worker(QueueName.Indicators, (running) => processor.process(running), { connection, prefix: redis.prefix, concurrency: 2 });
    // The test holds the computation's lock: the first job waits inside its computation, as a long one would.
    const lock = new Client({ connectionString: database.url });
    await lock.connect();
    try {
      await lock.query('SELECT pg_advisory_lock($1)', [COMPUTE_LOCK_KEY]);
      const waitingForLock = async () => {
        const [{ waiting }] = await dataSource.query(`SELECT count(*)::int AS waiting FROM pg_locks WHERE locktype = 'advisory' AND NOT granted`);
        return waiting === 1;
      };
      const first = await jobs.enqueue(JobName.IndicatorsCompute, { weekStart: W36 }, indicatorsComputeJobOptions(W36));
      // While it waits to start, a second request joins it.
      expect(await jobs.enqueue(JobName.IndicatorsCompute, { weekStart: W36 }, indicatorsComputeJobOptions(W36))).toBe(first);
      await eventually(waitingForLock, 'the first computation to run', 30_000);

      // A number saved now may be missed by the computation under way: its request gets a job of its own.
      await makeWeeklyReport(dataSource, { organizationId: school.id, weekStart: W36, staffWrote: 9 });
      const second = await jobs.enqueue(JobName.IndicatorsCompute, { weekStart: W36 }, indicatorsComputeJobOptions(W36));
      expect(second).not.toBe(first);

      await lock.query('SELECT pg_advisory_unlock($1)', [COMPUTE_LOCK_KEY]);
      const completed = async (id: string) => (await queue.getJob(id))?.getState().then((state) => state === 'completed') ?? false;
      await eventually(async () => (await completed(first)) && (await completed(second)), 'both computations', 30_000);
      expect(await snapshot(W36)).toMatchObject({ numerator: 9, denominator: 10, share: 0.9, status: 'met' });
    } finally {
      await lock.end();
      await worker.close();
    }
  });

  it('runs a recomputation left without a job (a migration\'s, a lost enqueue) to the end, counting its weeks and changing only computed rows', async () => {
    clock.set(new Date('2025-10-01T09:00:00Z'));
    await queue.obliterate({ force: true });
    const reportsBefore = await dataSource.query(`SELECT * FROM weekly_report ORDER BY organization_id, week_start`);
    // The target changed under the stored weeks: 70 % from the first week on.
    await dataSource.query(`UPDATE indicator_target SET target = 0.7 WHERE indicator_id = $1`, [indicatorId]);
    const { id } = await dataSource.getRepository(IndicatorRecomputationEntity).save({ roadmapId: (await roadmapOf(indicatorId)), reason: 'rules', fromWeek: '2025-09-01' });
    const worker = new Worker(QueueName.Indicators, (running) => processor.process(running), { connection: redisOptions(redis.url), prefix: redis.prefix });
    try {
      await expect(processor.process(job({}, JobName.IndicatorsRecomputeRequeue))).resolves.toEqual({ requeued: [id] });
      // Enqueued once: a second scan finds its job.
      await expect(processor.process(job({}, JobName.IndicatorsRecomputeRequeue))).resolves.toEqual({ requeued: [] });
      expect(await queue.getJob(recomputationJobId(id))).toBeTruthy();
      const done = async () => (await dataSource.getRepository(IndicatorRecomputationEntity).findOneByOrFail({ id })).status === 'done';
      await eventually(done, 'the recomputation', 30_000);
    } finally {
      await worker.close();
    }
    // 1 September … the week of 1 October (the current one): 5 weeks.
    expect(await dataSource.getRepository(IndicatorRecomputationEntity).findOneByOrFail({ id })).toMatchObject({ status: 'done', toWeek: '2025-09-29', weeksTotal: 5, weeksDone: 5 });
    // 6 of 10 was met against 50 %; against 70 % it is not.
    expect(await snapshot('2025-09-15')).toMatchObject({ share: 0.6, target: 0.7, status: 'not_met' });
    expect(await dataSource.query(`SELECT * FROM weekly_report ORDER BY organization_id, week_start`)).toEqual(reportsBefore);
    // A recomputation still running whose job has finished (BullMQ fails a job stalled more than allowed
    // without the processor seeing it) is enqueued again: the finished job is replaced.
    await dataSource.getRepository(IndicatorRecomputationEntity).update({ id }, { status: 'running' });
    expect(await (await queue.getJob(recomputationJobId(id)))?.getState()).toBe('completed');
    await expect(processor.process(job({}, JobName.IndicatorsRecomputeRequeue))).resolves.toEqual({ requeued: [id] });
    expect(await (await queue.getJob(recomputationJobId(id)))?.getState()).toBe('waiting');
    await dataSource.getRepository(IndicatorRecomputationEntity).update({ id }, { status: 'done' });
    // A finished recomputation run again is skipped.
    await expect(processor.process(job({ recomputationId: id }, JobName.IndicatorsRecompute))).resolves.toEqual({ status: 'skipped' });
  });

  const roadmapOf = async (indicator: string): Promise<string> => (await dataSource.query(`SELECT roadmap_id FROM indicator WHERE id = $1`, [indicator]))[0].roadmap_id;
});
