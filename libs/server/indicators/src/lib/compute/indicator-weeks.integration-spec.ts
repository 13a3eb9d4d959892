import { DataSource } from 'typeorm';
import {
  dataSourceOptions,
  type IndicatorEntity,
  IndicatorRecomputationEntity,
  IndicatorRollupEntity,
  IndicatorSnapshotEntity,
  OrganizationEntity,
  OrganizationHeadcountEntity,
  type RoadmapEntity,
  TaskEntity,
} from '@karta/db';
import type { LocalDate } from '@karta/domain';
import { createTestDatabase, makeIndicator, makeOrganization, makeRoadmap, makeRoadmapAction, makeRoadmapTree, makeTask, makeWeeklyReport, type RoadmapTestTree, type TestDatabase } from '@karta/testing';
import { computeIndicatorWeeks, type IndicatorWeeksOptions } from './indicator-weeks';
import { requestRecomputation } from './recomputation';

jest.setTimeout(120_000);

const W40 = '2025-09-29' as LocalDate;
const W41 = '2025-10-06' as LocalDate;
const NOW = new Date('2025-10-13T03:00:00Z');

describe('computeIndicatorWeeks (real PostgreSQL)', () => {
  let database: TestDatabase;
  let dataSource: DataSource;
  let tree: RoadmapTestTree;
  let roadmap: RoadmapEntity;
  let staff: IndicatorEntity;
  let students: IndicatorEntity;
  let sferum: IndicatorEntity;
  let officials: IndicatorEntity;

  const compute = (options: Omit<IndicatorWeeksOptions, 'now'>) => dataSource.transaction((manager) => computeIndicatorWeeks(manager, { now: NOW, ...options }));
  const snapshot = (indicator: IndicatorEntity, organization: OrganizationEntity, weekStart: string) =>
    dataSource.getRepository(IndicatorSnapshotEntity).findOneBy({ indicatorId: indicator.id, organizationId: organization.id, weekStart });
  const rollup = (indicator: IndicatorEntity, organization: OrganizationEntity, weekStart: string) =>
    dataSource.getRepository(IndicatorRollupEntity).findOneBy({ indicatorId: indicator.id, organizationId: organization.id, weekStart });
  const headcount = (organization: OrganizationEntity, kind: OrganizationHeadcountEntity['kind'], value: number, effectiveFrom: string) =>
    dataSource.getRepository(OrganizationHeadcountEntity).insert({ organizationId: organization.id, kind, value, effectiveFrom, createdBy: null });

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url, 'karta-indicator-weeks-test')).initialize();
    tree = await makeRoadmapTree(dataSource, 'IW');
    roadmap = await makeRoadmap(dataSource, { ownerOrganizationId: tree.department.id });
    const roadmapId = roadmap.id;
    // Staff: the second stage starts on the Monday of week 41, so week 41 is judged against it.
    staff = await makeIndicator(dataSource, {
      roadmapId,
      code: 'staff',
      organizationKinds: ['school', 'kindergarten'],
      targets: [
        { effectiveFrom: '2025-09-01', target: 0.15 },
        { effectiveFrom: W41, target: 0.75 },
      ],
    });
    students = await makeIndicator(dataSource, {
      roadmapId,
      code: 'students',
      numeratorMeasures: ['students_active', 'parents_active'],
      denominatorSource: 'students_stat_x2',
      organizationKinds: ['school'],
      targets: [{ effectiveFrom: '2025-09-01', target: 0.05 }],
    });
    // No target before week 41: week 40 is not evaluated.
    sferum = await makeIndicator(dataSource, {
      roadmapId,
      code: 'sferum',
      numeratorMeasures: ['sferum_in_max'],
      denominatorSource: 'sferum_users_total',
      organizationKinds: ['school'],
      targets: [{ effectiveFrom: W41, target: 1 }],
    });
    officials = await makeIndicator(dataSource, {
      roadmapId,
      code: 'officials',
      numeratorMeasures: ['officials_wrote'],
      denominatorSource: 'actual_headcount_ministry',
      organizationKinds: ['department'],
      targets: [{ effectiveFrom: '2025-09-01', target: 1 }],
    });

    await headcount(tree.school1, 'staff_stat', 40, '2025-09-01');
    await headcount(tree.school1, 'staff_stat', 50, W41);
    await headcount(tree.school1, 'students_stat', 100, '2025-09-01');
    await headcount(tree.school2, 'staff_stat', 0, '2025-09-01');
    await headcount(tree.school2, 'staff_stat', 30, W41);
    await headcount(tree.school2, 'students_stat', 60, '2025-09-01');
    await headcount(tree.kindergarten, 'staff_stat', 20, '2025-09-01');
    await headcount(tree.closedSchool, 'staff_stat', 10, '2025-09-01');
    await headcount(tree.otherSchool, 'staff_stat', 30, '2025-09-01');
    await headcount(tree.department, 'actual_headcount_ministry', 8, '2025-09-01');

    const report = makeWeeklyReport.bind(null, dataSource);
    await report({ organizationId: tree.school1.id, weekStart: W40, staffWrote: 6, studentsActive: 10, parentsActive: 5, sferumInMax: 3, sferumTotal: 0 });
    await report({ organizationId: tree.school1.id, weekStart: W41, staffWrote: 40, studentsActive: 10, parentsActive: 10, sferumInMax: 9, sferumTotal: 10 });
    // Parents missing: the students indicator has no numerator (no data), never a partial sum.
    await report({ organizationId: tree.school2.id, weekStart: W40, staffWrote: 3, studentsActive: 12 });
    await report({ organizationId: tree.school2.id, weekStart: W41, staffWrote: 3 });
    await report({ organizationId: tree.kindergarten.id, weekStart: W40, staffWrote: 3 });
    await report({ organizationId: tree.closedSchool.id, weekStart: W40, staffWrote: 5 });
    await report({ organizationId: tree.otherSchool.id, weekStart: W40, staffWrote: 30 });
    await report({ organizationId: tree.department.id, weekStart: W40, officialsWrote: 8 });
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('computes every organization snapshot against hand-computed values', async () => {
    const result = await compute({ from: W40, to: W41 });
    expect(result).toMatchObject({ weeks: 2, removedSnapshots: 0 });

    // 6 of 40 staff = 15 %, exactly the first stage: met.
    expect(await snapshot(staff, tree.school1, W40)).toMatchObject({ numerator: 6, denominator: 40, share: 0.15, target: 0.15, status: 'met', gap: 0, change: null });
    // Week 41: the new headcount (50) and the new stage (75 %) both apply from its Monday.
    expect(await snapshot(staff, tree.school1, W41)).toMatchObject({ numerator: 40, denominator: 50, share: 0.8, target: 0.75, status: 'met', gap: 0, change: 40 / 50 - 6 / 40 });
    // A zero denominator is no share (never 0 % and never a division error), told apart as a headcount to fix.
    expect(await snapshot(staff, tree.school2, W40)).toMatchObject({ numerator: 3, denominator: 0, share: null, target: 0.15, status: 'no_denominator', gap: null, change: null });
    expect(await snapshot(staff, tree.school2, W41)).toMatchObject({ numerator: 3, denominator: 30, share: 0.1, target: 0.75, status: 'not_met', gap: 0.75 - 3 / 30, change: null });
    expect(await snapshot(staff, tree.kindergarten, W40)).toMatchObject({ share: 3 / 20, status: 'met' });
    // No report at all: no numerator, no data.
    expect(await snapshot(staff, tree.kindergarten, W41)).toMatchObject({ numerator: null, denominator: 20, share: null, status: 'no_data', change: null });

    // Students and parents over students × 2 (one parent per student).
    expect(await snapshot(students, tree.school1, W40)).toMatchObject({ numerator: 15, denominator: 200, share: 15 / 200, target: 0.05, status: 'met' });
    expect(await snapshot(students, tree.school1, W41)).toMatchObject({ numerator: 20, denominator: 200, share: 0.1, change: 20 / 200 - 15 / 200 });
    expect(await snapshot(students, tree.school2, W40)).toMatchObject({ numerator: null, denominator: 120, share: null, status: 'no_data' });
    // Kind scope: the students indicator applies to schools only.
    expect(await snapshot(students, tree.kindergarten, W40)).toBeNull();

    // Sferum: the week's own total is the denominator; no stage before week 41 means no evaluation.
    expect(await snapshot(sferum, tree.school1, W40)).toMatchObject({ numerator: 3, denominator: 0, share: null, target: null, status: 'no_target', gap: null });
    expect(await snapshot(sferum, tree.school1, W41)).toMatchObject({ numerator: 9, denominator: 10, share: 0.9, target: 1, status: 'not_met', gap: 1 - 0.9, change: null });
    expect(await snapshot(sferum, tree.school2, W41)).toMatchObject({ numerator: null, denominator: null, share: null, status: 'no_data' });

    // The owner department itself is evaluated by the indicator of its kind.
    expect(await snapshot(officials, tree.department, W40)).toMatchObject({ numerator: 8, denominator: 8, share: 1, status: 'met' });

    // Closed schools and organizations outside the owner's subtree get nothing.
    const [{ outside }] = await dataSource.query(`SELECT count(*)::int AS outside FROM indicator_snapshot WHERE organization_id = ANY($1)`, [[tree.closedSchool.id, tree.otherSchool.id, tree.region.id]]);
    expect(outside).toBe(0);
    // 2 weeks × (staff 3 + students 2 + sferum 2 + officials 1).
    const [{ total }] = await dataSource.query(`SELECT count(*)::int AS total FROM indicator_snapshot`);
    expect(total).toBe(16);
    expect(result.snapshots).toBe(16);
  });

  it('rolls up per department and region, weighted by denominators, with counts by status', async () => {
    // Week 40, staff: school 1 (6/40) and the kindergarten (3/20) have a share; school 2 reported 3 of 0 staff.
    const expected = {
      numerator: 9,
      denominator: 60,
      share: 9 / 60,
      reportedDenominator: 60,
      target: 0.15,
      status: 'met',
      gap: 0,
      organizationsTotal: 3,
      organizationsReported: 3,
      organizationsMet: 2,
      organizationsNotMet: 0,
      organizationsNoData: 0,
      organizationsNoDenominator: 1,
    };
    expect(await rollup(staff, tree.department, W40)).toMatchObject(expected);
    expect(await rollup(staff, tree.region, W40)).toMatchObject(expected);
    // Week 41: 40/50 and 3/30 reported; the kindergarten did not report and still adds its 20 staff:
    // 43/100 against 75 % for every kind here; among those that reported, 43/80.
    expect(await rollup(staff, tree.department, W41)).toMatchObject({
      numerator: 43,
      denominator: 100,
      share: 43 / 100,
      reportedDenominator: 80,
      target: 0.75,
      status: 'not_met',
      gap: 0.75 - 43 / 100,
      change: 43 / 100 - 9 / 60,
      organizationsTotal: 3,
      organizationsReported: 2,
      organizationsMet: 1,
      organizationsNotMet: 1,
      organizationsNoData: 1,
      organizationsNoDenominator: 0,
    });
    // Nobody with a share: no share, not 0 %.
    expect(await rollup(sferum, tree.department, W40)).toMatchObject({ numerator: 0, denominator: 0, share: null, target: null, status: 'no_target', organizationsTotal: 2, organizationsNoData: 0 });
    // The department is evaluated itself for officials: its rollup counts it, and so do its ancestors'.
    const officialsRollup = { numerator: 8, denominator: 8, share: 1, status: 'met', organizationsTotal: 1, organizationsReported: 1, organizationsMet: 1 };
    expect(await rollup(officials, tree.department, W40)).toMatchObject(officialsRollup);
    expect(await rollup(officials, tree.region, W40)).toMatchObject(officialsRollup);
    expect(await rollup(staff, tree.otherDepartment, W40)).toBeNull();
    expect(await rollup(staff, tree.school1, W40)).toBeNull();
  });

  it('a second run leaves exactly one row per key, identical, and rewrites nothing', async () => {
    const before = await dataSource.query(`SELECT * FROM indicator_snapshot ORDER BY indicator_id, week_start, organization_id`);
    const rollupsBefore = await dataSource.query(`SELECT * FROM indicator_rollup ORDER BY indicator_id, week_start, organization_id`);
    const again = await dataSource.transaction((manager) => computeIndicatorWeeks(manager, { from: W40, to: W41, now: new Date(NOW.getTime() + 60_000) }));
    expect(again).toEqual({ weeks: 2, snapshots: 0, removedSnapshots: 0, rollups: 0, removedRollups: 0, tasks: 0 });
    expect(await dataSource.query(`SELECT * FROM indicator_snapshot ORDER BY indicator_id, week_start, organization_id`)).toEqual(before);
    expect(await dataSource.query(`SELECT * FROM indicator_rollup ORDER BY indicator_id, week_start, organization_id`)).toEqual(rollupsBefore);
    const [{ duplicates }] = await dataSource.query(
      `SELECT count(*)::int AS duplicates FROM (SELECT 1 FROM indicator_snapshot GROUP BY indicator_id, week_start, organization_id HAVING count(*) > 1) d`,
    );
    expect(duplicates).toBe(0);
  });

  it('sets the weekly status of indicator tasks to the worst of the action’s indicators', async () => {
    const both = await makeRoadmapAction(dataSource, { roadmapId: roadmap.id, resultType: 'indicator', indicatorCodes: ['staff', 'students'] });
    const sferumOnly = await makeRoadmapAction(dataSource, { roadmapId: roadmap.id, resultType: 'indicator', indicatorCodes: ['sferum'] });
    const report = await makeRoadmapAction(dataSource, { roadmapId: roadmap.id, resultType: 'report' });
    const task = (actionId: string, organization: OrganizationEntity, periodKey: string, weekStart: string) =>
      makeTask(dataSource, { actionId, organizationId: organization.id, periodKey, periodStart: weekStart, periodEnd: weekStart });
    const tasks = {
      school1W40: await task(both.id, tree.school1, '2025-W40', W40),
      school2W40: await task(both.id, tree.school2, '2025-W40', W40),
      school2W41: await task(both.id, tree.school2, '2025-W41', W41),
      kindergartenW40: await task(both.id, tree.kindergarten, '2025-W40', W40),
      sferumW40: await task(sferumOnly.id, tree.school1, '2025-W40', W40),
      sferumW41: await task(sferumOnly.id, tree.school1, '2025-W41', W41),
      reportW40: await task(report.id, tree.school1, '2025-W40', W40),
      outsideRange: await task(both.id, tree.school1, '2025-W42', '2025-10-13'),
    };
    const result = await compute({ from: W40, to: W41 });
    // Five get a status; the sferum task of week 40 stays null (no target yet).
    expect(result.tasks).toBe(5);
    const status = async (t: TaskEntity) => (await dataSource.getRepository(TaskEntity).findOneByOrFail({ id: t.id })).indicatorStatus;
    expect(await status(tasks.school1W40)).toBe('met');
    // Staff no data, students no data.
    expect(await status(tasks.school2W40)).toBe('no_data');
    // Staff not met (10 % of 75 %) beats students' no data.
    expect(await status(tasks.school2W41)).toBe('not_met');
    // The kindergarten is outside the students indicator: staff alone decides.
    expect(await status(tasks.kindergartenW40)).toBe('met');
    // Only no_target: not evaluated.
    expect(await status(tasks.sferumW40)).toBeNull();
    expect(await status(tasks.sferumW41)).toBe('not_met');
    expect(await status(tasks.reportW40)).toBeNull();
    expect(await status(tasks.outsideRange)).toBeNull();
    expect((await compute({ from: W40, to: W41 })).tasks).toBe(0);
  });

  it('removes snapshots of organizations that left the scope and recounts the rollups', async () => {
    await dataSource.getRepository(OrganizationEntity).update({ id: tree.kindergarten.id }, { isActive: false });
    const result = await compute({ from: W40 });
    expect(result).toMatchObject({ weeks: 1, removedSnapshots: 1 });
    expect(await snapshot(staff, tree.kindergarten, W40)).toBeNull();
    expect(await rollup(staff, tree.department, W40)).toMatchObject({ numerator: 6, denominator: 40, organizationsTotal: 2, organizationsMet: 1, organizationsNoDenominator: 1 });
    // The next week's change follows the corrected week; week 41 itself keeps its figures (the kindergarten's
    // 20 staff included) until it is computed again.
    expect(await rollup(staff, tree.department, W41)).toMatchObject({ share: 43 / 100, change: 43 / 100 - 6 / 40 });
  });

  it('week 53 of 2026 and the 2026 → 2027 boundary: stages, changes and task period keys', async () => {
    const W52 = '2026-12-21' as LocalDate;
    const W53 = '2026-12-28' as LocalDate;
    const W01 = '2027-01-04' as LocalDate;
    const yearly = await makeRoadmap(dataSource, { ownerOrganizationId: tree.otherDepartment.id });
    const indicator = await makeIndicator(dataSource, {
      roadmapId: yearly.id,
      code: 'staff',
      targets: [
        { effectiveFrom: '2026-09-07', target: 0.5 },
        { effectiveFrom: W01, target: 1 },
      ],
    });
    await headcount(tree.otherSchool, 'staff_stat', 20, '2026-09-01');
    await makeWeeklyReport(dataSource, { organizationId: tree.otherSchool.id, weekStart: W52, staffWrote: 8 });
    await makeWeeklyReport(dataSource, { organizationId: tree.otherSchool.id, weekStart: W53, staffWrote: 10 });
    await makeWeeklyReport(dataSource, { organizationId: tree.otherSchool.id, weekStart: W01, staffWrote: 19 });
    const action = await makeRoadmapAction(dataSource, { roadmapId: yearly.id, resultType: 'indicator', indicatorCodes: ['staff'] });
    const taskW53 = await makeTask(dataSource, { actionId: action.id, organizationId: tree.otherSchool.id, periodKey: '2026-W53', periodStart: W53, periodEnd: '2027-01-03' });
    const taskW01 = await makeTask(dataSource, { actionId: action.id, organizationId: tree.otherSchool.id, periodKey: '2027-W01', periodStart: W01, periodEnd: '2027-01-10' });

    const result = await compute({ from: W52, to: W01, roadmapId: yearly.id });
    expect(result).toMatchObject({ weeks: 3, snapshots: 3, tasks: 2 });
    expect(await snapshot(indicator, tree.otherSchool, W53)).toMatchObject({ share: 0.5, target: 0.5, status: 'met', change: 0.5 - 0.4 });
    expect(await snapshot(indicator, tree.otherSchool, W01)).toMatchObject({ share: 0.95, target: 1, status: 'not_met', gap: 1 - 0.95, change: 0.95 - 0.5 });
    const status = async (id: string) => (await dataSource.getRepository(TaskEntity).findOneByOrFail({ id })).indicatorStatus;
    expect(await status(taskW53.id)).toBe('met');
    expect(await status(taskW01.id)).toBe('not_met');
    // Only that roadmap was computed: the first roadmap has nothing in those weeks.
    const [{ others }] = await dataSource.query(`SELECT count(*)::int AS others FROM indicator_snapshot WHERE week_start >= $1 AND indicator_id <> $2`, [W52, indicator.id]);
    expect(others).toBe(0);
  });

  it('reads the headcount in force on each Monday, also when it changed twice within a week', async () => {
    const W09 = '2027-03-01' as LocalDate;
    const W10 = '2027-03-08' as LocalDate;
    const W11 = '2027-03-15' as LocalDate;
    const district = await makeOrganization(dataSource, { kind: 'department', parentId: tree.region.id });
    const district76 = await makeRoadmap(dataSource, { ownerOrganizationId: district.id });
    const indicator = await makeIndicator(dataSource, { roadmapId: district76.id, code: 'staff', targets: [{ effectiveFrom: '2027-01-04', target: 0.5 }] });
    const twice = await makeOrganization(dataSource, { kind: 'school', parentId: district.id });
    const late = await makeOrganization(dataSource, { kind: 'school', parentId: district.id });
    // In force on Monday W09: 10. On Tuesday 40, on Thursday 50: Monday W10 reads 50, and W09 still 10.
    await headcount(twice, 'staff_stat', 10, '2027-02-01');
    await headcount(twice, 'staff_stat', 40, '2027-03-02');
    await headcount(twice, 'staff_stat', 50, '2027-03-04');
    // A new count on Monday W11 applies from that very week.
    await headcount(twice, 'staff_stat', 80, W11);
    // First counted on a Wednesday: nothing in force on Monday W09.
    await headcount(late, 'staff_stat', 20, '2027-03-03');
    for (const [weekStart, twiceWrote, lateWrote] of [[W09, 5, 4], [W10, 30, 10], [W11, 40, 10]] as const) {
      await makeWeeklyReport(dataSource, { organizationId: twice.id, weekStart, staffWrote: twiceWrote });
      await makeWeeklyReport(dataSource, { organizationId: late.id, weekStart, staffWrote: lateWrote });
    }

    // W09 is not computed: W10's change is measured against W09's data.
    expect(await compute({ from: W10, to: W11, roadmapId: district76.id })).toMatchObject({ weeks: 2, snapshots: 4 });
    expect(await snapshot(indicator, twice, W10)).toMatchObject({ numerator: 30, denominator: 50, share: 30 / 50, change: 30 / 50 - 5 / 10 });
    expect(await snapshot(indicator, twice, W11)).toMatchObject({ numerator: 40, denominator: 80, share: 40 / 80, change: 40 / 80 - 30 / 50 });
    expect(await snapshot(indicator, late, W10)).toMatchObject({ numerator: 10, denominator: 20, share: 0.5, change: null });
    expect(await snapshot(indicator, late, W11)).toMatchObject({ share: 0.5, change: 0 });
    expect(await rollup(indicator, district, W10)).toMatchObject({ numerator: 40, denominator: 70, share: 40 / 70, change: null });
    // W09 alone, then W10 alone: the same change from one week to the next.
    expect(await compute({ from: W09, roadmapId: district76.id })).toMatchObject({ weeks: 1, snapshots: 2 });
    expect(await snapshot(indicator, twice, W09)).toMatchObject({ denominator: 10, share: 0.5, change: null });
    expect(await snapshot(indicator, late, W09)).toMatchObject({ numerator: 4, denominator: null, share: null, status: 'no_denominator' });
    expect(await compute({ from: W10, roadmapId: district76.id })).toMatchObject({ weeks: 1, snapshots: 0 });
    expect(await rollup(indicator, district, W10)).toMatchObject({ change: 40 / 70 - 5 / 10 });
  });

  it('re-runs an indicator that evaluates only a root school, which has no rollup to tell the week is stored', async () => {
    const school = await makeOrganization(dataSource, { kind: 'school' });
    const standalone = await makeRoadmap(dataSource, { ownerOrganizationId: school.id });
    const indicator = await makeIndicator(dataSource, {
      roadmapId: standalone.id,
      code: 'school-officials',
      numeratorMeasures: ['officials_wrote'],
      denominatorSource: 'actual_headcount_ministry',
      organizationKinds: ['school'],
      targets: [{ effectiveFrom: '2025-09-01', target: 1 }],
    });
    await headcount(school, 'actual_headcount_ministry', 4, '2025-09-01');
    await makeWeeklyReport(dataSource, { organizationId: school.id, weekStart: W40, officialsWrote: 2 });
    expect(await compute({ from: W40, roadmapId: standalone.id })).toMatchObject({ snapshots: 1, rollups: 0 });
    expect(await compute({ from: W40, roadmapId: standalone.id })).toMatchObject({ snapshots: 0, rollups: 0 });
    await dataSource.query(`UPDATE weekly_report SET officials_wrote = 4 WHERE organization_id = $1 AND week_start = $2`, [school.id, W40]);
    expect(await compute({ from: W40, roadmapId: standalone.id })).toMatchObject({ snapshots: 1 });
    expect(await snapshot(indicator, school, W40)).toMatchObject({ numerator: 4, denominator: 4, share: 1, status: 'met' });
  });

  it('rolls an evaluated region up over itself', async () => {
    const regional = await makeRoadmap(dataSource, { ownerOrganizationId: tree.region.id });
    const indicator = await makeIndicator(dataSource, {
      roadmapId: regional.id,
      code: 'region-officials',
      numeratorMeasures: ['officials_wrote'],
      denominatorSource: 'actual_headcount_ministry',
      organizationKinds: ['region'],
      targets: [{ effectiveFrom: '2025-09-01', target: 1 }],
    });
    await headcount(tree.region, 'actual_headcount_ministry', 4, '2025-09-01');
    await makeWeeklyReport(dataSource, { organizationId: tree.region.id, weekStart: W40, officialsWrote: 2 });
    expect(await compute({ from: W40, roadmapId: regional.id })).toMatchObject({ snapshots: 1, rollups: 1 });
    expect(await compute({ from: W40, roadmapId: regional.id })).toMatchObject({ snapshots: 0, rollups: 0 });
    expect(await rollup(indicator, tree.region, W40)).toMatchObject({ numerator: 2, denominator: 4, share: 0.5, status: 'not_met', organizationsTotal: 1 });
  });

  it('reports its progress after each block of weeks', async () => {
    const progress: [number, number][] = [];
    await dataSource.transaction((manager) =>
      computeIndicatorWeeks(manager, { from: W40, to: '2025-11-10' as LocalDate, now: NOW, onProgress: async (done, total) => void progress.push([done, total]) }),
    );
    expect(progress).toEqual([
      [4, 7],
      [7, 7],
    ]);
  });

  it('records a recomputation once per waiting pass: a second request moves its first week back', async () => {
    const request = (fromWeek: string) =>
      dataSource.transaction((manager) => requestRecomputation(manager, { roadmapId: roadmap.id, reason: 'targets', fromWeek: fromWeek as LocalDate, requestedBy: null }));
    const first = await request(W41);
    expect(await request(W40)).toBe(first);
    expect(await dataSource.getRepository(IndicatorRecomputationEntity).findOneByOrFail({ id: first })).toMatchObject({ status: 'queued', fromWeek: W40, reason: 'targets' });
    await dataSource.getRepository(IndicatorRecomputationEntity).update({ id: first }, { status: 'running' });
    expect(await request(W41)).not.toBe(first);
  });

  it('skips roadmaps that are not active', async () => {
    const archived = await makeRoadmap(dataSource, { ownerOrganizationId: tree.department.id, status: 'archived' });
    const indicator = await makeIndicator(dataSource, { roadmapId: archived.id, code: 'staff' });
    await compute({ from: W40 });
    const [{ rows }] = await dataSource.query(`SELECT count(*)::int AS rows FROM indicator_snapshot WHERE indicator_id = $1`, [indicator.id]);
    expect(rows).toBe(0);
  });

  it('rejects weeks that do not start on a Monday, reversed ranges and a call outside a transaction', async () => {
    await expect(compute({ from: '2025-09-30' as LocalDate })).rejects.toThrow('from must be a Monday');
    await expect(compute({ from: W41, to: W40 })).rejects.toThrow('is before');
    await expect(computeIndicatorWeeks(dataSource.manager, { from: W40, now: NOW })).rejects.toThrow('inside a transaction');
  });
});
