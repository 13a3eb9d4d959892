import { AuditLogEntity, type IndicatorEntity, IndicatorRollupEntity, IndicatorSnapshotEntity, IndicatorTargetEntity } from '@karta/db';
import { makeIndicator } from '@karta/testing';
import type { IndicatorDto, IndicatorMatrixDto, IndicatorRecomputationDto, IndicatorSeriesDto, OrganizationIndicatorRow, Page, WeekSummaryDto } from '@karta/contracts';
import { startTestApi, type TestApi } from '../../testing/test-api';
import { type IndicatorFixture, indicatorFixture, queuedRecomputations } from './fixture';

// Real argon2 hashing and sign-ins for seven users take a while on a shared machine.
jest.setTimeout(120_000);

const W36 = '2025-09-01';
const W37 = '2025-09-08';
const computedAt = new Date('2025-09-15T03:00:00Z');

type CellValues = Pick<IndicatorSnapshotEntity, 'numerator' | 'denominator' | 'share' | 'target' | 'status' | 'gap' | 'change'>;

/** A snapshot as the worker would write it: share = numerator / denominator, gap = target − share when below. */
function cell(numerator: number, denominator: number, target: number): CellValues {
  const share = numerator / denominator;
  return share >= target
    ? { numerator, denominator, share, target, status: 'met', gap: 0, change: null }
    : { numerator, denominator, share, target, status: 'not_met', gap: target - share, change: null };
}

