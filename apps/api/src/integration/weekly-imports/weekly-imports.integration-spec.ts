import JSZip from 'jszip';
import { randomBytes } from 'node:crypto';
import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import ExcelJS from 'exceljs';
import type { InjectOptions } from 'fastify';
import type { WeeklyImportDto, WeeklyImportIssueDto } from '@karta/contracts';
import {
  OrganizationEntity,
  OrganizationHeadcountEntity,
  RoadmapEntity,
  WeeklyImportEntity,
  WeeklyImportIssueEntity,
  WeeklyReportEntity,
  WeeklyReportRevisionEntity,
} from '@karta/db';
import { checkWeeklyValues, MEASURES, type Measure, type WeekHeadcounts } from '@karta/domain';
import { JobName, JobProducer } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { failWeeklyImport, MEASURE_HEADERS, runWeeklyImport, type WeeklyImportOutcome, WeeklySheetStore } from '@karta/server-indicators';
import { makeOrganization, makeRoadmap, makeRoadmapAction, makeUser, makeWeeklyReport, revisionChanges } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

/** Generous: the shared machine can be slow; nothing here measures time. */
jest.setTimeout(120_000);

const GOLDEN = join(__dirname, 'golden');
/** Wednesday of 2025-W42: the current week starts 2025-10-13. */
const NOW = new Date('2025-10-15T09:00:00Z');
const UPLOAD_LIMIT = 64 * 1024;

type Who = 'controller' | 'staff' | 'observer' | 'admin' | 'otherController';

