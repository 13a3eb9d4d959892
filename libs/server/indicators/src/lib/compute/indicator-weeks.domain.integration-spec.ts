import { DataSource } from 'typeorm';
import { dataSourceOptions, type HeadcountKind, OrganizationHeadcountEntity, type OrganizationKind } from '@karta/db';
import {
  addDays,
  computeDenominator,
  computeNumerator,
  computeShare,
  DENOMINATOR_SOURCES,
  evaluate,
  inForceOn,
  lacksDenominator,
  type LocalDate,
  type Measure,
  MEASURES,
  type MeasureValues,
  rollUp,
  shareChange,
  type TargetStage,
  targetInForce,
  targetStageIssues,
} from '@karta/domain';
import { createTestDatabase, makeIndicator, makeOrganization, makeRoadmap, makeWeeklyReport, type TestDatabase } from '@karta/testing';
import { computeIndicatorWeeks } from './indicator-weeks';

jest.setTimeout(120_000);

const SEED = 76;
const FIRST = '2025-12-15' as LocalDate;
/** Week 0 only feeds week 1's change; weeks 1…5 are computed (across the new year). */
const WEEKS = [0, 1, 2, 3, 4, 5].map((n) => addDays(FIRST, 7 * n));

/** mulberry32: a small seeded generator, so a failure reproduces. */
function random(seed: number): () => number {
  let state = seed;
  return () => {
    state = (state + 0x6d2b79f5) | 0;
    let t = Math.imul(state ^ (state >>> 15), 1 | state);
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t;
    return ((t ^ (t >>> 14)) >>> 0) / 4_294_967_296;
  };
}

interface Row {
  indicator: string;
  organization: string;
  week: string;
  numerator: number | null;
  denominator: number | null;
  share: number | null;
  target: number | null;
  status: string;
  gap: number | null;
  change: number | null;
}

interface RollupRow extends Omit<Row, 'numerator' | 'denominator'> {
  numerator: number;
  denominator: number;
  reported_denominator: number;
  counts: number[];
}

const roughly = (value: number | null) => (value === null ? null : Math.round(value * 1e12) / 1e12);

const byKey = (a: Pick<Row, 'indicator' | 'organization' | 'week'>, b: Pick<Row, 'indicator' | 'organization' | 'week'>) => (a.indicator + a.organization + a.week).localeCompare(b.indicator + b.organization + b.week);

