import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import type { WeeklyImportDto, WeeklyImportIssueDto } from '@karta/contracts';
import { type OrganizationEntity, WeeklyReportEntity } from '@karta/db';
import { JobName, JobProducer } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { runWeeklyImport, type WeeklyImportOutcome, WeeklySheetStore } from '@karta/server-indicators';
import { makeIndicator, makeOrganization, makeRoadmap, makeRoadmapAction, makeUser } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

/** Generous: the shared machine can be slow; nothing here measures time. */
jest.setTimeout(120_000);

/** Issue 11's week: 2026-W49 (Monday 30 November 2026). */
const W49 = '2026-11-30';
const HEADER = 'Код организации;Неделя;Писали работники;Сферум всего';

type Who = 'controller' | 'otherController';

/**
 * An older upload never overwrites newer data (issue 11): uploads apply in upload order, and a row whose
 * report changed after its file was uploaded — by hand or by a later file — is skipped as `outdated`.
 * «Повторить» queues a failed import again with its kept file.
 */
describe('weekly imports in upload order, outdated rows and «Повторить» (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let store: WeeklySheetStore;
  let roadmapId: string;
  const orgs = new Map<string, OrganizationEntity>();
  const tokens = {} as Record<Who, string>;

  const call = (who: Who, options: InjectOptions) => api.app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${tokens[who]}` } });
  const run = (importId: string): Promise<WeeklyImportOutcome> =>
    runWeeklyImport({ dataSource: api.dataSource, store, audit: api.app.get(AuditLog), jobs: api.app.get(JobProducer), now: () => new Date() }, importId);
  const get = async (id: string) => (await call('controller', { url: `/api/weekly-imports/${id}` })).json<WeeklyImportDto>();
  const counts = ({ status, totalRows, appliedRows, unchangedRows, rejectedRows, skippedRows }: WeeklyImportDto) => ({
    status,
    totalRows,
    appliedRows,
    unchangedRows,
    rejectedRows,
    skippedRows,
  });
  const issues = async (id: string) =>
    (await call('controller', { url: `/api/weekly-imports/${id}/issues` }))
      .json<{ items: WeeklyImportIssueDto[] }>()
      .items.map(({ rowNumber, organizationCode, reason, message }) => ({ rowNumber, organizationCode, reason, message }));
  const report = (code: string) => api.dataSource.getRepository(WeeklyReportEntity).findOneByOrFail({ organizationId: orgs.get(code)?.id, weekStart: W49 });
  const moscowTime = async (id: string) =>
    (await api.dataSource.query(`SELECT to_char(created_at AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY HH24:MI:SS') AS t FROM weekly_import WHERE id = $1`, [id]))[0].t as string;

  async function upload(lines: string[]): Promise<WeeklyImportDto> {
    const boundary = `----karta${randomBytes(8).toString('hex')}`;
    const payload = Buffer.from(
      `--${boundary}\r\nContent-Disposition: form-data; name="roadmapId"\r\n\r\n${roadmapId}\r\n` +
        `--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="район.csv"\r\nContent-Type: text/csv\r\n\r\n${[HEADER, ...lines].join('\r\n')}\r\n--${boundary}--\r\n`,
    );
    const response = await call('controller', { method: 'POST', url: '/api/weekly-imports', payload, headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } });
    expect(response.statusCode).toBe(202);
    return response.json<WeeklyImportDto>();
  }

  /** The state a worker leaves behind when it gave up on an import: failed, the file kept. */
  const failed = (id: string) => api.dataSource.query(`UPDATE weekly_import SET status = 'failed', error = 'Внутренняя ошибка', finished_at = clock_timestamp() WHERE id = $1`, [id]);

  async function enterByHand(code: string, values: Record<string, number>): Promise<void> {
    const organizationId = orgs.get(code)?.id as string;
    const url = `/api/weekly-reports/${organizationId}/2026-W49`;
    const { version } = (await call('controller', { url })).json<{ version: number }>();
    const response = await call('controller', { method: 'PUT', url, payload: { values, version } });
    expect(response.statusCode).toBe(200);
  }

  beforeAll(async () => {
    api = await startTestApi({ STORAGE_DIR: mkdtempSync(join(tmpdir(), 'karta-order-')) });
    store = new WeeklySheetStore(api.env.STORAGE_DIR);
    const region = await makeOrganization(api.dataSource, { code: 'SS-RD', kind: 'region' });
    const department = await makeOrganization(api.dataSource, { code: 'SS-UO', kind: 'department', parentId: region.id });
    const otherDepartment = await makeOrganization(api.dataSource, { code: 'SS-UO2', kind: 'department', parentId: region.id });
    for (const code of ['SS-001', 'SS-002', 'SS-003', 'SS-004']) orgs.set(code, await makeOrganization(api.dataSource, { code, kind: 'school', parentId: department.id }));
    roadmapId = (await makeRoadmap(api.dataSource, { ownerOrganizationId: department.id, orderDate: '2025-08-01' })).id;
    await makeRoadmapAction(api.dataSource, { roadmapId, resultType: 'indicator', schedule: { kind: 'weekly', startDate: '2025-09-01', dueWeekday: 1 } });
    await makeIndicator(api.dataSource, { roadmapId });
    for (const [who, organization] of [['controller', department], ['otherController', otherDepartment]] as const) {
      const user = await makeUser(api.dataSource, { role: 'controller', organizationId: organization.id });
      tokens[who] = await api.login(user.email, user.password);
    }
  });

  afterAll(() => api.close());

  it('a later upload waits for an earlier one of the same district, which applies first: the later values stay, cells it left empty keep the earlier ones', async () => {
    const older = await upload(['SS-001;2026-W49;5;7611']);
    const newer = await upload(['SS-001;2026-W49;;7675']);
    // The newer one reached the worker first (its enqueue was not lost): it waits for its turn, writing nothing.
    expect(await run(newer.id)).toEqual({ status: 'waiting', behind: older.id });
    expect(await get(newer.id)).toMatchObject({ status: 'queued', startedAt: null });
    expect(await run(older.id)).toMatchObject({ status: 'done', result: { appliedRows: 1 } });
    // Applied after the older file's values were written (later than its own upload): not outdated.
    expect(await run(newer.id)).toMatchObject({ status: 'done', result: { appliedRows: 1, skippedRows: 0 } });
    expect(await report('SS-001')).toMatchObject({ staffWrote: 5, sferumTotal: 7675, importId: newer.id });
  });

  it('an older upload applied after a newer upload and after a hand entry skips those rows as outdated (SS-002: «Сферум всего» 7675 stays, not 7611)', async () => {
    const older = await upload(['SS-002;2026-W49;5;7611', 'SS-003;2026-W49;6;500', 'SS-004;2026-W49;7;600']);
    // The older import's worker gave up on it (killed twice); the newer upload then went through.
    await failed(older.id);
    const newer = await upload(['SS-002;2026-W49;;7675']);
    expect(await run(newer.id)).toMatchObject({ status: 'done', result: { appliedRows: 1 } });
    // The department corrects SS-004 by hand after both uploads.
    await enterByHand('SS-004', { staff_wrote: 9 });

    const retried = await call('controller', { method: 'POST', url: `/api/weekly-imports/${older.id}/retry` });
    expect(retried.statusCode).toBe(200);
    expect(await run(older.id)).toMatchObject({ status: 'done' });

    const done = await get(older.id);
    // applied + unchanged + rejected + skipped = data rows.
    expect(counts(done)).toEqual({ status: 'done', totalRows: 3, appliedRows: 1, unchangedRows: 0, rejectedRows: 0, skippedRows: 2 });
    expect(await report('SS-002')).toMatchObject({ sferumTotal: 7675, staffWrote: null, importId: newer.id, version: 1 });
    expect(await report('SS-003')).toMatchObject({ staffWrote: 6, sferumTotal: 500, importId: older.id });
    expect(await report('SS-004')).toMatchObject({ staffWrote: 9, sferumTotal: null, source: 'entry' });
    const entered = (await api.dataSource.query(`SELECT to_char(updated_at AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY HH24:MI:SS') AS t FROM weekly_report WHERE organization_id = $1 AND week_start = $2`, [
      orgs.get('SS-004')?.id,
      W49,
    ]))[0].t as string;
    expect(await issues(older.id)).toEqual([
      {
        rowNumber: 2,
        organizationCode: 'SS-002',
        reason: 'outdated',
        message: `Данные организации за эту неделю изменены позже загрузки этого файла (файлом, загруженным ${await moscowTime(newer.id)}): строка не применена`,
      },
      {
        rowNumber: 4,
        organizationCode: 'SS-004',
        reason: 'outdated',
        message: `Данные организации за эту неделю изменены позже загрузки этого файла (вручную ${entered}): строка не применена`,
      },
    ]);
    // A newer upload of the same values applies over the older data as usual.
    const latest = await upload(['SS-002;2026-W49;5;7611']);
    expect(await run(latest.id)).toMatchObject({ status: 'done', result: { appliedRows: 1, skippedRows: 0 } });
    expect(await report('SS-002')).toMatchObject({ staffWrote: 5, sferumTotal: 7611 });
  });

  describe('POST /api/weekly-imports/:id/retry', () => {
    it('queues a failed import again with its file, audited, and answers it; the job runs it to the end', async () => {
      const upload1 = await upload(['SS-003;2026-W49;8;']);
      await failed(upload1.id);
      const before = await get(upload1.id);
      expect(before).toMatchObject({ status: 'failed', error: 'Внутренняя ошибка' });
      // Offered for a week after it failed (then retention removes the file).
      expect(Date.parse(before.retryUntil ?? '') - Date.parse(before.finishedAt ?? '')).toBe(7 * 24 * 3600 * 1000);

      const response = await call('controller', { method: 'POST', url: `/api/weekly-imports/${upload1.id}/retry` });
      expect(response.statusCode).toBe(200);
      expect(response.json<WeeklyImportDto>()).toMatchObject({ id: upload1.id, status: 'queued', error: null, retryUntil: null, startedAt: null, finishedAt: null });
      expect((await api.app.get(JobProducer).queue(JobName.IndicatorsImport).getJob(upload1.id))?.data).toEqual({ importId: upload1.id });
      const [audit] = await api.dataSource.query(`SELECT before, after FROM audit_log WHERE action = 'weekly_import.retried' AND entity_id = $1`, [upload1.id]);
      expect(audit).toEqual({ before: { status: 'failed', error: 'Внутренняя ошибка' }, after: { status: 'queued' } });
      expect(await run(upload1.id)).toMatchObject({ status: 'done' });
      expect(await get(upload1.id)).toMatchObject({ status: 'done', retryUntil: null });

      // Done now: nothing to retry.
      const again = await call('controller', { method: 'POST', url: `/api/weekly-imports/${upload1.id}/retry` });
      expect(again.statusCode).toBe(409);
    });

    it('answers 409 when the file is no longer kept, 404 for another district’s import (audited) and for an unknown id', async () => {
      const gone = await upload(['SS-001;2026-W49;1;']);
      const [{ storage_key: key }] = await api.dataSource.query(`SELECT storage_key FROM weekly_import WHERE id = $1`, [gone.id]);
      await failed(gone.id);
      await store.remove(key);
      expect(existsSync(store.pathOf(key))).toBe(false);
      const response = await call('controller', { method: 'POST', url: `/api/weekly-imports/${gone.id}/retry` });
      expect(response.statusCode).toBe(409);
      expect(response.body).toContain('Файл этой загрузки уже не хранится');

      const other = await call('otherController', { method: 'POST', url: `/api/weekly-imports/${gone.id}/retry` });
      expect(other.statusCode).toBe(404);
      const [denied] = await api.dataSource.query(`SELECT count(*)::int AS n FROM audit_log WHERE action = 'access.denied' AND entity_id = $1`, [gone.id]);
      expect(denied.n).toBeGreaterThan(0);
      expect((await call('controller', { method: 'POST', url: '/api/weekly-imports/00000000-0000-4000-8000-000000000000/retry' })).statusCode).toBe(404);
      expect(await get(gone.id)).toMatchObject({ status: 'failed' });
    });
  });
});
