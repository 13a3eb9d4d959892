import { randomBytes } from 'node:crypto';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { WeeklyImportDto } from '@karta/contracts';
import { JobName, JobProducer } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { requeueWaitingImports, runWeeklyImport, WEEKLY_SHEET_HEADERS, WeeklySheetStore } from '@karta/server-indicators';
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

    expect(await requeueWaitingImports(api.dataSource, jobs, 2)).toEqual([lost.id]);
    expect((await jobOf(lost.id))?.data).toEqual({ importId: lost.id });
    // Its job exists now: the next sweep leaves it alone; the recent one's turn comes later.
    expect(await requeueWaitingImports(api.dataSource, jobs, 2)).toEqual([]);
    expect(await jobOf(recent.id)).toBeUndefined();

    // The requeued job does the import like any other.
    const store = new WeeklySheetStore(api.env.STORAGE_DIR);
    const outcome = await runWeeklyImport({ dataSource: api.dataSource, store, audit: api.app.get(AuditLog), jobs, now: () => NOW }, lost.id);
    expect(outcome).toMatchObject({ status: 'done', result: { appliedRows: 1 } });
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