function multipart(fields: Record<string, string>, file?: { name: string; content: Buffer }): { payload: Buffer; headers: Record<string, string> } {
  const boundary = `----karta${randomBytes(8).toString('hex')}`;
  const chunks: Buffer[] = [];
  for (const [name, value] of Object.entries(fields)) {
    chunks.push(Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="${name}"\r\n\r\n${value}\r\n`));
  }
  if (file) {
    chunks.push(
      Buffer.from(`--${boundary}\r\nContent-Disposition: form-data; name="file"; filename="${file.name}"\r\nContent-Type: application/octet-stream\r\n\r\n`),
      file.content,
      Buffer.from('\r\n'),
    );
  }
  chunks.push(Buffer.from(`--${boundary}--\r\n`));
  return { payload: Buffer.concat(chunks), headers: { 'content-type': `multipart/form-data; boundary=${boundary}` } };
}

describe('weekly imports (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let store: WeeklySheetStore;
  let roadmap: RoadmapEntity;
  let department: OrganizationEntity;
  const orgs = new Map<string, OrganizationEntity>();
  const users = {} as Record<Who, { id: string; organizationId: string }>;
  const tokens = {} as Record<Who, string>;

  const call = (who: Who, options: InjectOptions) => api.app.inject({ ...options, headers: { ...options.headers, authorization: `Bearer ${tokens[who]}` } });

  const run = (importId: string): Promise<WeeklyImportOutcome> =>
    runWeeklyImport({ dataSource: api.dataSource, store, audit: api.app.get(AuditLog), jobs: api.app.get(JobProducer), now: () => NOW }, importId);

  /** Uploads through the API as `who`, then runs the job in-process. */
  async function upload(who: Who, name: string, content: Buffer): Promise<{ created: WeeklyImportDto; outcome: WeeklyImportOutcome; done: WeeklyImportDto }> {
    const response = await call(who, { method: 'POST', url: '/api/weekly-imports', ...multipart({ roadmapId: roadmap.id }, { name, content }) });
    expect(response.statusCode).toBe(202);
    const created = response.json<WeeklyImportDto>();
    const outcome = await run(created.id);
    const done = (await call(who, { url: `/api/weekly-imports/${created.id}` })).json<WeeklyImportDto>();
    return { created, outcome, done };
  }

  async function issuesOf(who: Who, id: string): Promise<Pick<WeeklyImportIssueDto, 'rowNumber' | 'column' | 'reason' | 'message'>[]> {
    const response = await call(who, { url: `/api/weekly-imports/${id}/issues?pageSize=200` });
    expect(response.statusCode).toBe(200);
    return response.json<{ items: WeeklyImportIssueDto[] }>().items.map(({ rowNumber, column, reason, message }) => ({ rowNumber, column, reason, message }));
  }

  async function report(code: string, weekStart: string): Promise<WeeklyReportEntity | null> {
    return api.dataSource.getRepository(WeeklyReportEntity).findOneBy({ organizationId: orgs.get(code)?.id, weekStart });
  }

  const counts = (dto: WeeklyImportDto) => ({
    status: dto.status,
    totalRows: dto.totalRows,
    processedRows: dto.processedRows,
    appliedRows: dto.appliedRows,
    unchangedRows: dto.unchangedRows,
    rejectedRows: dto.rejectedRows,
    error: dto.error,
  });

  beforeAll(async () => {
    api = await startTestApi({ UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT), STORAGE_DIR: mkdtempSync(join(tmpdir(), 'karta-weekly-')) });
    store = new WeeklySheetStore(api.env.STORAGE_DIR);
    const ds = api.dataSource;
    const region = await makeOrganization(ds, { code: 'WI-RD', kind: 'region' });
    department = await makeOrganization(ds, { code: 'WI-UO', kind: 'department', parentId: region.id });
    const otherDepartment = await makeOrganization(ds, { code: 'WI-UO2', kind: 'department', parentId: region.id });
    for (const code of ['WI-001', 'WI-002', 'WI-003']) orgs.set(code, await makeOrganization(ds, { code, kind: 'school', parentId: department.id }));
    orgs.set('WI-X01', await makeOrganization(ds, { code: 'WI-X01', kind: 'school', parentId: otherDepartment.id }));
    await ds.getRepository(OrganizationHeadcountEntity).insert([
      { organizationId: orgs.get('WI-001')?.id, kind: 'staff_stat', value: 40, effectiveFrom: '2025-09-01', createdBy: null },
      { organizationId: orgs.get('WI-001')?.id, kind: 'staff_stat', value: 50, effectiveFrom: '2025-10-06', createdBy: null },
      { organizationId: orgs.get('WI-001')?.id, kind: 'students_stat', value: 300, effectiveFrom: '2025-09-01', createdBy: null },
      { organizationId: orgs.get('WI-001')?.id, kind: 'actual_headcount_ministry', value: 10, effectiveFrom: '2025-09-01', createdBy: null },
      { organizationId: orgs.get('WI-002')?.id, kind: 'staff_stat', value: 20, effectiveFrom: '2025-08-01', createdBy: null },
    ]);
    roadmap = await makeRoadmap(ds, { ownerOrganizationId: department.id, orderDate: '2025-08-01' });
    await makeRoadmapAction(ds, { roadmapId: roadmap.id, resultType: 'report', schedule: { kind: 'weekly', startDate: '2025-08-04' } });
    await makeRoadmapAction(ds, { roadmapId: roadmap.id, resultType: 'indicator', schedule: { kind: 'weekly', startDate: '2025-09-03', dueWeekday: 1 } });
    await makeWeeklyReport(ds, { organizationId: orgs.get('WI-002')?.id as string, weekStart: '2025-09-01', staffWrote: 8, studentsActive: 100 });
    const homes: Record<Who, [string, OrganizationEntity]> = {
      controller: ['controller', department],
      staff: ['department_staff', department],
      observer: ['observer', department],
      admin: ['admin', region],
      otherController: ['controller', otherDepartment],
    };
    for (const [who, [role, organization]] of Object.entries(homes) as [Who, [string, OrganizationEntity]][]) {
      const user = await makeUser(ds, { role: role as never, organizationId: organization.id });
      users[who] = { id: user.id, organizationId: organization.id };
      tokens[who] = await api.login(user.email, user.password);
    }
  });

  afterAll(() => api.close());

  describe('Windows-1251 with `;`: every reason, exact row report', () => {
    let first: { created: WeeklyImportDto; done: WeeklyImportDto };

    it('answers 202 with a queued import, then applies the good rows and reports every other one', async () => {
      const content = readFileSync(join(GOLDEN, 'district-cp1251-semicolon.csv'));
      first = await upload('controller', 'район.csv', content);
      expect(first.created).toMatchObject({ status: 'queued', format: 'csv', fileName: 'район.csv', sizeBytes: content.length, totalRows: null, processedRows: 0 });
      expect(first.created.organization.code).toBe('WI-UO');
      expect(counts(first.done)).toEqual({ status: 'done', totalRows: 16, processedRows: 16, appliedRows: 5, unchangedRows: 0, rejectedRows: 11, error: null });
      expect(first.done.finishedAt).not.toBeNull();

      expect(await issuesOf('controller', first.created.id)).toEqual([
        { rowNumber: 5, column: 'Код организации', reason: 'unknown_organization', message: 'Организация с кодом «WI-404» не найдена' },
        { rowNumber: 6, column: 'Код организации', reason: 'outside_scope', message: 'Организация «WI-X01» не входит в вашу область: загружать можно только данные своих организаций' },
        { rowNumber: 7, column: 'Неделя', reason: 'week_outside_roadmap', message: 'Неделя 2025-W35 вне дорожной карты: принимаются недели с 2025-W36 по текущую (2025-W42)' },
        { rowNumber: 8, column: 'Неделя', reason: 'week_outside_roadmap', message: 'Неделя 2025-W43 вне дорожной карты: принимаются недели с 2025-W36 по текущую (2025-W42)' },
        { rowNumber: 9, column: 'Неделя', reason: 'invalid_week', message: 'Неделя «неделя 36» не распознана: укажите неделю (2025-W36) или дату (01.09.2025)' },
        { rowNumber: 10, column: 'Код организации', reason: 'missing_code', message: 'Не указан код организации' },
        { rowNumber: 11, column: 'Писали работники', reason: 'not_a_count', message: '«Писали работники»: отрицательное число (-5)' },
        { rowNumber: 11, column: 'Активные обучающиеся', reason: 'not_a_count', message: '«Активные обучающиеся»: «abc» — не число' },
        { rowNumber: 11, column: 'Активные родители', reason: 'not_a_count', message: '«Активные родители»: дробное число (12,5), нужно целое' },
        { rowNumber: 12, column: null, reason: 'duplicate_row', message: 'Повтор: организация «WI-001» и неделя 2025-W36 уже есть в строке 2' },
        {
          rowNumber: 13,
          column: 'Писали работники',
          reason: 'exceeds_denominator',
          message: '«Писали работники»: 25 больше предела — численность работников по формам статнаблюдения 20',
        },
        { rowNumber: 14, column: 'Сферум в МАКС', reason: 'exceeds_denominator', message: '«Сферум в МАКС»: 50 больше предела — пользователей «Сферума» всего 40' },
        {
          rowNumber: 18,
          column: 'Писали работники',
          reason: 'exceeds_denominator',
          message: '«Писали работники»: 45 больше предела — численность работников по формам статнаблюдения 40',
        },
      ]);
    });

    it('stores the values with source, author and import; an empty cell keeps the stored value', async () => {
      const values = (row: WeeklyReportEntity | null) => row && { staffWrote: row.staffWrote, studentsActive: row.studentsActive, parentsActive: row.parentsActive, sferumInMax: row.sferumInMax, sferumTotal: row.sferumTotal, officialsWrote: row.officialsWrote };
      const full = await report('WI-001', '2025-09-01');
      expect(values(full)).toEqual({ staffWrote: 30, studentsActive: 250, parentsActive: 200, sferumInMax: 100, sferumTotal: 400, officialsWrote: 5 });
      expect(full).toMatchObject({ source: 'import', updatedBy: users.controller.id, importId: first.created.id, version: 1 });
      expect(values(await report('WI-001', '2025-09-08'))).toEqual({ staffWrote: null, studentsActive: 260, parentsActive: null, sferumInMax: null, sferumTotal: null, officialsWrote: null });
      const kept = await report('WI-002', '2025-09-01');
      expect(kept).toMatchObject({ staffWrote: 10, studentsActive: 100, source: 'import', version: 2 });
      expect(values(await report('WI-003', '2025-10-06'))).toEqual({ staffWrote: 0, studentsActive: 0, parentsActive: 0, sferumInMax: 0, sferumTotal: 0, officialsWrote: 0 });
      expect((await report('WI-001', '2025-10-06'))?.staffWrote).toBe(45);
      for (const [code, week] of [['WI-002', '2025-09-15'], ['WI-002', '2025-09-22'], ['WI-001', '2025-09-29'], ['WI-X01', '2025-09-01']]) {
        expect(await report(code, week)).toBeNull();
      }
    });

    it('writes one revision per changed report with only the changed measures', async () => {
      const revisions = await api.dataSource.getRepository(WeeklyReportRevisionEntity).find({ where: { importId: first.created.id }, order: { id: 'ASC' } });
      expect(revisions).toHaveLength(5);
      const wi002 = revisions.find((revision) => revision.organizationId === orgs.get('WI-002')?.id);
      expect(wi002).toMatchObject({ weekStart: '2025-09-01', source: 'import', authorId: users.controller.id });
      expect(wi002 && revisionChanges(wi002)).toEqual({ staff_wrote: [8, 10] });
      const wi001 = revisions.find((revision) => revision.organizationId === orgs.get('WI-001')?.id && revision.weekStart === '2025-09-08');
      expect(wi001 && revisionChanges(wi001)).toEqual({ students_active: [null, 260] });
    });

    it('audits the upload and the completion with counts, and queues the computation of each changed week', async () => {
      const audit: { action: string; after: Record<string, unknown> }[] = await api.dataSource.query(
        `SELECT action, after FROM audit_log WHERE entity_type = 'weekly_import' AND entity_id = $1 ORDER BY id`,
        [first.created.id],
      );
      expect(audit.map((entry) => entry.action)).toEqual(['weekly_import.created', 'weekly_import.completed']);
      expect(audit[1].after).toMatchObject({ status: 'done', appliedRows: 5, unchangedRows: 0, rejectedRows: 11, totalRows: 16 });
      const queued = await api.app.get(JobProducer).queue(JobName.IndicatorsCompute).getJobs(['delayed', 'waiting']);
      expect(queued.map((job) => job.data.weekStart).sort()).toEqual(['2025-09-01', '2025-09-08', '2025-10-06']);
    });

    it('re-importing the same file changes nothing: every good row unchanged, no revisions, same versions', async () => {
      const before = await api.dataSource.getRepository(WeeklyReportEntity).find({ order: { organizationId: 'ASC', weekStart: 'ASC' } });
      const revisionCount = await api.dataSource.getRepository(WeeklyReportRevisionEntity).count();
      const again = await upload('controller', 'район.csv', readFileSync(join(GOLDEN, 'district-cp1251-semicolon.csv')));
      expect(counts(again.done)).toEqual({ status: 'done', totalRows: 16, processedRows: 16, appliedRows: 0, unchangedRows: 5, rejectedRows: 11, error: null });
      expect(await api.dataSource.getRepository(WeeklyReportEntity).find({ order: { organizationId: 'ASC', weekStart: 'ASC' } })).toEqual(before);
      expect(await api.dataSource.getRepository(WeeklyReportRevisionEntity).count()).toBe(revisionCount);
      expect(await issuesOf('controller', again.created.id)).toEqual(await issuesOf('controller', first.created.id));
    });

    it('a retried job does not apply twice', async () => {
      expect(await run(first.created.id)).toEqual({ status: 'skipped' });
    });

    it('after the last failed attempt the worker marks a running import failed, never a finished one', async () => {
      const running = await api.dataSource.getRepository(WeeklyImportEntity).save({
        roadmapId: roadmap.id,
        organizationId: department.id,
        createdBy: users.controller.id,
        fileName: 'x.csv',
        format: 'csv',
        sizeBytes: 1,
        sha256: '',
        storageKey: '00000000-0000-4000-8000-000000000000',
        status: 'running',
      });
      const runner = { dataSource: api.dataSource, audit: api.app.get(AuditLog) };
      expect(await failWeeklyImport(runner, running.id, 'Внутренняя ошибка')).toBe(true);
      expect(await failWeeklyImport(runner, first.created.id, 'Внутренняя ошибка')).toBe(false);
      expect(await api.dataSource.getRepository(WeeklyImportEntity).findOneByOrFail({ id: running.id })).toMatchObject({ status: 'failed', error: 'Внутренняя ошибка' });
      expect(await api.dataSource.getRepository(WeeklyImportEntity).findOneByOrFail({ id: first.created.id })).toMatchObject({ status: 'done', error: null });
    });
  });

  it('a row with several faults is reported with every one of them in the same import (issue 10), and nothing of it is written', async () => {
    const ds = api.dataSource;
    const mf001 = await makeOrganization(ds, { code: 'MF-001', kind: 'school', parentId: department.id });
    await makeOrganization(ds, { code: 'MF-002', kind: 'school', parentId: department.id });
    await ds.getRepository(OrganizationHeadcountEntity).insert([
      { organizationId: mf001.id, kind: 'staff_stat', value: 40, effectiveFrom: '2025-08-01', createdBy: null },
      { organizationId: mf001.id, kind: 'students_stat', value: 300, effectiveFrom: '2025-08-01', createdBy: null },
    ]);
    await makeWeeklyReport(ds, { organizationId: mf001.id, weekStart: '2025-09-22', sferumTotal: 10 });
    await makeWeeklyReport(ds, { organizationId: mf001.id, weekStart: '2025-09-29', sferumInMax: 8, sferumTotal: 20 });
    const lines = [
      'Код организации;Неделя;Писали работники;Активные обучающиеся;Активные родители;Сферум в МАКС;Сферум всего;Писали должностные лица',
      /* 2 */ 'Итого;;1 250;3 400;2 900;;;',
      /* 3 */ 'Итого;;abc;;;;;',
      /* 4: no headcount for an unknown organization, so nothing about ceilings */ 'MF-404;2025-W38;999999;;;50;40;',
      /* 5: nothing about the ceilings of another district's organization either */ 'WI-X01;2025-W43;-1;;;50;40;',
      /* 6 */ 'MF-001;2025-W35;45;;;;;',
      /* 7: applied */ 'MF-001;2025-W38;10;;;;;',
      /* 8 */ 'MF-001;15.09.2025;41;x;;;;',
      /* 9 */ ';2025-W30;1,5;;;;;',
      /* 10 */ ';неделя;;;;;;',
      /* 11: «Сферум всего» unreadable: the stored total (10) does not stand in for it */ 'MF-001;2025-W39;;;;50;abc;',
      /* 12: the stored «Сферум в МАКС» (8) against the file's total */ 'MF-001;2025-W40;abc;;;;5;',
      /* 13 */ 'MF-002;2025-W38;abc;;;;;',
      /* 14: repeats row 13, faulty as that row is */ 'MF-002;2025-W38;5;;;;;',
      /* 15: applied */ 'MF-002;2025-W37;5;;;;;',
    ];
    const { done, created } = await upload('controller', 'итого.csv', Buffer.from(lines.join('\n')));
    expect(counts(done)).toEqual({ status: 'done', totalRows: 14, processedRows: 14, appliedRows: 2, unchangedRows: 0, rejectedRows: 12, error: null });

    const code = 'Код организации';
    const week = 'Неделя';
    const staff = 'Писали работники';
    const roadmapWeeks = 'вне дорожной карты: принимаются недели с 2025-W36 по текущую (2025-W42)';
    const unknown = (text: string) => ({ column: code, reason: 'unknown_organization', message: `Организация с кодом «${text}» не найдена` });
    const noWeek = { column: week, reason: 'invalid_week', message: 'Не указана неделя' };
    const noCode = { column: code, reason: 'missing_code', message: 'Не указан код организации' };
    const outsideRoadmap = (key: string) => ({ column: week, reason: 'week_outside_roadmap', message: `Неделя ${key} ${roadmapWeeks}` });
    const notACount = (column: string, problem: string) => ({ column, reason: 'not_a_count', message: `«${column}»: ${problem}` });
    const overStaff = (value: number) => ({ column: staff, reason: 'exceeds_denominator', message: `«${staff}»: ${value} больше предела — численность работников по формам статнаблюдения 40` });
    const byRow = new Map<number, Omit<WeeklyImportIssueDto, 'rowNumber' | 'organizationCode'>[]>();
    for (const { rowNumber, ...issue } of await issuesOf('controller', created.id)) byRow.set(rowNumber, [...(byRow.get(rowNumber) ?? []), issue]);
    expect(Object.fromEntries(byRow)).toEqual({
      2: [unknown('Итого'), noWeek],
      3: [unknown('Итого'), noWeek, notACount(staff, '«abc» — не число')],
      4: [unknown('MF-404')],
      5: [
        { column: code, reason: 'outside_scope', message: 'Организация «WI-X01» не входит в вашу область: загружать можно только данные своих организаций' },
        outsideRoadmap('2025-W43'),
        notACount(staff, 'отрицательное число (-1)'),
      ],
      6: [outsideRoadmap('2025-W35'), overStaff(45)],
      8: [
        { column: null, reason: 'duplicate_row', message: 'Повтор: организация «MF-001» и неделя 2025-W38 уже есть в строке 7' },
        notACount('Активные обучающиеся', '«x» — не число'),
        overStaff(41),
      ],
      9: [noCode, outsideRoadmap('2025-W30'), notACount(staff, 'дробное число (1,5), нужно целое')],
      10: [noCode, { column: week, reason: 'invalid_week', message: 'Неделя «неделя» не распознана: укажите неделю (2025-W36) или дату (01.09.2025)' }],
      11: [notACount('Сферум всего', '«abc» — не число')],
      12: [
        notACount(staff, '«abc» — не число'),
        { column: 'Сферум в МАКС', reason: 'exceeds_denominator', message: '«Сферум в МАКС»: 8 больше предела — пользователей «Сферума» всего 5' },
      ],
      13: [notACount(staff, '«abc» — не число')],
      14: [{ column: null, reason: 'duplicate_row', message: 'Повтор: организация «MF-002» и неделя 2025-W38 уже есть в строке 13' }],
    });

    // Only rows 7 and 15 were written; the stored reports of the rejected rows 11 and 12 are as they were.
    const reports: unknown[] = await ds.query(
      `SELECT o.code, r.week_start::text AS week, r.staff_wrote, r.sferum_in_max, r.sferum_total, r.import_id IS NOT DISTINCT FROM $1 AS imported
       FROM weekly_report r JOIN organization o ON o.id = r.organization_id WHERE o.code LIKE 'MF-%' ORDER BY 1, 2`,
      [created.id],
    );
    expect(reports).toEqual([
      { code: 'MF-001', week: '2025-09-15', staff_wrote: 10, sferum_in_max: null, sferum_total: null, imported: true },
      { code: 'MF-001', week: '2025-09-22', staff_wrote: null, sferum_in_max: null, sferum_total: 10, imported: false },
      { code: 'MF-001', week: '2025-09-29', staff_wrote: null, sferum_in_max: 8, sferum_total: 20, imported: false },
      { code: 'MF-002', week: '2025-09-08', staff_wrote: 5, sferum_in_max: null, sferum_total: null, imported: true },
    ]);
    expect(await report('WI-X01', '2025-10-20')).toBeNull();
    expect(await ds.getRepository(WeeklyReportRevisionEntity).countBy({ importId: created.id })).toBe(2);
  });

  it('UTF-8 with BOM and `,`: any column order, machine and upper-case headers, quoted commas, unknown columns ignored', async () => {
    const { done, created } = await upload('staff', 'utf8.csv', readFileSync(join(GOLDEN, 'district-utf8-bom-comma.csv')));
    expect(counts(done)).toEqual({ status: 'done', totalRows: 3, processedRows: 3, appliedRows: 2, unchangedRows: 0, rejectedRows: 1, error: null });
    expect(await issuesOf('staff', created.id)).toEqual([
      { rowNumber: 3, column: 'Сферум в МАКС', reason: 'exceeds_denominator', message: '«Сферум в МАКС»: 131 больше предела — пользователей «Сферума» всего 130' },
    ]);
    expect(await report('WI-003', '2025-09-08')).toMatchObject({ sferumTotal: 120, sferumInMax: 60, staffWrote: null, updatedBy: users.staff.id });
    expect(await report('WI-002', '2025-09-22')).toMatchObject({ sferumTotal: 1000, sferumInMax: 999 });
  });

  it('mixed line endings (\\r\\n, \\n, \\r) with blank rows skipped but counted in row numbers', async () => {
    const { done } = await upload('controller', 'mixed.csv', readFileSync(join(GOLDEN, 'mixed-line-endings.csv')));
    expect(counts(done)).toEqual({ status: 'done', totalRows: 4, processedRows: 4, appliedRows: 4, unchangedRows: 0, rejectedRows: 0, error: null });
    expect(await report('WI-002', '2025-09-29')).toMatchObject({ staffWrote: 12, studentsActive: 13 });
    expect(await report('WI-003', '2025-09-22')).toMatchObject({ staffWrote: 4, studentsActive: 5 });
  });

  it('XLSX: formula cells by their cached result, date cells, Excel serials; a formula without a value is reported', async () => {
    const workbook = new ExcelJS.Workbook();
    const sheet = workbook.addWorksheet('Неделя');
    sheet.addRow(['Код организации', 'Неделя', 'Писали работники', 'Сферум всего', 'Сферум в МАКС']);
    sheet.addRow(['WI-001', new Date(Date.UTC(2025, 9, 1)), { formula: '10+5', result: 15 }, 40, { formula: 'D2/2', result: 20 }]);
    sheet.getCell('B2').numFmt = 'dd.mm.yyyy';
    sheet.addRow(['WI-002', 45915, 7]);
    sheet.addRow(['WI-003', '2025-W40', { formula: '1/0', result: { error: '#DIV/0!' } }]);
    const { done, created } = await upload('controller', 'район.xlsx', Buffer.from(await workbook.xlsx.writeBuffer()));
    expect(created.format).toBe('xlsx');
    expect(counts(done)).toEqual({ status: 'done', totalRows: 3, processedRows: 3, appliedRows: 2, unchangedRows: 0, rejectedRows: 1, error: null });
    expect(await issuesOf('controller', created.id)).toEqual([
      { rowNumber: 4, column: 'Писали работники', reason: 'not_a_count', message: '«Писали работники»: «=1/0» — не число' },
    ]);
    expect(await report('WI-001', '2025-09-29')).toMatchObject({ staffWrote: 15, sferumTotal: 40, sferumInMax: 20 });
    expect(await report('WI-002', '2025-09-15')).toMatchObject({ staffWrote: 7 });
  });

  describe('files that cannot be imported fail whole and write nothing', () => {
    async function nothingWritten(importId: string): Promise<void> {
      expect(await api.dataSource.getRepository(WeeklyImportIssueEntity).countBy({ importId })).toBe(0);
      expect(await api.dataSource.getRepository(WeeklyReportEntity).countBy({ importId })).toBe(0);
      expect(await api.dataSource.getRepository(WeeklyReportRevisionEntity).countBy({ importId })).toBe(0);
    }

    it('a CSV without the required columns', async () => {
      const { done } = await upload('controller', 'no-week.csv', Buffer.from('Код организации;Писали работники\nWI-001;5\n'));
      expect(counts(done)).toEqual({
        status: 'failed',
        totalRows: null,
        processedRows: 0,
        appliedRows: 0,
        unchangedRows: 0,
        rejectedRows: 0,
        error: 'В первой строке файла нет столбцов «Неделя». Скачайте шаблон и сверьте заголовки.',
      });
      await nothingWritten(done.id);
    });

    it('a broken XLSX and an unreadable CSV (stored as if accepted), even after good rows were staged', async () => {
      const broken: [string, 'csv' | 'xlsx', Buffer][] = [
        ['broken.xlsx', 'xlsx', Buffer.concat([Buffer.from('PK\u0003\u0004'), randomBytes(300)])],
        ['half.csv', 'csv', Buffer.concat([Buffer.from('Код организации;Неделя;Писали работники\nWI-001;2025-W37;3\n'), Buffer.from([0, 1, 2, 3]), Buffer.from('\n')])],
      ];
      for (const [fileName, format, content] of broken) {
        const saved = await store.save(Readable.from([content]), UPLOAD_LIMIT);
        const row = await api.dataSource.getRepository(WeeklyImportEntity).save({
          roadmapId: roadmap.id,
          organizationId: department.id,
          createdBy: users.controller.id,
          fileName,
          format,
          sizeBytes: saved.sizeBytes,
          sha256: saved.sha256,
          storageKey: saved.key,
        });
        const outcome = await run(row.id);
        expect(outcome.status).toBe('failed');
        const stored = await api.dataSource.getRepository(WeeklyImportEntity).findOneByOrFail({ id: row.id });
        expect(stored).toMatchObject({ status: 'failed', appliedRows: 0, rejectedRows: 0 });
        expect(stored.error).toMatch(/XLSX|CSV/);
        await nothingWritten(row.id);
      }
      // The good row staged before the broken bytes (WI-001, 2025-W37: 3) was rolled back with the rest.
      expect((await report('WI-001', '2025-09-08'))?.staffWrote ?? null).not.toBe(3);
    });
  });

  describe('scope and HTTP', () => {
    it('an administrator imports for any organization', async () => {
      const byAdmin = await upload('admin', 'a.csv', Buffer.from('Код организации;Неделя;Писали работники\nWI-X01;2025-W37;3\n'));
      expect(counts(byAdmin.done)).toMatchObject({ status: 'done', appliedRows: 1, rejectedRows: 0 });
      expect(await report('WI-X01', '2025-09-08')).toMatchObject({ staffWrote: 3, updatedBy: users.admin.id });
    });

    it('another district neither sees the roadmap (404 at upload) nor the imports (404, not listed)', async () => {
      const csv = { name: 'b.csv', content: Buffer.from('Код организации;Неделя;Писали работники\nWI-001;2025-W37;3\n') };
      expect((await call('otherController', { method: 'POST', url: '/api/weekly-imports', ...multipart({ roadmapId: roadmap.id }, csv) })).statusCode).toBe(404);
      const mine = (await call('controller', { url: '/api/weekly-imports?pageSize=5' })).json<{ items: WeeklyImportDto[]; total: number }>();
      expect(mine.items).toHaveLength(5);
      expect(mine.total).toBeGreaterThan(5);
      const id = mine.items[0].id;
      expect((await call('otherController', { url: `/api/weekly-imports/${id}` })).statusCode).toBe(404);
      expect((await call('otherController', { url: `/api/weekly-imports/${id}/issues` })).statusCode).toBe(404);
      expect((await call('otherController', { url: '/api/weekly-imports' })).json<{ total: number }>().total).toBe(0);
      expect((await call('controller', { url: '/api/weekly-imports/not-a-uuid' })).statusCode).toBe(404);
      // The observer reads (indicators.read) but may not upload.
      expect((await call('observer', { url: `/api/weekly-imports/${id}` })).json<WeeklyImportDto>().id).toBe(id);
      expect((await call('observer', { method: 'POST', url: '/api/weekly-imports', ...multipart({ roadmapId: roadmap.id }, csv) })).statusCode).toBe(403);
    });

    it('answers 400 with field errors for bad uploads and 413 past the size limit, keeping nothing', async () => {
      const before = await api.dataSource.getRepository(WeeklyImportEntity).count();
      const png = Buffer.from('iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR42mNkYPhfDwAChwGA60e6kgAAAABJRU5ErkJggg==', 'base64');
      // A decompression bomb dressed as a workbook: 30 MB of one letter, deflated to a few kilobytes.
      const bomb = new JSZip();
      bomb.file('xl/workbook.xml', '<?xml version="1.0"?><workbook/>');
      bomb.file('xl/worksheets/sheet1.xml', 'a'.repeat(30 * 1024 * 1024));
      const bombXlsx = await bomb.generateAsync({ type: 'nodebuffer', compression: 'DEFLATE', compressionOptions: { level: 9 } });
      const cases: [Record<string, string>, { name: string; content: Buffer } | undefined, string, RegExp][] = [
        [{ roadmapId: roadmap.id }, undefined, 'file', /Выберите файл/],
        [{}, { name: 'a.csv', content: Buffer.from('a;b\n') }, 'roadmapId', /дорожную карту/],
        [{ roadmapId: 'nope' }, { name: 'a.csv', content: Buffer.from('a;b\n') }, 'roadmapId', /дорожную карту/],
        [{ roadmapId: roadmap.id }, { name: 'a.csv', content: Buffer.alloc(0) }, 'file', /пустой/],
        [{ roadmapId: roadmap.id }, { name: 'a.xlsx', content: Buffer.from('Код организации;Неделя\n') }, 'file', /не является книгой Excel/],
        [{ roadmapId: roadmap.id }, { name: 'a.csv', content: png }, 'file', /Это не таблица \(png\)/],
        [{ roadmapId: roadmap.id }, { name: 'bomb.xlsx', content: bombXlsx }, 'file', /слишком велика в распакованном виде/],
        [{ roadmapId: roadmap.id }, { name: 'a.csv', content: Buffer.from([0x41, 0x00, 0x42, 0x0a]) }, 'file', /не похож на текстовую таблицу/],
      ];
      for (const [fields, file, field, message] of cases) {
        const response = await call('controller', { method: 'POST', url: '/api/weekly-imports', ...multipart(fields, file) });
        expect(response.statusCode).toBe(400);
        const body = response.json<{ fieldErrors: { field: string; messages: string[] }[] }>();
        expect(body.fieldErrors.find((error) => error.field === field)?.messages.join(' ')).toMatch(message);
      }
      const big = await call('controller', { method: 'POST', url: '/api/weekly-imports', ...multipart({ roadmapId: roadmap.id }, { name: 'big.csv', content: Buffer.alloc(UPLOAD_LIMIT + 10, 0x31) }) });
      expect(big.statusCode).toBe(413);
      expect(await api.dataSource.getRepository(WeeklyImportEntity).count()).toBe(before);
    });

    it('serves the template as XLSX and CSV; both import as empty files', async () => {
      const xlsx = await call('observer', { url: '/api/weekly-imports/template' });
      expect(xlsx.statusCode).toBe(200);
      expect(xlsx.headers['content-type']).toContain('spreadsheetml');
      const csv = await call('observer', { url: '/api/weekly-imports/template?format=csv' });
      expect(csv.rawPayload.toString('utf8')).toBe('\uFEFFКод организации;Неделя;Писали работники;Активные обучающиеся;Активные родители;Сферум в МАКС;Сферум всего;Писали должностные лица\r\n');
      expect((await call('observer', { url: '/api/weekly-imports/template?format=pdf' })).statusCode).toBe(400);
      for (const [name, content] of [['t.xlsx', xlsx.rawPayload], ['t.csv', csv.rawPayload]] as const) {
        const { done } = await upload('controller', name, content);
        expect(counts(done)).toEqual({ status: 'done', totalRows: 0, processedRows: 0, appliedRows: 0, unchangedRows: 0, rejectedRows: 0, error: null });
      }
    });
  });

  it('a file of several batches: duplicates across batches, the row report in row order, progress as it goes', async () => {
    const organization = await makeOrganization(api.dataSource, { code: 'WI-004', kind: 'school', parentId: department.id });
    const lines = ['Код организации;Неделя;Писали работники'];
    for (let dataRow = 1; dataRow <= 21_000; dataRow++) {
      if (dataRow === 5_000) lines.push('WI-004;2025-W36;5');
      else if (dataRow === 15_000) lines.push('WI-004;01.09.2025;6');
      else if (dataRow === 20_500) lines.push('WI-004;2025-W37;7');
      else lines.push(`ZZ-${dataRow};2025-W36;1`);
    }
    const saved = await store.save(Readable.from([Buffer.from(lines.join('\n'))]), 10 * 1024 * 1024);
    const row = await api.dataSource.getRepository(WeeklyImportEntity).save({
      roadmapId: roadmap.id,
      organizationId: department.id,
      createdBy: users.controller.id,
      fileName: 'big.csv',
      format: 'csv',
      sizeBytes: saved.sizeBytes,
      sha256: saved.sha256,
      storageKey: saved.key,
    });
    const seen: { phase: string; processedRows: number; totalRows: number | null }[] = [];
    const startedAt = Date.now();
    const outcome = await runWeeklyImport(
      { dataSource: api.dataSource, store, audit: api.app.get(AuditLog), jobs: api.app.get(JobProducer), now: () => NOW },
      row.id,
      (progress) => void seen.push(progress),
    );
    const elapsedMs = Date.now() - startedAt;
    // finished_at is the real end (issue 11): as far after started_at as the import took, not the transaction's start.
    const finished = await api.dataSource.getRepository(WeeklyImportEntity).findOneByOrFail({ id: row.id });
    const recordedMs = (finished.finishedAt?.getTime() ?? 0) - (finished.startedAt?.getTime() ?? 0);
    expect(recordedMs).toBeGreaterThan(elapsedMs * 0.5);
    expect(recordedMs).toBeLessThanOrEqual(elapsedMs + 50);
    expect(outcome).toEqual({ status: 'done', result: { totalRows: 21_000, appliedRows: 2, unchangedRows: 0, rejectedRows: 20_998, skippedRows: 0, weeks: ['2025-09-01', '2025-09-08'] } });
    expect(seen.at(-1)).toEqual({ phase: 'finishing', processedRows: 21_000, totalRows: 21_000 });
    // Batches are cut wherever PostgreSQL is free: progress shows rows applied before the end, never going back.
    expect(seen.some((progress) => progress.phase === 'applying' && progress.processedRows > 0 && progress.processedRows < 21_000)).toBe(true);
    expect(seen.every((progress, index) => index === 0 || seen[index - 1].processedRows <= progress.processedRows)).toBe(true);
    const issues = await api.dataSource.getRepository(WeeklyImportIssueEntity).find({ where: { importId: row.id }, order: { id: 'ASC' } });
    expect(issues).toHaveLength(20_998);
    expect(issues.every((issue, index) => index === 0 || issues[index - 1].rowNumber < issue.rowNumber)).toBe(true);
    expect(issues.find((issue) => issue.rowNumber === 15_001)).toMatchObject({
      reason: 'duplicate_row',
      message: 'Повтор: организация «WI-004» и неделя 2025-W36 уже есть в строке 5001',
    });
    expect(await api.dataSource.getRepository(WeeklyReportEntity).find({ where: { organizationId: organization.id }, order: { weekStart: 'ASC' } })).toEqual([
      expect.objectContaining({ weekStart: '2025-09-01', staffWrote: 5 }),
      expect.objectContaining({ weekStart: '2025-09-08', staffWrote: 7 }),
    ]);
  });

  it('the SQL ceiling check agrees with checkWeeklyValues (libs/domain) on boundary and random reports', async () => {
    const ds = api.dataSource;
    const random = (max: number) => Math.floor(Math.random() * (max + 1));
    const maybe = <T>(value: T): T | null => (Math.random() < 0.3 ? null : value);
    const cases: { code: string; headcounts: WeekHeadcounts; stored: Partial<Record<Measure, number | null>> | null; file: Partial<Record<Measure, number | null>> }[] = [];
    const headcountRows: Partial<OrganizationHeadcountEntity>[] = [];
    // Boundaries first (equal to the ceiling, zero ceilings, Sferum total missing or from the stored report), then random reports.
    const none = Object.fromEntries(MEASURES.map((measure) => [measure, null])) as Record<Measure, number | null>;
    const fixed: { headcounts: WeekHeadcounts; stored: Record<Measure, number | null> | null; file: Record<Measure, number | null> }[] = [
      { headcounts: { staffStat: 10, studentsStat: 5, actualHeadcountMinistry: 3 }, stored: null, file: { ...none, staff_wrote: 10, students_active: 5, parents_active: 5, officials_wrote: 3 } },
      { headcounts: { staffStat: 10, studentsStat: 5, actualHeadcountMinistry: 3 }, stored: null, file: { ...none, staff_wrote: 11, students_active: 6, parents_active: 6, officials_wrote: 4 } },
      { headcounts: { staffStat: 0, studentsStat: 0, actualHeadcountMinistry: 0 }, stored: null, file: { ...none, staff_wrote: 0, students_active: 1 } },
      { headcounts: { staffStat: null, studentsStat: null, actualHeadcountMinistry: null }, stored: null, file: { ...none, staff_wrote: 9999, sferum_in_max: 7 } },
      { headcounts: { staffStat: null, studentsStat: null, actualHeadcountMinistry: null }, stored: { ...none, sferum_total: 5 }, file: { ...none, sferum_in_max: 6 } },
      { headcounts: { staffStat: null, studentsStat: null, actualHeadcountMinistry: null }, stored: { ...none, sferum_in_max: 5, sferum_total: 5 }, file: { ...none, sferum_total: 4 } },
    ];
    for (let index = 0; index < 150; index++) {
      const code = `AG-${String(index).padStart(3, '0')}`;
      const organization = await makeOrganization(ds, { code, kind: 'school', parentId: department.id });
      const headcounts: WeekHeadcounts = fixed[index]?.headcounts ?? { staffStat: maybe(random(60)), studentsStat: maybe(random(400)), actualHeadcountMinistry: maybe(random(20)) };
      for (const [kind, value] of [['staff_stat', headcounts.staffStat], ['students_stat', headcounts.studentsStat], ['actual_headcount_ministry', headcounts.actualHeadcountMinistry]] as const) {
        if (value !== null) headcountRows.push({ organizationId: organization.id, kind, value, effectiveFrom: '2025-09-01', createdBy: null });
      }
      const valuesOf = () => Object.fromEntries(MEASURES.map((measure) => [measure, maybe(random(measure.startsWith('s') && measure !== 'staff_wrote' ? 500 : 70))]));
      const stored = fixed[index] ? fixed[index].stored : Math.random() < 0.4 ? valuesOf() : null;
      if (stored) {
        // Stored reports are valid ones (entry checks them); the fixed ones are chosen valid.
        const clean = Object.fromEntries(MEASURES.map((measure) => [measure, null])) as Record<Measure, number | null>;
        for (const measure of MEASURES) {
          clean[measure] = stored[measure];
          if (checkWeeklyValues(clean, headcounts).length) clean[measure] = null;
        }
        Object.assign(stored, clean);
        await makeWeeklyReport(ds, {
          organizationId: organization.id,
          weekStart: '2025-09-15',
          staffWrote: clean.staff_wrote,
          studentsActive: clean.students_active,
          parentsActive: clean.parents_active,
          sferumInMax: clean.sferum_in_max,
          sferumTotal: clean.sferum_total,
          officialsWrote: clean.officials_wrote,
        });
      }
      cases.push({ code, headcounts, stored, file: fixed[index]?.file ?? valuesOf() });
    }
    await ds.getRepository(OrganizationHeadcountEntity).insert(headcountRows);
    const lines = [['Код организации', 'Неделя', ...MEASURES].join(';'), ...cases.map((c) => [c.code, '2025-W38', ...MEASURES.map((m) => c.file[m] ?? '')].join(';'))];
    const { done, created } = await upload('controller', 'agree.csv', Buffer.from(lines.join('\n')));
    expect(done.status).toBe('done');
    const issues = await ds.getRepository(WeeklyImportIssueEntity).find({ where: { importId: created.id }, order: { rowNumber: 'ASC', id: 'ASC' } });
    const headerOf = new Map(MEASURES.map((measure) => [MEASURE_HEADERS[measure], measure]));
    const actual = cases.map((_, index) => issues.filter((issue) => issue.rowNumber === index + 2).map((issue) => headerOf.get(issue.column ?? '')));
    const expected = cases.map((c) => {
      const merged = Object.fromEntries(MEASURES.map((measure) => [measure, c.file[measure] ?? c.stored?.[measure] ?? null]));
      return checkWeeklyValues(merged, c.headcounts).map((issue) => issue.measure);
    });
    expect(actual).toEqual(expected);
    // Both outcomes occur, so the comparison means something.
    expect(expected.filter((measures) => measures.length).length).toBeGreaterThan(10);
    expect(expected.filter((measures) => !measures.length).length).toBeGreaterThan(10);
    expect(done.rejectedRows).toBe(expected.filter((measures) => measures.length).length);
  });
});
