import { AuditLogEntity, WeeklyReportEntity, WeeklyReportRevisionEntity } from '@karta/db';
import type { ReportingMatrixDto, WeeklyReportDto } from '@karta/contracts';
import { addDays, formatIsoWeek, isoWeekOf, isoWeekStart, type LocalDate, toLocalDate } from '@karta/domain';
import { startTestApi, type TestApi } from '../../testing/test-api';
import { type IndicatorFixture, indicatorFixture, queuedComputations, type Who } from './fixture';

jest.setTimeout(120_000);

/** Weeks relative to now (Europe/Moscow), as the API's clock sees them. */
const current = isoWeekStart(isoWeekOf(toLocalDate(new Date())));
const week = (weeksAgo: number): { start: LocalDate; key: string } => {
  const start = addDays(current, -7 * weeksAgo);
  return { start, key: formatIsoWeek(isoWeekOf(start)) };
};
const thisWeek = week(0);
const lastWeek = week(1);
const twoWeeksAgo = week(2);

describe('weekly reports API (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let fx: IndicatorFixture;

  beforeAll(async () => {
    api = await startTestApi();
    fx = await indicatorFixture(api);
  });

  afterAll(() => api.close());

  const url = (organizationId: string, key: string) => `/api/weekly-reports/${organizationId}/${key}`;
  const get = (who: Who, organizationId: string, key: string) => fx.call(who, { url: url(organizationId, key) });
  const put = (who: Who, organizationId: string, key: string, values: Record<string, unknown>, version: number) =>
    fx.call(who, { method: 'PUT', url: url(organizationId, key), payload: { values, version } });
  const fieldErrors = (response: { json: () => { fieldErrors: unknown } }) => response.json().fieldErrors;

  describe('entry by the organization’s coordinator', () => {
    it('shows an empty week with the headcounts in force, the applying indicators with the week’s target, editable', async () => {
      const response = await get('coordinator', fx.tree.school1.id, thisWeek.key);
      expect(response.statusCode).toBe(200);
      const body = response.json<WeeklyReportDto>();
      expect(body).toMatchObject({
        organization: { id: fx.tree.school1.id, code: 'IX-S1', kind: 'school' },
        weekStart: thisWeek.start,
        weekKey: thisWeek.key,
        values: { staff_wrote: null, students_active: null, parents_active: null, sferum_in_max: null, sferum_total: null, officials_wrote: null },
        source: null,
        updatedAt: null,
        updatedBy: null,
        version: 0,
        headcounts: { staffStat: 40, studentsStat: 200, actualHeadcountMinistry: null },
        editable: true,
        history: [],
      });
      expect(body.indicators).toEqual([
        { id: fx.staff.id, code: 'staff_weekly_writers', name: fx.staff.name, numeratorMeasures: ['staff_wrote'], denominatorSource: 'staff_stat', target: 0.75 },
        expect.objectContaining({ id: fx.parents.id, target: 0.05 }),
        expect.objectContaining({ id: fx.sferum.id, target: 1 }),
      ]);
    });

    it('saves the week: values, version, source and author, one revision with the changes, audited, the week queued for computing', async () => {
      const response = await put('coordinator', fx.tree.school1.id, thisWeek.key, { staff_wrote: 12, students_active: 150 }, 0);
      expect(response.statusCode).toBe(200);
      const body = response.json<WeeklyReportDto>();
      expect(body).toMatchObject({
        values: { staff_wrote: 12, students_active: 150, parents_active: null },
        source: 'entry',
        version: 1,
        updatedBy: { id: fx.users.coordinator.id, fullName: 'Пользователь coordinator' },
      });
      expect(body.history).toEqual([
        { id: expect.any(String), recordedAt: expect.any(String), source: 'entry', author: { id: fx.users.coordinator.id, fullName: 'Пользователь coordinator' }, importId: null, changes: { staff_wrote: [null, 12], students_active: [null, 150] } },
      ]);
      const audit = await api.dataSource.getRepository(AuditLogEntity).findBy({ action: 'weekly_report.saved' });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: fx.users.coordinator.id,
        entityType: 'weekly_report',
        entityId: `${fx.tree.school1.id}/${thisWeek.key}`,
        organizationId: fx.tree.school1.id,
        before: { staff_wrote: null, students_active: null },
        after: { staff_wrote: 12, students_active: 150 },
      });
      expect(await queuedComputations(api)).toContainEqual({ data: { weekStart: thisWeek.start }, delay: 2_000 });
    });

    it('writes nothing when nothing changed, and answers 409 to a stale version', async () => {
      const same = await put('coordinator', fx.tree.school1.id, thisWeek.key, { staff_wrote: 12 }, 1);
      expect(same.statusCode).toBe(200);
      expect(same.json<WeeklyReportDto>().version).toBe(1);
      expect(await api.dataSource.getRepository(WeeklyReportRevisionEntity).countBy({ organizationId: fx.tree.school1.id })).toBe(1);
      const stale = await put('coordinator', fx.tree.school1.id, thisWeek.key, { staff_wrote: 13 }, 0);
      expect(stale.statusCode).toBe(409);
      const report = await api.dataSource.getRepository(WeeklyReportEntity).findOneByOrFail({ organizationId: fx.tree.school1.id, weekStart: thisWeek.start });
      expect(report.staffWrote).toBe(12);
    });

    it('rejects values above their ceilings with Russian messages naming the ceiling, on values.<measure>', async () => {
      const response = await put('coordinator', fx.tree.school1.id, thisWeek.key, { staff_wrote: 41, parents_active: 201, sferum_in_max: 10, sferum_total: 5 }, 1);
      expect(response.statusCode).toBe(400);
      expect(fieldErrors(response)).toEqual([
        { field: 'values.staff_wrote', messages: ['Не больше численности работников по формам статнаблюдения (40)'] },
        { field: 'values.parents_active', messages: ['Не больше численности обучающихся по формам статнаблюдения (200)'] },
        { field: 'values.sferum_in_max', messages: ['Не больше числа всех пользователей «Сферума» организации (5)'] },
      ]);
      // At the ceiling is fine.
      expect((await put('coordinator', fx.tree.school1.id, thisWeek.key, { staff_wrote: 40 }, 1)).json<WeeklyReportDto>().version).toBe(2);
    });

    it('rejects unknown measures, negative and fractional counts, and a missing version', async () => {
      const fields = async (body: Record<string, unknown>) => {
        const response = await fx.call('coordinator', { method: 'PUT', url: url(fx.tree.school1.id, thisWeek.key), payload: body });
        expect(response.statusCode).toBe(400);
        return (fieldErrors(response) as { field: string }[]).map((error) => error.field);
      };
      expect(await fields({ values: { staff_wrote: 1, teachers_wrote: 3 }, version: 2 })).toEqual(['values.teachers_wrote']);
      expect(await fields({ values: { staff_wrote: -1, students_active: 1.5 }, version: 2 })).toEqual(['values.staff_wrote', 'values.students_active']);
      expect(await fields({ values: { staff_wrote: '3' }, version: 2 })).toEqual(['values.staff_wrote']);
      expect(await fields({ values: {} })).toEqual(['version']);
    });

    it('clears a value with null and keeps the history newest first', async () => {
      const response = await put('coordinator', fx.tree.school1.id, thisWeek.key, { students_active: null }, 2);
      expect(response.statusCode).toBe(200);
      const body = response.json<WeeklyReportDto>();
      expect(body.values).toMatchObject({ staff_wrote: 40, students_active: null });
      expect(body.version).toBe(3);
      expect(body.history.map((revision) => revision.changes)).toEqual([{ students_active: [150, null] }, { staff_wrote: [12, 40] }, { staff_wrote: [null, 12], students_active: [null, 150] }]);
      // Stored as a before and an after column per measure: the cleared value's after is null, and the
      // unchanged staff_wrote (40) has both sides null.
      const latest = await api.dataSource.getRepository(WeeklyReportRevisionEntity).findOneByOrFail({ id: body.history[0].id });
      expect(latest).toMatchObject({ studentsActiveBefore: 150, studentsActiveAfter: null, staffWroteBefore: null, staffWroteAfter: null });
    });

    it('allows the last week, refuses two weeks ago (403) and future weeks (400), and other organizations (404)', async () => {
      expect((await put('coordinator', fx.tree.school1.id, lastWeek.key, { staff_wrote: 5 }, 0)).statusCode).toBe(200);
      expect((await put('coordinator', fx.tree.school1.id, twoWeeksAgo.key, { staff_wrote: 5 }, 0)).statusCode).toBe(403);
      expect((await get('coordinator', fx.tree.school1.id, twoWeeksAgo.key)).json<WeeklyReportDto>().editable).toBe(false);
      const future = await put('coordinator', fx.tree.school1.id, week(-1).key, { staff_wrote: 5 }, 0);
      expect(future.statusCode).toBe(400);
      expect(fieldErrors(future)).toEqual([{ field: 'week', messages: ['Неделя ещё не наступила'] }]);
      expect((await put('coordinator2', fx.tree.school1.id, thisWeek.key, { staff_wrote: 5 }, 3)).statusCode).toBe(404);
      expect((await get('coordinator2', fx.tree.school1.id, thisWeek.key)).statusCode).toBe(404);
      expect((await get('otherController', fx.tree.school1.id, thisWeek.key)).statusCode).toBe(404);
      expect((await get('coordinator', fx.tree.school1.id, '2025-36')).statusCode).toBe(400);
    });

    it('lets an observer read but not enter (403)', async () => {
      const read = await get('observer', fx.tree.school1.id, thisWeek.key);
      expect(read.statusCode).toBe(200);
      expect(read.json<WeeklyReportDto>().editable).toBe(false);
      expect((await put('observer', fx.tree.school1.id, thisWeek.key, { staff_wrote: 1 }, 3)).statusCode).toBe(403);
    });
  });

  describe('corrections by the department', () => {
    it('lets department staff correct any past week of the subtree since the roadmap start, not before it', async () => {
      const response = await put('staff', fx.tree.school2.id, twoWeeksAgo.key, { staff_wrote: 20 }, 0);
      expect(response.statusCode).toBe(200);
      expect(response.json<WeeklyReportDto>()).toMatchObject({ editable: true, updatedBy: { id: fx.users.staff.id } });
      expect((await put('staff', fx.tree.school2.id, '2025-W36', { staff_wrote: 3 }, 0)).statusCode).toBe(200);
      // The roadmap's order is dated 2025-08-01 (week 31): week 30 is before it.
      const before = await put('staff', fx.tree.school2.id, '2025-W30', { staff_wrote: 3 }, 0);
      expect(before.statusCode).toBe(400);
      expect(fieldErrors(before)).toEqual([{ field: 'week', messages: ['Неделя раньше начала дорожной карты'] }]);
      expect((await put('staff', fx.tree.school2.id, thisWeek.key, { staff_wrote: 21 }, 0)).statusCode).toBe(400);
      expect((await put('staff', fx.tree.otherSchool.id, thisWeek.key, { staff_wrote: 1 }, 0)).statusCode).toBe(404);
      expect((await put('staff', fx.tree.kindergarten.id, lastWeek.key, { staff_wrote: 7 }, 0)).statusCode).toBe(200);
    });
  });

  describe('GET /api/weekly-reports/status', () => {
    const status = async (who: Who, query: string) => {
      const response = await fx.call(who, { url: `/api/weekly-reports/status?roadmapId=${fx.roadmap.id}${query}` });
      expect(response.statusCode).toBe(200);
      return response.json<ReportingMatrixDto>();
    };

    it('shows who reported which week, and whether every measure their indicators need is there', async () => {
      const body = await status('controller', `&from=${twoWeeksAgo.key}&to=${thisWeek.key}`);
      expect(body.weeks.map((entry) => entry.weekKey)).toEqual([twoWeeksAgo.key, lastWeek.key, thisWeek.key]);
      expect(body.total).toBe(3);
      const cells = Object.fromEntries(body.rows.map((row) => [row.organization.code, row.cells.map((cell) => cell && { source: cell.source, complete: cell.complete })]));
      expect(cells).toEqual({
        // A kindergarten needs only staff writing: complete.
        'IX-K1': [null, { source: 'entry', complete: true }, null],
        // A school needs staff, students, parents and Sferum numbers: incomplete.
        'IX-S1': [null, { source: 'entry', complete: false }, { source: 'entry', complete: false }],
        'IX-S2': [{ source: 'entry', complete: false }, null, null],
      });
      expect(Date.parse(body.rows[1].cells[2]?.updatedAt ?? '')).toBeGreaterThan(Date.now() - 120_000);
    });

    it('limits an organization role to itself, pages, and 404s another district', async () => {
      const own = await status('coordinator', '');
      expect(own.rows.map((row) => row.organization.code)).toEqual(['IX-S1']);
      expect(own.weeks).toHaveLength(12);
      const page = await status('controller', '&pageSize=2&page=2');
      expect(page).toMatchObject({ total: 3, page: 2, pageSize: 2 });
      expect(page.rows.map((row) => row.organization.code)).toEqual(['IX-S2']);
      expect((await fx.call('otherController', { url: `/api/weekly-reports/status?roadmapId=${fx.roadmap.id}` })).statusCode).toBe(404);
      expect((await fx.call('controller', { url: `/api/weekly-reports/status?roadmapId=${fx.roadmap.id}&organizationId=${fx.tree.otherDepartment.id}` })).statusCode).toBe(404);
    });
  });
  describe('POST /api/weekly-reports/batch', () => {
    const batch = (who: Who, reports: Record<string, unknown>[]) => fx.call(who, { method: 'POST', url: '/api/weekly-reports/batch', payload: { reports } });

    it('applies many organizations and weeks at once (source api), skipping unchanged rows, one revision and audit entry per change', async () => {
      const response = await batch('staff', [
        { organizationId: fx.tree.school1.id, week: lastWeek.key, values: { students_active: 100, parents_active: 50 } },
        { organizationId: fx.tree.kindergarten.id, week: twoWeeksAgo.key, values: { staff_wrote: 3 } },
        { organizationId: fx.tree.school2.id, week: twoWeeksAgo.key, values: { staff_wrote: 20 }, version: 1 },
      ]);
      expect(response.statusCode).toBe(200);
      expect(response.json()).toEqual({ applied: 2, unchanged: 1 });
      const report = await api.dataSource.getRepository(WeeklyReportEntity).findOneByOrFail({ organizationId: fx.tree.school1.id, weekStart: lastWeek.start });
      expect(report).toMatchObject({ staffWrote: 5, studentsActive: 100, parentsActive: 50, source: 'api', updatedBy: fx.users.staff.id, version: 2 });
      const body = (await get('controller', fx.tree.school1.id, lastWeek.key)).json<WeeklyReportDto>();
      expect(body.history[0]).toMatchObject({ source: 'api', author: { id: fx.users.staff.id }, changes: { students_active: [null, 100], parents_active: [null, 50] } });
      const kindergarten = await api.dataSource.getRepository(WeeklyReportEntity).findOneByOrFail({ organizationId: fx.tree.kindergarten.id, weekStart: twoWeeksAgo.start });
      expect(kindergarten).toMatchObject({ staffWrote: 3, source: 'api', version: 1 });
      expect(await api.dataSource.getRepository(WeeklyReportRevisionEntity).countBy({ organizationId: fx.tree.school2.id, weekStart: twoWeeksAgo.start })).toBe(1);
      expect(await api.dataSource.getRepository(AuditLogEntity).countBy({ action: 'weekly_report.saved', actorId: fx.users.staff.id, entityId: `${fx.tree.kindergarten.id}/${twoWeeksAgo.key}` })).toBe(1);
      const queued = (await queuedComputations(api)).map((job) => job.data);
      expect(queued).toEqual(expect.arrayContaining([{ weekStart: lastWeek.start }, { weekStart: twoWeeksAgo.start }]));
    });

    it('rejects the whole batch with a field error per bad row and writes nothing', async () => {
      const revisions = await api.dataSource.getRepository(WeeklyReportRevisionEntity).count();
      const response = await batch('staff', [
        { organizationId: fx.tree.school2.id, week: lastWeek.key, values: { staff_wrote: 1 } },
        { organizationId: fx.tree.otherSchool.id, week: thisWeek.key, values: { staff_wrote: 1 } },
        { organizationId: fx.tree.school1.id, week: week(-1).key, values: { staff_wrote: 1 } },
        { organizationId: fx.tree.school2.id, week: lastWeek.key, values: { staff_wrote: 2 } },
      ]);
      expect(response.statusCode).toBe(400);
      expect(fieldErrors(response)).toEqual([
        { field: 'reports.1.organizationId', messages: ['Организация не найдена'] },
        { field: 'reports.2.week', messages: ['Неделя ещё не наступила'] },
        { field: 'reports.3.week', messages: ['Эта организация и неделя уже есть в пакете'] },
      ]);
      const ceilings = await batch('staff', [
        { organizationId: fx.tree.school2.id, week: lastWeek.key, values: { staff_wrote: 1 } },
        { organizationId: fx.tree.school1.id, week: thisWeek.key, values: { staff_wrote: 41 } },
        { organizationId: fx.tree.school2.id, week: twoWeeksAgo.key, values: { staff_wrote: 2 }, version: 0 },
      ]);
      expect(ceilings.statusCode).toBe(400);
      expect(fieldErrors(ceilings)).toEqual([
        { field: 'reports.1.values.staff_wrote', messages: ['Не больше численности работников по формам статнаблюдения (40)'] },
        { field: 'reports.2.version', messages: [expect.stringContaining('изменил другой пользователь')] },
      ]);
      expect(await api.dataSource.getRepository(WeeklyReportRevisionEntity).count()).toBe(revisions);
      expect(await api.dataSource.getRepository(WeeklyReportEntity).countBy({ organizationId: fx.tree.school2.id, weekStart: lastWeek.start })).toBe(0);
    });

    it('holds organization roles to their own organization and the last two weeks, and observers out', async () => {
      const response = await batch('coordinator', [
        { organizationId: fx.tree.school1.id, week: twoWeeksAgo.key, values: { staff_wrote: 1 } },
        { organizationId: fx.tree.school2.id, week: thisWeek.key, values: { staff_wrote: 1 } },
      ]);
      expect(response.statusCode).toBe(400);
      expect((fieldErrors(response) as { field: string }[]).map((error) => error.field)).toEqual(['reports.0.week', 'reports.1.organizationId']);
      expect((await batch('observer', [{ organizationId: fx.tree.school1.id, week: thisWeek.key, values: { staff_wrote: 1 } }])).statusCode).toBe(403);
      const unknown = await batch('staff', [{ organizationId: fx.tree.school1.id, week: thisWeek.key, values: { teachers: 1 } }]);
      expect((fieldErrors(unknown) as { field: string }[]).map((error) => error.field)).toEqual(['reports.0.values.teachers']);
    });
  });
});