describe(`the SQL computation agrees with libs/domain on random cases (seed ${SEED})`, () => {
  let database: TestDatabase;
  let dataSource: DataSource;

  beforeAll(async () => {
    database = await createTestDatabase();
    dataSource = await new DataSource(dataSourceOptions(database.url, 'karta-indicator-domain-test')).initialize();
  });

  afterAll(async () => {
    await dataSource?.destroy();
    await database?.drop();
  });

  it('every snapshot and every department rollup', async () => {
    const next = random(SEED);
    const pick = <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)];
    const count = (max: number) => Math.floor(next() * (max + 1));
    const someOf = <T>(items: readonly T[]): T[] => {
      const chosen = items.filter(() => next() < 0.5);
      return chosen.length ? chosen : [pick(items)];
    };
    const anyDate = () => addDays(FIRST, count(45) - 10);

    const region = await makeOrganization(dataSource, { kind: 'region' });
    const department = await makeOrganization(dataSource, { kind: 'department', parentId: region.id });
    const roadmap = await makeRoadmap(dataSource, { ownerOrganizationId: department.id });

    const indicators: { id: string; measures: Measure[]; source: (typeof DENOMINATOR_SOURCES)[number]; kinds: OrganizationKind[]; stages: TargetStage[] }[] = [];
    for (const [n, source] of DENOMINATOR_SOURCES.entries()) {
      const measures = someOf(MEASURES);
      const kinds = someOf<OrganizationKind>(['school', 'kindergarten', 'department']);
      // Stage dates are Mondays (targets change per week); values have four decimals like the column; a
      // stage applies to every kind or to one; stages clashing with an earlier one are dropped.
      const stages: TargetStage[] = Array.from({ length: 1 + count(4) }, () => ({
        effectiveFrom: addDays(FIRST, 7 * (count(7) - 1)),
        target: Math.round(next() * 10_000) / 10_000,
        organizationKinds: next() < 0.5 ? null : [pick(kinds)],
      }));
      const clashing = new Set(targetStageIssues(stages, kinds).map((issue) => issue.index));
      const unique = stages.filter((_, index) => !clashing.has(index));
      const indicator = await makeIndicator(dataSource, { roadmapId: roadmap.id, code: `i${n}`, numeratorMeasures: measures, denominatorSource: source, organizationKinds: kinds, targets: unique });
      indicators.push({ id: indicator.id, measures, source, kinds, stages: unique });
    }
    // And order №76's staff indicator: schools move to 75 % from week 2 while kindergartens stay at 15 %.
    const staged: TargetStage[] = [
      { effectiveFrom: FIRST, target: 0.15, organizationKinds: null },
      { effectiveFrom: WEEKS[2], target: 0.75, organizationKinds: ['school'] },
    ];
    const staff = await makeIndicator(dataSource, { roadmapId: roadmap.id, code: 'staff', organizationKinds: ['school', 'kindergarten'], targets: staged });
    indicators.push({ id: staff.id, measures: ['staff_wrote'], source: 'staff_stat', kinds: ['school', 'kindergarten'], stages: staged });

    const organizations: { id: string; kind: OrganizationKind; active: boolean; headcounts: Map<HeadcountKind, { effectiveFrom: LocalDate; value: number }[]>; reports: Map<string, MeasureValues> }[] = [];
    // The department reports too and is evaluated where an indicator covers departments: its rollup counts it.
    organizations.push({ id: department.id, kind: 'department', active: true, headcounts: new Map(), reports: new Map() });
    for (let n = 0; n < 40; n++) {
      const kind = pick<OrganizationKind>(['school', 'kindergarten']);
      const active = next() > 0.1;
      const organization = await makeOrganization(dataSource, { kind, parentId: department.id, isActive: active });
      const headcounts = new Map<HeadcountKind, { effectiveFrom: LocalDate; value: number }[]>();
      for (const headcountKind of ['staff_stat', 'students_stat', 'actual_headcount_ministry'] as const) {
        // Any day, not only Mondays: what counts is the value in force on the week's Monday; zero often.
        const entries = [...new Map(Array.from({ length: count(2) }, () => ({ effectiveFrom: anyDate(), value: next() < 0.2 ? 0 : count(50) })).map((e) => [e.effectiveFrom, e])).values()];
        headcounts.set(headcountKind, entries);
        for (const entry of entries) {
          await dataSource.getRepository(OrganizationHeadcountEntity).insert({ organizationId: organization.id, kind: headcountKind, createdBy: null, ...entry });
        }
      }
      const reports = new Map<string, MeasureValues>();
      for (const week of WEEKS) {
        if (next() < 0.15) continue;
        const values: MeasureValues = Object.fromEntries(MEASURES.map((m) => [m, next() < 0.15 ? null : next() < 0.1 ? 0 : count(60)]));
        reports.set(week, values);
        await makeWeeklyReport(dataSource, {
          organizationId: organization.id,
          weekStart: week,
          staffWrote: values.staff_wrote ?? null,
          studentsActive: values.students_active ?? null,
          parentsActive: values.parents_active ?? null,
          sferumInMax: values.sferum_in_max ?? null,
          sferumTotal: values.sferum_total ?? null,
          officialsWrote: values.officials_wrote ?? null,
        });
      }
      organizations.push({ id: organization.id, kind, active, headcounts, reports });
    }

    await dataSource.transaction((manager) => computeIndicatorWeeks(manager, { from: WEEKS[1], to: WEEKS[5], now: new Date() }));

    const expected: Row[] = [];
    for (const indicator of indicators) {
      for (const organization of organizations.filter((o) => o.active && indicator.kinds.includes(o.kind))) {
        const valuesOf = (week: LocalDate) => {
          const values = organization.reports.get(week) ?? {};
          const headcount = (kind: HeadcountKind) => inForceOn(organization.headcounts.get(kind) ?? [], week)?.value;
          const numerator = computeNumerator(indicator.measures, values);
          const denominator = computeDenominator(indicator.source, {
            staffStat: headcount('staff_stat'),
            studentsStat: headcount('students_stat'),
            actualHeadcountMinistry: headcount('actual_headcount_ministry'),
            sferumUsersTotal: values.sferum_total ?? undefined,
          });
          return { numerator, denominator, share: numerator === null ? null : computeShare(numerator, denominator) };
        };
        for (const week of WEEKS.slice(1)) {
          const { numerator, denominator, share } = valuesOf(week);
          const target = targetInForce(indicator.stages, week, organization.kind);
          const evaluation = evaluate(share, target, lacksDenominator(indicator.source, numerator, denominator));
          expected.push({
            indicator: indicator.id,
            organization: organization.id,
            week,
            numerator,
            denominator,
            share,
            target,
            status: evaluation.status,
            gap: evaluation.status === 'met' || evaluation.status === 'not_met' ? evaluation.gap : null,
            change: shareChange(share, valuesOf(addDays(week, -7)).share),
          });
        }
      }
    }
    const actual: Row[] = await dataSource.query(
      `SELECT indicator_id AS indicator, organization_id AS organization, to_char(week_start, 'YYYY-MM-DD') AS week, numerator, denominator, share, target, status, gap, change FROM indicator_snapshot`,
    );
    expect(expected.length).toBeGreaterThan(200);
    expect(actual.sort(byKey)).toEqual(expected.sort(byKey));
    // The random cases reach every status.
    expect(new Set(expected.map((row) => row.status))).toEqual(new Set(['met', 'not_met', 'no_data', 'no_denominator', 'no_target']));

    // Department and region rollups: libs/domain rollUp over every organization of the subtree (the
    // department included where evaluated). Weighted targets are sums of doubles added in another
    // order: compared to 12 digits.
    const rollups: RollupRow[] = [];
    for (const indicator of indicators) {
      let previousShare: number | null = null;
      for (const week of WEEKS.slice(1)) {
        const rows = expected.filter((row) => row.indicator === indicator.id && row.week === week);
        if (!rows.length) continue;
        const rollup = rollUp(rows as Parameters<typeof rollUp>[0]);
        for (const node of [department.id, region.id]) {
          rollups.push({
            indicator: indicator.id,
            organization: node,
            week,
            numerator: rollup.numerator,
            denominator: rollup.denominator,
            reported_denominator: rollup.reportedDenominator,
            share: roughly(rollup.share),
            target: roughly(rollup.target),
            status: rollup.status,
            gap: roughly(rollup.gap),
            change: week === WEEKS[1] ? null : roughly(shareChange(rollup.share, previousShare)),
            counts: [rollup.organizationsTotal, rollup.organizationsReported, rollup.organizationsMet, rollup.organizationsNotMet, rollup.organizationsNoData, rollup.organizationsNoDenominator],
          });
        }
        previousShare = rollup.share;
      }
    }
    const actualRollups: RollupRow[] = await dataSource.query(
      `SELECT indicator_id AS indicator, organization_id AS organization, to_char(week_start, 'YYYY-MM-DD') AS week,
              numerator::int AS numerator, denominator::int AS denominator, reported_denominator::int AS reported_denominator,
              share, target, status, gap, change,
              ARRAY[organizations_total, organizations_reported, organizations_met, organizations_not_met, organizations_no_data, organizations_no_denominator] AS counts
       FROM indicator_rollup`,
    );
    const rounded = actualRollups.map((row) => ({ ...row, share: roughly(row.share), target: roughly(row.target), gap: roughly(row.gap), change: roughly(row.change) }));
    expect(rollups.length).toBeGreaterThan(20);
    expect(rounded.sort(byKey)).toEqual(rollups.sort(byKey));
    // Some week mixes targets of different kinds, so the weighted target is exercised.
    expect(rollups.some((row) => row.target !== null && expected.some((e) => e.indicator === row.indicator && e.week === row.week && e.target !== null && roughly(e.target) !== row.target))).toBe(true);
  });
});
