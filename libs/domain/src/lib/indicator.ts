/** What a share is taken of. Each is per organization; headcounts are those in force for the week. */
export const DENOMINATOR_SOURCES = [
  'staff_stat',
  'students_stat_x2',
  'actual_headcount_ministry',
  'sferum_users_total',
] as const;
export type DenominatorSource = (typeof DENOMINATOR_SOURCES)[number];

/**
 * Weekly counts each organization reports (per ISO week). An indicator's numerator is the sum of one or
 * more of them (students and parents are reported apart and counted together); `sferum_total` is also a
 * denominator.
 */
export const MEASURES = ['staff_wrote', 'students_active', 'parents_active', 'sferum_in_max', 'sferum_total', 'officials_wrote'] as const;
export type Measure = (typeof MEASURES)[number];

/** A weekly report: any measure may be missing (not reported yet). */
export type MeasureValues = Partial<Record<Measure, number | null>>;

/** Numerator of an indicator: the sum of its measures, or `null` when any of them is missing. */
export function computeNumerator(measures: readonly Measure[], values: MeasureValues): number | null {
  let sum = 0;
  for (const measure of measures) {
    const value = values[measure];
    if (value === null || value === undefined) return null;
    sum += value;
  }
  return sum;
}

/** The counts denominators are built from; a missing count leaves the denominator undefined. */
export interface DenominatorInputs {
  /** Staff per statistical reporting forms. */
  readonly staffStat?: number;
  /** Students per statistical reporting forms. */
  readonly studentsStat?: number;
  /** Department staff and officials per the Ministry of Education's data. */
  readonly actualHeadcountMinistry?: number;
  /** All Sferum users of the organization in the week. */
  readonly sferumUsersTotal?: number;
}

export function computeDenominator(source: DenominatorSource, inputs: DenominatorInputs): number | null {
  switch (source) {
    case 'staff_stat':
      return inputs.staffStat ?? null;
    case 'students_stat_x2':
      // One parent (legal representative) is counted per student: the audience is students × 2.
      return inputs.studentsStat === undefined ? null : inputs.studentsStat * 2;
    case 'actual_headcount_ministry':
      return inputs.actualHeadcountMinistry ?? null;
    case 'sferum_users_total':
      return inputs.sferumUsersTotal ?? null;
  }
}

/**
 * Share as a fraction (0.15 = 15 %), or `null` when the denominator is missing or zero: such a share is
 * undefined, never 0 %. Not capped at 1 — `validateMeasurement` is what rejects numerator > denominator.
 * Store the numerator and denominator, not this value; it is recomputed exactly from them.
 */
export function computeShare(numerator: number, denominator: number | null | undefined): number | null {
  return denominator === null || denominator === undefined || denominator === 0 ? null : numerator / denominator;
}

export type MeasurementIssue = 'not_a_count' | 'exceeds_denominator';

/** Whether `value` can be a number of people. */
export function isCount(value: number): boolean {
  return Number.isSafeInteger(value) && value >= 0;
}

/** Checks a reported numerator against its denominator; `null` means acceptable. Imports report the code per row. */
export function validateMeasurement(numerator: number, denominator: number | null | undefined): MeasurementIssue | null {
  if (!isCount(numerator)) return 'not_a_count';
  if (denominator !== null && denominator !== undefined && numerator > denominator) return 'exceeds_denominator';
  return null;
}

/** Headcounts in force for a week (null = never entered). */
export interface WeekHeadcounts {
  readonly staffStat: number | null;
  readonly studentsStat: number | null;
  readonly actualHeadcountMinistry: number | null;
}

/** What a reported measure may not exceed: a headcount in force, or another measure of the same report. */
export type MeasureLimit = 'staff_stat' | 'students_stat' | 'actual_headcount_ministry' | 'sferum_total';

/** Each measure's ceiling. Parents are capped by students: one parent per student is counted. */
export const LIMIT_OF_MEASURE: Readonly<Record<Measure, MeasureLimit | null>> = {
  staff_wrote: 'staff_stat',
  students_active: 'students_stat',
  parents_active: 'students_stat',
  sferum_in_max: 'sferum_total',
  sferum_total: null,
  officials_wrote: 'actual_headcount_ministry',
};

export interface WeeklyValueIssue {
  readonly measure: Measure;
  readonly code: MeasurementIssue;
  /** The ceiling that was exceeded. */
  readonly limit?: { readonly source: MeasureLimit; readonly value: number };
}

function limitValue(source: MeasureLimit, values: MeasureValues, headcounts: WeekHeadcounts): number | null {
  switch (source) {
    case 'staff_stat':
      return headcounts.staffStat;
    case 'students_stat':
      return headcounts.studentsStat;
    case 'actual_headcount_ministry':
      return headcounts.actualHeadcountMinistry;
    case 'sferum_total':
      return values.sferum_total ?? null;
  }
}

/**
 * Checks a weekly report as it will be stored (`values` = the full report after the change): every given
 * value must be a count and not exceed its ceiling. An unknown ceiling (headcount never entered) checks
 * nothing: the share is then undefined anyway. Entry and import report the same issues.
 */
export function checkWeeklyValues(values: MeasureValues, headcounts: WeekHeadcounts): WeeklyValueIssue[] {
  const issues: WeeklyValueIssue[] = [];
  for (const measure of MEASURES) {
    const value = values[measure];
    if (value === null || value === undefined) continue;
    const source = LIMIT_OF_MEASURE[measure];
    const limit = source ? limitValue(source, values, headcounts) : null;
    const code = validateMeasurement(value, limit);
    if (code) issues.push(code === 'exceeds_denominator' && source && limit !== null ? { measure, code, limit: { source, value: limit } } : { measure, code });
  }
  return issues;
}

/**
 * Whether an organization's share is undefined for want of a denominator (a headcount to fix) rather
 * than of its numbers: the denominator is missing or 0. A denominator read from the weekly report
 * itself (all Sferum users) is only missing when numbers were reported without it; with no report at
 * all the numbers are what is missing.
 */
export function lacksDenominator(source: DenominatorSource, numerator: number | null, denominator: number | null): boolean {
  if (denominator !== null && denominator !== 0) return false;
  return source !== 'sferum_users_total' || numerator !== null;
}
