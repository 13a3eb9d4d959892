import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { Readable } from 'node:stream';
import { Queue } from 'bullmq';
import { DataSource } from 'typeorm';
import { dataSourceOptions, WeeklyImportEntity } from '@karta/db';
import { DEFAULT_JOB_OPTIONS, JobName, QueueName } from '@karta/jobs';
import { redisOptions } from '@karta/server-core';
import { removeExpiredImportFiles, WEEKLY_IMPORT_FAILURES, WeeklySheetStore } from '@karta/server-indicators';
import { createTestDatabase, createTestRedis, eventually, makeOrganization, makeRoadmap, makeRoadmapAction, makeUser, type TestDatabase, type TestRedis } from '@karta/testing';

jest.setTimeout(120_000);

const ROOT = resolve(__dirname, '../../../../..');
const WORKER_SCRIPT = join(__dirname, '../testing/weekly-import-worker.ts');
/** Short enough for a killed worker's job to be taken over in about 2 s (the worker app keeps BullMQ's 30 s). */
const LOCK_DURATION_MS = 1_500;
const STALLED_INTERVAL_MS = 300;
const SCHOOLS = 1_000;
const WEEKS = 30;

/** The import worker as a real process (tsx, the processor as the worker app runs it), so a test can SIGKILL it. */
class ImportWorker {
  readonly output: string[] = [];

  private constructor(private readonly child: ChildProcess) {
    child.stdout?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
    child.stderr?.on('data', (chunk: Buffer) => this.output.push(chunk.toString()));
  }

