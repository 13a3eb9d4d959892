import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WeeklyImportDto } from '@karta/contracts';
import { JobName, JobProducer } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import {
  removeExpiredImportFiles,
  runWeeklyImport,
  settleAbandonedImports,
  WEEKLY_IMPORT_FAILURES,
  WEEKLY_SHEET_HEADERS,
  weeklyImportRunLock,
  WeeklySheetStore,
} from '@karta/server-indicators';
import { makeOrganization, makeRoadmap, makeRoadmapAction, makeUser } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

jest.setTimeout(120_000);

/** Wednesday of 2025-W42. */
const NOW = new Date('2025-10-15T09:00:00Z');

describe('weekly imports whose job was lost (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let jobs: JobProducer;
  let token: string;
  let roadmapId: string;

  const upload = async (): Promise<{ statusCode: number; body: WeeklyImportDto }> => {
    const boundary = `----karta${randomBytes(8).toString('hex')}`;
    const csv = `${WEEKLY_SHEET_HEADERS.slice(0, 3).join(';')}\r\nRQ-001;2025-W41;7\r\n`;
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="roadmapId"\r\n\r\n${roadmapId}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="район.csv"\r\nContent-Type: text/csv\r\n\r\n${csv}\r\n--${boundary}--\r\n`,
    );
    const response = await api.app.inject({
      method: 'POST',
      url: '/api/weekly-imports',
      payload,
      headers: { 'content-type': `multipart/form-data; boundary=${boundary}`, authorization: `Bearer ${token}` },
    });
    return { statusCode: response.statusCode, body: response.json<WeeklyImportDto>() };
  };
  const uploadedMinutesAgo = (id: string, minutes: number) =>
    api.dataSource.query(`UPDATE weekly_import SET created_at = now() - make_interval(mins => $2) WHERE id = $1`, [id, minutes]);
  const jobOf = (id: string) => jobs.queue(JobName.IndicatorsImport).getJob(id);

  beforeAll(async () => {
    api = await startTestApi({ STORAGE_DIR: mkdtempSync(join(tmpdir(), 'karta-requeue-')) });
    jobs = api.app.get(JobProducer);
    const department = await makeOrganization(api.dataSource, { code: 'RQ-UO', kind: 'department' });
    await makeOrganization(api.dataSource, { code: 'RQ-001', kind: 'school', parentId: department.id });
    roadmapId = (await makeRoadmap(api.dataSource, { ownerOrganizationId: department.id, orderDate: '2025-08-01' })).id;
    await makeRoadmapAction(api.dataSource, { roadmapId, resultType: 'indicator', schedule: { kind: 'weekly', startDate: '2025-09-01', dueWeekday: 1 } });
    const controller = await makeUser(api.dataSource, { role: 'controller', organizationId: department.id });
    token = await api.login(controller.email, controller.password);
  });

  afterAll(() => api.close());

  it('enqueues again only the imports queued for a while without a job, once', async () => {
    const lost = (await upload()).body;
    const waiting = (await upload()).body;
    const recent = (await upload()).body;
    // The state a lost enqueue leaves: the import saved as queued, no job.
    await (await jobOf(lost.id))?.remove();
    await (await jobOf(recent.id))?.remove();
    await uploadedMinutesAgo(lost.id, 10);
    await uploadedMinutesAgo(waiting.id, 10);

    const settle = () => settleAbandonedImports({ dataSource: api.dataSource, audit: api.app.get(AuditLog), jobs }, { olderThanMinutes: 2 });
    expect(await settle()).toEqual({ requeued: [lost.id], failed: [] });
    expect((await jobOf(lost.id))?.data).toEqual({ importId: lost.id });
    // Its job exists now: the next sweep leaves it alone; the recent one's turn comes later.
    expect(await settle()).toEqual({ requeued: [], failed: [] });
    expect(await jobOf(recent.id)).toBeUndefined();

    // The requeued job does the import like any other.
    const store = new WeeklySheetStore(api.env.STORAGE_DIR);
    const outcome = await runWeeklyImport({ dataSource: api.dataSource, store, audit: api.app.get(AuditLog), jobs, now: () => NOW }, lost.id);
    expect(outcome).toMatchObject({ status: 'done', result: { appliedRows: 1 } });
  });

  it('finds running imports no job will run: enqueued again while runs are left, failed with a reason once spent, a live run left alone', async () => {
    const runner = { dataSource: api.dataSource, audit: api.app.get(AuditLog), jobs };
    const [resumable, spent, alive, active] = [(await upload()).body, (await upload()).body, (await upload()).body, (await upload()).body];
    // What a worker killed mid-import leaves once BullMQ gave the job up: running, its job failed (or gone with Redis's data).
    await api.dataSource.query(`UPDATE weekly_import SET status = 'running', attempts = 2 WHERE id = ANY($1::uuid[])`, [[resumable.id, alive.id, active.id]]);
    await api.dataSource.query(`UPDATE weekly_import SET status = 'running', attempts = 5 WHERE id = $1`, [spent.id]);
    for (const id of [resumable.id, spent.id, alive.id]) await (await jobOf(id))?.remove();
    // A run still alive without its job (Redis lost it): its lock is held.
    const lock = api.dataSource.createQueryRunner();
    await lock.connect();
    await lock.query(`SELECT pg_advisory_lock(${weeklyImportRunLock('$1')})`, [alive.id]);
    try {
      expect(await settleAbandonedImports(runner, { olderThanMinutes: 2 })).toEqual({ requeued: [resumable.id], failed: [spent.id] });
    } finally {
      await lock.query(`SELECT pg_advisory_unlock(${weeklyImportRunLock('$1')})`, [alive.id]);
      await lock.release();
    }
    expect(await jobOf(resumable.id)).toBeTruthy();
    const failed = (await api.app.inject({ url: `/api/weekly-imports/${spent.id}`, headers: { authorization: `Bearer ${token}` } })).json<WeeklyImportDto>();
    expect(failed).toMatchObject({ status: 'failed', error: WEEKLY_IMPORT_FAILURES.interrupted });
    expect(failed.finishedAt).not.toBeNull();
    // Its file is kept for «Повторить».
    expect(failed.retryUntil).not.toBeNull();
    const [audit] = await api.dataSource.query(`SELECT actor_id, after FROM audit_log WHERE action = 'weekly_import.completed' AND entity_id = $1`, [spent.id]);
    expect(audit.after).toEqual({ status: 'failed', error: WEEKLY_IMPORT_FAILURES.interrupted });
    // Once the live run is gone, the next sweep takes the import; the one with a waiting job is never touched.
    expect(await settleAbandonedImports(runner, { olderThanMinutes: 2 })).toEqual({ requeued: [alive.id], failed: [] });
    expect(await api.dataSource.query(`SELECT status FROM weekly_import WHERE id = $1`, [active.id])).toEqual([{ status: 'running' }]);
    await api.dataSource.query(`UPDATE weekly_import SET status = 'done', file_removed_at = now() WHERE id = ANY($1::uuid[])`, [[resumable.id, alive.id, active.id]]);
  });

  it('removes the files no import needs: left behind by finished imports, and of imports failed more than 7 days ago', async () => {
    const runner = { dataSource: api.dataSource, store: new WeeklySheetStore(api.env.STORAGE_DIR) };
    const [leftBehind, failedLongAgo, failedRecently] = [(await upload()).body, (await upload()).body, (await upload()).body];
    const keyOf = async (id: string): Promise<string> => (await api.dataSource.query(`SELECT storage_key FROM weekly_import WHERE id = $1`, [id]))[0].storage_key;
    const kept = async (id: string) => existsSync(runner.store.pathOf(await keyOf(id)));
    await api.dataSource.query(`UPDATE weekly_import SET status = 'done', finished_at = now() WHERE id = $1`, [leftBehind.id]);
    await api.dataSource.query(`UPDATE weekly_import SET status = 'failed', finished_at = now() - interval '8 days' WHERE id = $1`, [failedLongAgo.id]);
    await api.dataSource.query(`UPDATE weekly_import SET status = 'failed', finished_at = now() - interval '6 days' WHERE id = $1`, [failedRecently.id]);

    expect((await removeExpiredImportFiles(runner)).sort()).toEqual([leftBehind.id, failedLongAgo.id].sort());
    expect([await kept(leftBehind.id), await kept(failedLongAgo.id), await kept(failedRecently.id)]).toEqual([false, false, true]);
    const retryable = async (id: string) => (await api.app.inject({ url: `/api/weekly-imports/${id}`, headers: { authorization: `Bearer ${token}` } })).json<WeeklyImportDto>().retryUntil;
    expect(await retryable(failedLongAgo.id)).toBeNull();
    expect(await retryable(failedRecently.id)).not.toBeNull();
    // Run twice, nothing more.
    expect(await removeExpiredImportFiles(runner)).toEqual([]);
  });

  it('accepts an upload whose enqueue fails: it is saved as queued for the requeue job', async () => {
    // Last in this file: the API's imports queue stays closed.
    await jobs.queue(JobName.IndicatorsImport).close();
    const { statusCode, body } = await upload();
    expect(statusCode).toBe(202);
    expect(body).toMatchObject({ status: 'queued', fileName: 'район.csv' });
    const [{ status }] = await api.dataSource.query(`SELECT status FROM weekly_import WHERE id = $1`, [body.id]);
    expect(status).toBe('queued');
  });
});