describe('indicators API (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let fx: IndicatorFixture;
  /** Evaluated on the department itself (its officials), so the department's own snapshot, not a rollup. */
  let officials: IndicatorEntity;

  beforeAll(async () => {
    api = await startTestApi();
    fx = await indicatorFixture(api);
    const { tree, staff } = fx;
    officials = await makeIndicator(api.dataSource, {
      roadmapId: fx.roadmap.id,
      code: 'officials_weekly',
      name: 'Доля должностных лиц, писавших за неделю',
      numeratorMeasures: ['officials_wrote'],
      denominatorSource: 'actual_headcount_ministry',
      organizationKinds: ['department'],
      sortOrder: 4,
      targets: [{ effectiveFrom: '2025-09-01', target: 1 }],
    });
    await api.dataSource.getRepository(IndicatorSnapshotEntity).insert({ indicatorId: officials.id, organizationId: tree.department.id, weekStart: W37, computedAt, ...cell(4, 5, 1) });
    // The department is evaluated itself for officials: its rollup counts it (and nobody else here).
    await api.dataSource.getRepository(IndicatorRollupEntity).insert({
      indicatorId: officials.id,
      organizationId: tree.department.id,
      weekStart: W37,
      computedAt,
      ...cell(4, 5, 1),
      reportedDenominator: 5,
      organizationsTotal: 1,
      organizationsReported: 1,
      organizationsMet: 0,
      organizationsNotMet: 1,
      organizationsNoData: 0,
      organizationsNoDenominator: 0,
    });
    const snapshot = (organizationId: string, weekStart: string, values: CellValues) => ({ indicatorId: staff.id, organizationId, weekStart, computedAt, ...values });
    await api.dataSource.getRepository(IndicatorSnapshotEntity).insert([
      snapshot(tree.school1.id, W37, cell(8, 40, 0.15)), // 20 % — met
      snapshot(tree.school2.id, W37, cell(2, 20, 0.15)), // 10 % — 5 points short
      snapshot(tree.kindergarten.id, W37, cell(1, 20, 0.15)), // 5 % — 10 points short
      snapshot(tree.otherSchool.id, W37, cell(9, 10, 0.15)),
    ]);
    const rollup = (organizationId: string, values: CellValues, counts: [number, number, number, number]) => ({
      indicatorId: staff.id,
      organizationId,
      weekStart: W37,
      computedAt,
      ...values,
      reportedDenominator: values.denominator,
      organizationsTotal: counts[0],
      organizationsReported: counts[0] - counts[3],
      organizationsMet: counts[1],
      organizationsNotMet: counts[2],
      organizationsNoData: counts[3],
      organizationsNoDenominator: 0,
    });
    await api.dataSource.getRepository(IndicatorRollupEntity).insert([
      // 8 + 2 + 1 of 40 + 20 + 20 = 11/80 = 13.75 %, one of three met.
      rollup(tree.department.id, cell(11, 80, 0.15), [3, 1, 2, 0]),
      rollup(tree.region.id, cell(20, 90, 0.15), [4, 2, 2, 0]),
    ]);
  });

  afterAll(() => api.close());

  describe('GET /api/indicators', () => {
    it('lists the roadmap’s indicators with stages oldest first and the actions they close', async () => {
      const response = await fx.call('controller', { url: `/api/indicators?roadmapId=${fx.roadmap.id}` });
      expect(response.statusCode).toBe(200);
      const indicators = response.json<IndicatorDto[]>();
      expect(indicators.map((indicator) => indicator.code)).toEqual(['staff_weekly_writers', 'parents_weekly_active', 'sferum_in_max', 'officials_weekly']);
      expect(indicators[0]).toEqual({
        id: fx.staff.id,
        roadmapId: fx.roadmap.id,
        code: 'staff_weekly_writers',
        name: fx.staff.name,
        description: null,
        numeratorMeasures: ['staff_wrote'],
        denominatorSource: 'staff_stat',
        organizationKinds: ['school', 'kindergarten'],
        targets: [
          { effectiveFrom: '2025-09-01', target: 0.15, organizationKinds: null },
          { effectiveFrom: '2025-10-06', target: 0.75, organizationKinds: null },
        ],
        actionNumbers: [2, 4],
        targetsUpdatedAt: null,
        targetsUpdatedBy: null,
      });
      expect(indicators[1].actionNumbers).toEqual([5]);
      expect(indicators[2].actionNumbers).toEqual([]);
    });

    it('shows a school its department’s roadmap, hides it from another district (404) and rejects a bad id (400)', async () => {
      expect((await fx.call('coordinator', { url: `/api/indicators?roadmapId=${fx.roadmap.id}` })).statusCode).toBe(200);
      expect((await fx.call('otherController', { url: `/api/indicators?roadmapId=${fx.roadmap.id}` })).statusCode).toBe(404);
      const bad = await fx.call('controller', { url: '/api/indicators?roadmapId=nope' });
      expect(bad.statusCode).toBe(400);
      expect(bad.json().fieldErrors[0].field).toBe('roadmapId');
    });
  });

  describe('PUT /api/indicators/:id/targets', () => {
    const put = (who: Parameters<IndicatorFixture['call']>[0], targets: unknown, id = fx.staff.id) =>
      fx.call(who, { method: 'PUT', url: `/api/indicators/${id}/targets`, payload: { targets } });

    it('rejects bad stages with field paths and writes nothing', async () => {
      const fields = async (targets: unknown) => {
        const response = await put('controller', targets);
        expect(response.statusCode).toBe(400);
        return response.json<{ fieldErrors: { field: string }[] }>().fieldErrors.map((error) => error.field);
      };
      expect(await fields([{ effectiveFrom: '2025-09-01', target: 0.15 }, { effectiveFrom: '2025-09-02', target: 0.5 }])).toEqual(['targets.1.effectiveFrom']);
      expect(await fields([{ effectiveFrom: '2025-09-01', target: 1.5 }])).toEqual(['targets.0.target']);
      expect(await fields([{ effectiveFrom: '2025-09-01', target: 0.12345 }])).toEqual(['targets.0.target']);
      expect(await fields([])).toEqual(['targets']);
      expect(await fields(Array.from({ length: 21 }, (_, i) => ({ effectiveFrom: formatMonday(i), target: 0.5 })))).toEqual(['targets']);
      expect(await fields([{ effectiveFrom: '2025-09-01', target: 0.1 }, { effectiveFrom: '2025-09-01', target: 0.2 }])).toEqual(['targets.1.effectiveFrom']);
      expect(await fields([{ effectiveFrom: '2025-09-01', target: 0.1, extra: 1 }])).toEqual(['targets.0.extra']);
      expect(await api.dataSource.getRepository(IndicatorTargetEntity).countBy({ indicatorId: fx.staff.id })).toBe(2);
    });

    it('answers 403 without indicators.configure and 404 outside the owner’s scope', async () => {
      const stages = [{ effectiveFrom: '2025-09-01', target: 0.2 }];
      expect((await put('coordinator', stages)).statusCode).toBe(403);
      expect((await put('observer', stages)).statusCode).toBe(403);
      expect((await put('staff', stages)).statusCode).toBe(403);
      expect((await put('otherController', stages)).statusCode).toBe(404);
    });

    it('replaces the stages, audits before → after, records who, and queues a recompute from the earliest changed week', async () => {
      const stages = [
        { effectiveFrom: '2025-11-03', target: 0.5 },
        { effectiveFrom: '2025-09-01', target: 0.15 },
      ];
      const response = await put('controller', stages);
      expect(response.statusCode).toBe(200);
      const body = response.json<IndicatorDto>();
      expect(body.targets).toEqual([
        { effectiveFrom: '2025-09-01', target: 0.15, organizationKinds: null },
        { effectiveFrom: '2025-11-03', target: 0.5, organizationKinds: null },
      ]);
      expect(body.targetsUpdatedBy).toEqual({ id: fx.users.controller.id, fullName: 'Пользователь controller' });
      expect(Date.parse(body.targetsUpdatedAt ?? '')).toBeGreaterThan(Date.now() - 60_000);

      const audit = await api.dataSource.getRepository(AuditLogEntity).findBy({ action: 'indicator.targets_updated', entityId: fx.staff.id });
      expect(audit).toHaveLength(1);
      expect(audit[0]).toMatchObject({
        actorId: fx.users.controller.id,
        entityType: 'indicator',
        organizationId: fx.tree.department.id,
        before: {
          targets: [
            { effectiveFrom: '2025-09-01', target: 0.15, organizationKinds: null },
            { effectiveFrom: '2025-10-06', target: 0.75, organizationKinds: null },
          ],
        },
        after: {
          targets: [
            { effectiveFrom: '2025-09-01', target: 0.15, organizationKinds: null },
            { effectiveFrom: '2025-11-03', target: 0.5, organizationKinds: null },
          ],
        },
      });

      // The 75 % stage of 6 October went away: weeks from then on to the current one are recomputed,
      // by a recomputation whose progress the screen reads, queued for the worker.
      const recomputation = (await fx.call('controller', { url: `/api/indicators/recomputation?roadmapId=${fx.roadmap.id}` })).json<IndicatorRecomputationDto>();
      expect(recomputation).toMatchObject({ roadmapId: fx.roadmap.id, reason: 'targets', fromWeek: '2025-10-06', toWeek: null, status: 'queued', weeksDone: 0 });
      expect(await queuedRecomputations(api)).toEqual([{ recomputationId: recomputation.id }]);
      expect((await fx.call('otherController', { url: `/api/indicators/recomputation?roadmapId=${fx.roadmap.id}` })).statusCode).toBe(404);

      // The same stages again change nothing: no audit entry.
      expect((await put('controller', stages)).statusCode).toBe(200);
      expect(await api.dataSource.getRepository(AuditLogEntity).countBy({ action: 'indicator.targets_updated', entityId: fx.staff.id })).toBe(1);
    });
  });

  describe('GET /api/indicators/summary', () => {
    const summary = (who: Parameters<IndicatorFixture['call']>[0], query = '') =>
      fx.call(who, { url: `/api/indicators/summary?roadmapId=${fx.roadmap.id}&week=2025-W37${query}` });

    it('gives the department its rollups (default: the caller’s organization) and no children', async () => {
      const response = await summary('controller');
      expect(response.statusCode).toBe(200);
      const body = response.json<WeekSummaryDto>();
      expect(body).toMatchObject({ weekStart: W37, weekKey: '2025-W37', organization: { id: fx.tree.department.id, kind: 'department' }, computedAt: computedAt.toISOString(), children: [] });
      expect(body.indicators.map((entry) => entry.indicator.code)).toEqual(['staff_weekly_writers', 'parents_weekly_active', 'sferum_in_max', 'officials_weekly']);
      expect(body.indicators[0].rollup).toEqual({
        numerator: 11,
        denominator: 80,
        share: 0.1375,
        target: 0.15,
        status: 'not_met',
        gap: 0.15 - 0.1375,
        change: null,
        reportedDenominator: 80,
        reportedShare: 0.1375,
        organizationsTotal: 3,
        organizationsReported: 3,
        organizationsMet: 1,
        organizationsNotMet: 2,
        organizationsNoData: 0,
        organizationsNoDenominator: 0,
      });
      expect(body.indicators[1].rollup).toBeNull();
      // The officials' indicator evaluates the department itself: its rollup counts it.
      expect(body.indicators[3].rollup).toEqual({
        numerator: 4,
        denominator: 5,
        share: 0.8,
        target: 1,
        status: 'not_met',
        gap: 1 - 0.8,
        change: null,
        reportedDenominator: 5,
        reportedShare: 0.8,
        organizationsTotal: 1,
        organizationsReported: 1,
        organizationsMet: 0,
        organizationsNotMet: 1,
        organizationsNoData: 0,
        organizationsNoDenominator: 0,
      });
    });

    it('gives the region its districts as children', async () => {
      const body = (await summary('admin', `&organizationId=${fx.tree.region.id}`)).json<WeekSummaryDto>();
      expect(body.indicators[0].rollup).toMatchObject({ numerator: 20, denominator: 90, organizationsTotal: 4 });
      expect(body.children.map((child) => child.organization.id).sort()).toEqual([fx.tree.department.id, fx.tree.otherDepartment.id].sort());
      const department = body.children.find((child) => child.organization.id === fx.tree.department.id);
      expect(department?.rollups[fx.staff.id]).toMatchObject({ share: 0.1375 });
      expect(department?.rollups[officials.id]).toMatchObject({ share: 0.8, organizationsTotal: 1 });
      expect(body.children.find((child) => child.organization.id === fx.tree.otherDepartment.id)?.rollups[fx.staff.id]).toBeNull();
    });

    it('gives a school its own values, and 404 for a neighbour; a week never computed has computedAt null', async () => {
      const own = (await summary('coordinator')).json<WeekSummaryDto>();
      expect(own.organization.id).toBe(fx.tree.school1.id);
      expect(own.indicators[0].rollup).toMatchObject({ numerator: 8, denominator: 40, share: 0.2, status: 'met', organizationsTotal: 1, organizationsMet: 1 });
      expect((await summary('coordinator2', `&organizationId=${fx.tree.school1.id}`)).statusCode).toBe(404);
      const empty = (await fx.call('controller', { url: `/api/indicators/summary?roadmapId=${fx.roadmap.id}&week=2025-W40` })).json<WeekSummaryDto>();
      expect(empty.computedAt).toBeNull();
      expect((await summary('controller', '&week=2025-W99')).statusCode).toBe(400);
    });
  });

  describe('GET /api/indicators/:id/organizations', () => {
    const rows = async (who: Parameters<IndicatorFixture['call']>[0], query: string) => {
      const response = await fx.call(who, { url: `/api/indicators/${fx.staff.id}/organizations?week=2025-W37${query}` });
      expect(response.statusCode).toBe(200);
      return response.json<Page<OrganizationIndicatorRow>>();
    };

    it('lists below-target organizations by gap, largest first', async () => {
      const page = await rows('controller', '&status=not_met');
      expect(page.items.map((row) => row.organization.code)).toEqual(['IX-K1', 'IX-S2']);
      expect(page.items[0].cell).toMatchObject({ share: 0.05, gap: 0.15 - 0.05, status: 'not_met', numerator: 1, denominator: 20 });
      expect(page.total).toBe(2);
    });

    it('sorts by short name by default, pages, and limits an organization role to itself', async () => {
      const all = await rows('controller', '');
      // The closed school is left out; the other district is outside the subtree.
      expect(all.items.map((row) => row.organization.code)).toEqual(['IX-K1', 'IX-S1', 'IX-S2']);
      const second = await rows('controller', '&pageSize=1&page=2');
      expect(second).toMatchObject({ total: 3, page: 2, pageSize: 1 });
      expect(second.items.map((row) => row.organization.code)).toEqual(['IX-S1']);
      expect((await rows('controller', '&pageSize=1&page=9')).total).toBe(3);
      expect((await rows('coordinator', `&organizationId=${fx.tree.school1.id}`)).items.map((row) => row.organization.code)).toEqual(['IX-S1']);
      expect((await fx.call('coordinator', { url: `/api/indicators/${fx.staff.id}/organizations?week=2025-W37&organizationId=${fx.tree.department.id}` })).statusCode).toBe(404);
    });

    it('reads a week never computed as no data against its target', async () => {
      const body = (await fx.call('controller', { url: `/api/indicators/${fx.staff.id}/organizations?week=2025-W36&status=no_data` })).json<Page<OrganizationIndicatorRow>>();
      expect(body.total).toBe(3);
      expect(body.items[0].cell).toEqual({ numerator: null, denominator: null, share: null, target: 0.15, status: 'no_data', gap: null, change: null });
    });
  });

  describe('GET /api/indicators/:id/series', () => {
    it('gives an organization every week of the range: its snapshots, and no data where none was computed', async () => {
      const response = await fx.call('coordinator', { url: `/api/indicators/${fx.staff.id}/series?from=2025-W35&to=2025-W37` });
      expect(response.statusCode).toBe(200);
      const body = response.json<IndicatorSeriesDto>();
      expect(body.organization.id).toBe(fx.tree.school1.id);
      expect(body.points).toEqual([
        { weekStart: '2025-08-25', weekKey: '2025-W35', numerator: null, denominator: null, share: null, target: null, status: 'no_target', gap: null, change: null },
        { weekStart: W36, weekKey: '2025-W36', numerator: null, denominator: null, share: null, target: 0.15, status: 'no_data', gap: null, change: null },
        { weekStart: W37, weekKey: '2025-W37', numerator: 8, denominator: 40, share: 0.2, target: 0.15, status: 'met', gap: 0, change: null },
      ]);
    });

    it('gives an inner node its rollups, and rejects bad ranges and organizations the indicator does not cover', async () => {
      const body = (await fx.call('controller', { url: `/api/indicators/${fx.staff.id}/series?from=2025-W37&to=2025-W37` })).json<IndicatorSeriesDto>();
      expect(body.points).toEqual([expect.objectContaining({ weekKey: '2025-W37', numerator: 11, denominator: 80, share: 0.1375 })]);
      const ownSeries = (await fx.call('controller', { url: `/api/indicators/${officials.id}/series?from=2025-W37&to=2025-W37` })).json<IndicatorSeriesDto>();
      expect(ownSeries.points).toEqual([expect.objectContaining({ weekKey: '2025-W37', numerator: 4, denominator: 5, status: 'not_met' })]);
      const field = async (query: string) => {
        const response = await fx.call('controller', { url: `/api/indicators/${fx.parents.id}/series?${query}` });
        expect(response.statusCode).toBe(400);
        return response.json().fieldErrors[0].field;
      };
      expect(await field('from=2025-W40&to=2025-W37')).toBe('from');
      expect(await field('from=2024-W30&to=2025-W37')).toBe('from');
      expect(await field('from=2025-W3')).toBe('from');
      expect(await field(`organizationId=${fx.tree.kindergarten.id}&from=2025-W37&to=2025-W37`)).toBe('organizationId');
      expect((await fx.call('otherController', { url: `/api/indicators/${fx.staff.id}/series?organizationId=${fx.tree.otherSchool.id}` })).statusCode).toBe(404);
    });
  });

  describe('GET /api/indicators/:id/matrix', () => {
    it('answers organizations × weeks with null where nothing was computed', async () => {
      const response = await fx.call('controller', { url: `/api/indicators/${fx.staff.id}/matrix?from=2025-W36&to=2025-W38` });
      expect(response.statusCode).toBe(200);
      const body = response.json<IndicatorMatrixDto>();
      expect(body.weeks).toEqual([
        { weekStart: W36, weekKey: '2025-W36' },
        { weekStart: W37, weekKey: '2025-W37' },
        { weekStart: '2025-09-15', weekKey: '2025-W38' },
      ]);
      expect(body.rows.map((row) => [row.organization.code, row.cells])).toEqual([
        ['IX-K1', [null, { status: 'not_met', share: 0.05 }, null]],
        ['IX-S1', [null, { status: 'met', share: 0.2 }, null]],
        ['IX-S2', [null, { status: 'not_met', share: 0.1 }, null]],
      ]);
      expect(body).toMatchObject({ total: 3, page: 1, pageSize: 200 });
    });

    it('rounds a share down, so a share just below its target never reads as reaching it', async () => {
      const week = '2025-09-22';
      await api.dataSource.getRepository(IndicatorSnapshotEntity).insert([
        { indicatorId: fx.staff.id, organizationId: fx.tree.school1.id, weekStart: week, computedAt, ...cell(39_999, 40_000, 1) },
        { indicatorId: fx.staff.id, organizationId: fx.tree.school2.id, weekStart: week, computedAt, ...cell(29, 100, 0.15) },
      ]);
      const body = (await fx.call('controller', { url: `/api/indicators/${fx.staff.id}/matrix?from=2025-W39&to=2025-W39` })).json<IndicatorMatrixDto>();
      const shares = Object.fromEntries(body.rows.map((row) => [row.organization.code, row.cells[0]?.share]));
      // 0.999975 reads 0.9999 (not 1); 0.29, whose double times 10,000 is 2899.9999…, stays 0.29.
      expect(shares).toMatchObject({ 'IX-S1': 0.9999, 'IX-S2': 0.29 });
      await api.dataSource.getRepository(IndicatorSnapshotEntity).delete({ weekStart: week });
    });

    it('pages, caps the range and the page size, and keeps the scope', async () => {
      const page2 = (await fx.call('controller', { url: `/api/indicators/${fx.staff.id}/matrix?from=2025-W37&to=2025-W37&pageSize=2&page=2` })).json<IndicatorMatrixDto>();
      expect(page2.rows.map((row) => row.organization.code)).toEqual(['IX-S2']);
      expect(page2.total).toBe(3);
      const past = (await fx.call('controller', { url: `/api/indicators/${fx.staff.id}/matrix?from=2025-W37&to=2025-W37&pageSize=2&page=5` })).json<IndicatorMatrixDto>();
      expect(past).toMatchObject({ rows: [], total: 3 });
      const region = (await fx.call('admin', { url: `/api/indicators/${fx.staff.id}/matrix?from=2025-W37&to=2025-W37&organizationId=${fx.tree.region.id}` })).json<IndicatorMatrixDto>();
      // The indicator belongs to the department's roadmap: the other district's school is not in it.
      expect(region.rows.map((row) => row.organization.code)).toEqual(['IX-K1', 'IX-S1', 'IX-S2']);
      expect((await fx.call('controller', { url: `/api/indicators/${fx.staff.id}/matrix?pageSize=1001` })).statusCode).toBe(400);
      expect((await fx.call('controller', { url: `/api/indicators/${fx.staff.id}/matrix?from=2024-W01&to=2025-W02` })).statusCode).toBe(400);
      expect((await fx.call('coordinator2', { url: `/api/indicators/${fx.staff.id}/matrix?organizationId=${fx.tree.school1.id}` })).statusCode).toBe(404);
      const own = (await fx.call('coordinator', { url: `/api/indicators/${fx.staff.id}/matrix?from=2025-W37&to=2025-W37` })).json<IndicatorMatrixDto>();
      expect(own.rows.map((row) => row.organization.code)).toEqual(['IX-S1']);
    });
  });
});

/** The i-th Monday from 2025-09-01 as YYYY-MM-DD. */
function formatMonday(index: number): string {
  return new Date(Date.UTC(2025, 8, 1 + 7 * index)).toISOString().slice(0, 10);
}
