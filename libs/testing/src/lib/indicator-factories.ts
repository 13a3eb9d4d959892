import type { DataSource } from 'typeorm';
import { IndicatorEntity, IndicatorTargetEntity, WeeklyReportEntity, type WeeklyReportRevisionEntity } from '@karta/db';
import type { Measure } from '@karta/domain';

export interface TestIndicatorOptions extends Partial<Omit<IndicatorEntity, 'roadmapId'>> {
  roadmapId: string;
  /** Stages oldest first; default one stage of 15 % from 2025-09-01. */
  targets?: { effectiveFrom: string; target: number; organizationKinds?: readonly string[] | null }[];
}

/** An indicator (default: staff writing weekly over staff per statistical forms, schools) with its target stages. */
export async function makeIndicator(dataSource: DataSource, options: TestIndicatorOptions): Promise<IndicatorEntity> {
  const { targets = [{ effectiveFrom: '2025-09-01', target: 0.15 }], ...overrides } = options;
  const indicator = await dataSource.getRepository(IndicatorEntity).save({
    code: 'staff_weekly_writers',
    name: 'Доля работников, еженедельно пишущих сообщения',
    description: null,
    numeratorMeasures: ['staff_wrote'],
    denominatorSource: 'staff_stat',
    organizationKinds: ['school'],
    ...overrides,
  });
  if (targets.length) {
    await dataSource.getRepository(IndicatorTargetEntity).insert(targets.map((stage) => ({ ...stage, organizationKinds: stage.organizationKinds ? [...stage.organizationKinds] : null, indicatorId: indicator.id, createdBy: null })));
  }
  return indicator;
}

/** A weekly report as if entered (one revision-free row; tests of history go through the API). */
export async function makeWeeklyReport(
  dataSource: DataSource,
  report: Pick<WeeklyReportEntity, 'organizationId' | 'weekStart'> & Partial<WeeklyReportEntity>,
): Promise<WeeklyReportEntity> {
  return dataSource.getRepository(WeeklyReportEntity).save({ source: 'entry', updatedBy: null, importId: null, ...report });
}

type RevisionSide = keyof WeeklyReportRevisionEntity & `${string}${'Before' | 'After'}`;

const REVISION_SIDES: Readonly<Record<Measure, readonly [RevisionSide, RevisionSide]>> = {
  staff_wrote: ['staffWroteBefore', 'staffWroteAfter'],
  students_active: ['studentsActiveBefore', 'studentsActiveAfter'],
  parents_active: ['parentsActiveBefore', 'parentsActiveAfter'],
  sferum_in_max: ['sferumInMaxBefore', 'sferumInMaxAfter'],
  sferum_total: ['sferumTotalBefore', 'sferumTotalAfter'],
  officials_wrote: ['officialsWroteBefore', 'officialsWroteAfter'],
};

/**
 * A stored revision as `{ measure: [before, after] }`, listing every measure with a non-null side: an
 * unchanged measure stored with values (instead of both null) shows up as `[x, x]` and fails the test.
 */
export function revisionChanges(revision: WeeklyReportRevisionEntity): Partial<Record<Measure, [number | null, number | null]>> {
  return Object.fromEntries(
    Object.entries(REVISION_SIDES)
      .map(([measure, [before, after]]) => [measure, [revision[before], revision[after]]] as const)
      .filter(([, sides]) => sides.some((value) => value !== null)),
  );
}