  static async start(env: Record<string, string>): Promise<ImportWorker> {
    // tsx as a loader, not its CLI: the CLI runs the script in a child of its own, which SIGKILL would miss.
    const child = spawn(process.execPath, ['--import', 'tsx', WORKER_SCRIPT], {
      cwd: ROOT,
      env: { PATH: process.env['PATH'] ?? '', TSX_TSCONFIG_PATH: join(ROOT, 'tools/tsconfig.json'), ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const worker = new ImportWorker(child);
    await new Promise<void>((ready, failed) => {
      child.stdout?.on('data', (chunk: Buffer) => chunk.toString().includes('ready') && ready());
      child.once('exit', (code) => failed(new Error(`import worker exited with ${code} before it was ready:\n${worker.output.join('')}`)));
    });
    return worker;
  }

  async kill(): Promise<void> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) return;
    const exited = once(this.child, 'exit');
    this.child.kill('SIGKILL');
    await exited;
  }
}

/**
 * Issue 11, point 1: the worker killed twice during one import — the second time before it finished
 * recovering — and BullMQ fails the job as stalled more than allowed, without any processor code running.
 * The import must still end: run again while it has runs left, else failed with its reason, its file
 * kept for «Повторить» until retention removes it. Never `running` for ever.
 */
describe('weekly imports whose worker is killed twice (real worker processes, PostgreSQL and Redis)', () => {
  let database: TestDatabase;
  let redis: TestRedis;
  let dataSource: DataSource;
  let queue: Queue;
  let store: WeeklySheetStore;
  let env: Record<string, string>;
  let importer: { id: string; organizationId: string };
  let roadmapId: string;
  const workers: ImportWorker[] = [];

  const state = async (id: string) => dataSource.getRepository(WeeklyImportEntity).findOneByOrFail({ id });
  const startWorker = async () => {
    const worker = await ImportWorker.start(env);
    workers.push(worker);
    return worker;
  };

  /** A district sheet of SCHOOLS × WEEKS rows (about a second to import). */
  function districtSheet(): string[] {
    const lines = ['Код организации;Неделя;Писали работники'];
    for (let week = 0; week < WEEKS; week++) {
      // Mondays from 1 September 2025 on.
      const monday = new Date(Date.UTC(2025, 8, 1 + 7 * week)).toISOString().slice(0, 10);
      for (let school = 1; school <= SCHOOLS; school++) lines.push(`KS-${String(school).padStart(5, '0')};${monday};${(school + week) % 50}`);
    }
    return lines;
  }

  /** Saves the sheet and its import as the API does, and queues its job unless `enqueue` is false (a lost enqueue). */
  async function queueImport({ attemptsBefore = 0, lines = districtSheet(), enqueue = true } = {}): Promise<string> {
    const saved = await store.save(Readable.from([Buffer.from(lines.join('\n'))]), 64 * 1024 * 1024);
    const row = await dataSource.getRepository(WeeklyImportEntity).save({
      roadmapId,
      organizationId: importer.organizationId,
      createdBy: importer.id,
      fileName: 'район.csv',
      format: 'csv',
      sizeBytes: saved.sizeBytes,
      sha256: saved.sha256,
      storageKey: saved.key,
      attempts: attemptsBefore,
    });
    if (enqueue) await queue.add(JobName.IndicatorsImport, { importId: row.id }, { jobId: row.id });
    return row.id;
  }

  /** Waits for `what`; on a timeout, says where the import and its job were, and what the worker printed. */
  async function waitFor(importId: string, check: (current: WeeklyImportEntity) => boolean, what: string, worker: ImportWorker, timeoutMs = 30_000): Promise<void> {
    try {
      await eventually(async () => check(await state(importId)), what, timeoutMs);
    } catch (error) {
      const job = await queue.getJob(importId);
      const where = { import: await state(importId), job: job && { state: await job.getState(), failedReason: job.failedReason, stalledCounter: job.stalledCounter } };
      throw new Error(`${(error as Error).message}: ${JSON.stringify(where)}\n${worker.output.join('')}`);
    }
  }

  /**
   * Starts a worker, waits until it is in the middle of run number `run` of the import, and kills it.
   * Answers when it killed it and how long the run took to start after `since`.
   */
  async function killMidImport(importId: string, run: number, since = Date.now()): Promise<{ killedAt: number; startedMs: number }> {
    const worker = await startWorker();
    await waitFor(importId, (current) => current.status === 'running' && current.attempts === run, `run ${run} to start`, worker);
    const startedMs = Date.now() - since;
    await waitFor(importId, (current) => current.attempts === run && current.processedRows > 0, `run ${run} under way`, worker);
    await worker.kill();
    const killedAt = Date.now();
    // Killed mid-import: nothing of that run was committed.
    expect(await state(importId)).toMatchObject({ status: 'running', attempts: run });
    return { killedAt, startedMs };
  }

  beforeAll(async () => {
    database = await createTestDatabase();
    redis = createTestRedis();
    dataSource = await new DataSource(dataSourceOptions(database.url, 'karta-import-crash-test')).initialize();
    queue = new Queue(QueueName.Imports, { connection: redisOptions(redis.url), prefix: redis.prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
    const storageDir = mkdtempSync(join(tmpdir(), 'karta-import-crash-'));
    store = new WeeklySheetStore(storageDir);
    env = {
      DATABASE_URL: database.url,
      REDIS_URL: redis.url,
      QUEUE_PREFIX: redis.prefix,
      STORAGE_DIR: storageDir,
      LOCK_DURATION_MS: String(LOCK_DURATION_MS),
      STALLED_INTERVAL_MS: String(STALLED_INTERVAL_MS),
      MAX_STALLED_COUNT: '1',
    };
    const department = await makeOrganization(dataSource, { code: 'KS-UO', kind: 'department' });
    await dataSource.query(
      `INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
       SELECT id, $1, $2 || id || '/', 'KS-' || lpad(n::text, 5, '0'), 'Школа №' || n, 'Школа №' || n, 'school'
       FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, $3::int) AS n) AS s`,
      [department.id, department.path, SCHOOLS],
    );
    roadmapId = (await makeRoadmap(dataSource, { ownerOrganizationId: department.id, orderDate: '2025-08-01' })).id;
    await makeRoadmapAction(dataSource, { roadmapId, resultType: 'indicator', schedule: { kind: 'weekly', startDate: '2025-09-01', dueWeekday: 1 } });
    const user = await makeUser(dataSource, { role: 'controller', organizationId: department.id });
    importer = { id: user.id, organizationId: department.id };
  });

  afterEach(async () => {
    await Promise.all(workers.splice(0).map((worker) => worker.kill()));
  });

  afterAll(async () => {
    await queue?.close();
    await dataSource?.destroy();
    await database?.drop();
    await redis?.clean();
  });

  it('is run again and ends done, every row applied once', async () => {
    const importId = await queueImport();
    const first = await killMidImport(importId, 1);
    // The next worker takes the job over once its lock expired (BullMQ's first stall: the job goes back to wait).
    const second = await killMidImport(importId, 2, first.killedAt);

    // The second stall is one too many: BullMQ fails the job as soon as a worker picks it up, without running it.
    const third = await startWorker();
    await waitFor(importId, (current) => current.attempts === 3, 'the import run again', third);
    const resumedMs = Date.now() - second.killedAt;
    await waitFor(importId, (current) => current.status !== 'running', 'the import to end', third, 60_000);
    const doneMs = Date.now() - second.killedAt;

    const done = await state(importId);
    expect(done).toMatchObject({ status: 'done', attempts: 3, totalRows: SCHOOLS * WEEKS, error: null });
    expect(done.appliedRows + done.unchangedRows + done.rejectedRows + done.skippedRows).toBe(SCHOOLS * WEEKS);
    expect(third.output.join('')).toContain('job stalled more than allowable limit');
    const [{ reports, revisions }] = await dataSource.query(
      `SELECT (SELECT count(*)::int FROM weekly_report WHERE import_id = $1) AS reports, (SELECT count(*)::int FROM weekly_report_revision WHERE import_id = $1) AS revisions`,
      [importId],
    );
    expect({ reports, revisions }).toEqual({ reports: done.appliedRows, revisions: done.appliedRows });
    expect(await dataSource.query(`SELECT after->>'status' AS status FROM audit_log WHERE action = 'weekly_import.completed' AND entity_id = $1`, [importId])).toEqual([
      { status: 'done' },
    ]);
    expect(existsSync(store.pathOf(done.storageKey))).toBe(false);
    process.stdout.write(
      `[kill twice] first kill → run 2 started ${second.startedMs} ms; second kill → run 3 started ${resumedMs} ms, done ${doneMs} ms ` +
        `(${SCHOOLS * WEEKS} rows; lock ${LOCK_DURATION_MS} ms, stalled check every ${STALLED_INTERVAL_MS} ms)\n`,
    );
  });

  it('an upload that reaches the worker before an earlier one of the same district waits for it, spending no attempt, then applies after it', async () => {
    const header = 'Код организации;Неделя;Писали работники;Сферум всего';
    // The earlier upload's enqueue was lost (the requeue job would queue it within minutes).
    const older = await queueImport({ lines: [header, 'KS-00001;2026-W49;5;7611'], enqueue: false });
    const newer = await queueImport({ lines: [header, 'KS-00001;2026-W49;;7675'] });
    const worker = await startWorker();
    await eventually(async () => (await queue.getJob(newer))?.getState().then((jobState) => jobState === 'delayed') ?? false, 'the later upload to wait', 30_000);
    expect(await state(newer)).toMatchObject({ status: 'queued', attempts: 0 });

    await queue.add(JobName.IndicatorsImport, { importId: older }, { jobId: older });
    await waitFor(newer, (current) => current.status === 'done', 'the later upload to apply', worker);
    const [first, second] = [await state(older), await state(newer)];
    expect(first).toMatchObject({ status: 'done', appliedRows: 1 });
    expect(second).toMatchObject({ status: 'done', appliedRows: 1, skippedRows: 0, attempts: 1 });
    expect(first.finishedAt?.getTime()).toBeLessThanOrEqual(second.startedAt?.getTime() ?? 0);
    // Waiting spent no attempt: the one counted is the run that completed.
    expect((await queue.getJob(newer))?.attemptsMade).toBe(1);
    expect(await dataSource.query(`SELECT staff_wrote, sferum_total FROM weekly_report WHERE import_id = $1`, [newer])).toEqual([{ staff_wrote: 5, sferum_total: 7675 }]);
  });

  it('with no runs left ends failed with its reason, the file kept for «Повторить» until retention removes it', async () => {
    // Three runs spent before: the two killed ones are its last.
    const importId = await queueImport({ attemptsBefore: 3 });
    await killMidImport(importId, 4);
    await killMidImport(importId, 5);

    const third = await startWorker();
    await waitFor(importId, (current) => current.status !== 'running', 'the import to end', third);
    const failed = await state(importId);
    expect(failed).toMatchObject({ status: 'failed', attempts: 5, error: WEEKLY_IMPORT_FAILURES.interrupted, appliedRows: 0, fileRemovedAt: null });
    expect(failed.finishedAt).not.toBeNull();
    expect(await dataSource.query(`SELECT count(*)::int AS n FROM weekly_report WHERE import_id = $1`, [importId])).toEqual([{ n: 0 }]);
    expect(existsSync(store.pathOf(failed.storageKey))).toBe(true);

    // Kept within the retry window; removed after it.
    expect(await removeExpiredImportFiles({ dataSource, store })).not.toContain(importId);
    await dataSource.query(`UPDATE weekly_import SET finished_at = finished_at - interval '8 days' WHERE id = $1`, [importId]);
    expect(await removeExpiredImportFiles({ dataSource, store })).toContain(importId);
    expect(existsSync(store.pathOf(failed.storageKey))).toBe(false);
  });
});
