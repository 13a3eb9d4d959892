import {
  DenominatorInputs,
  DenominatorSource,
  MeasurementIssue,
  WeekHeadcounts,
  checkWeeklyValues,
  computeDenominator,
  computeNumerator,
  computeShare,
  isCount,
  validateMeasurement,
} from './indicator';

describe('computeNumerator', () => {
  it('adds students and parents: they are reported apart and counted together', () => {
    expect(computeNumerator(['students_active', 'parents_active'], { students_active: 120, parents_active: 95 })).toBe(215);
  });

  it('takes a single measure as it is, zero included', () => {
    expect(computeNumerator(['staff_wrote'], { staff_wrote: 0 })).toBe(0);
  });

  it.each([{}, { students_active: 120 }, { students_active: 120, parents_active: null }])('is unknown when a summed measure is missing: %o', (values) => {
    expect(computeNumerator(['students_active', 'parents_active'], values)).toBeNull();
  });

  it('ignores measures outside the numerator', () => {
    expect(computeNumerator(['sferum_in_max'], { sferum_in_max: 7, staff_wrote: null })).toBe(7);
  });
});

describe('computeDenominator', () => {
  const inputs: DenominatorInputs = { staffStat: 40, studentsStat: 250, actualHeadcountMinistry: 12, sferumUsersTotal: 480 };

  it.each<[DenominatorSource, DenominatorInputs, number | null]>([
    ['staff_stat', inputs, 40],
    // One parent per student: 250 students are an audience of 500.
    ['students_stat_x2', inputs, 500],
    ['actual_headcount_ministry', inputs, 12],
    ['sferum_users_total', inputs, 480],
    ['students_stat_x2', { studentsStat: 0 }, 0],
    ['staff_stat', {}, null],
    ['students_stat_x2', { staffStat: 40 }, null],
    ['actual_headcount_ministry', { staffStat: 40 }, null],
    ['sferum_users_total', { staffStat: 40 }, null],
  ])('%s of %o = %p', (source, given, expected) => {
    expect(computeDenominator(source, given)).toBe(expected);
  });
});

describe('computeShare', () => {
  it.each<[number, number | null | undefined, number | null]>([
    [15, 100, 0.15],
    [3, 20, 0.15],
    [6, 40, 0.15],
    [0, 100, 0],
    [100, 100, 1],
    [120, 100, 1.2],
    [1, 3, 1 / 3],
    [5, 0, null],
    [0, 0, null],
    [5, null, null],
    [5, undefined, null],
  ])('%i / %p = %p', (numerator, denominator, expected) => {
    expect(computeShare(numerator, denominator)).toBe(expected);
  });

  it('counts students and parents against twice the students', () => {
    const denominator = computeDenominator('students_stat_x2', { studentsStat: 250 });
    expect(computeShare(50, denominator)).toBe(0.1);
  });
});

describe('validateMeasurement', () => {
  it.each<[number, number | null | undefined, MeasurementIssue | null]>([
    [0, 40, null],
    [40, 40, null],
    [41, 40, 'exceeds_denominator'],
    [1, 0, 'exceeds_denominator'],
    [0, 0, null],
    [500, null, null],
    [500, undefined, null],
    [-1, 40, 'not_a_count'],
    [1.5, 40, 'not_a_count'],
    [NaN, 40, 'not_a_count'],
    [Infinity, undefined, 'not_a_count'],
  ])('numerator %p against %p → %p', (numerator, denominator, expected) => {
    expect(validateMeasurement(numerator, denominator)).toBe(expected);
  });

  it.each([
    [0, true],
    [12, true],
    [-1, false],
    [0.5, false],
    [2 ** 53, false],
  ])('isCount(%p) = %p', (value, expected) => {
    expect(isCount(value)).toBe(expected);
  });
});

describe('checkWeeklyValues', () => {
  const headcounts: WeekHeadcounts = { staffStat: 40, studentsStat: 250, actualHeadcountMinistry: 12 };

  it('accepts counts up to their ceilings, zero and missing values included', () => {
    expect(checkWeeklyValues({ staff_wrote: 40, students_active: 250, parents_active: 250, sferum_in_max: 0, sferum_total: 0, officials_wrote: null }, headcounts)).toEqual([]);
  });

  it('caps parents by students: one parent per student', () => {
    expect(checkWeeklyValues({ parents_active: 251 }, headcounts)).toEqual([
      { measure: 'parents_active', code: 'exceeds_denominator', limit: { source: 'students_stat', value: 250 } },
    ]);
  });

  it('caps Sferum users inside MAX by all Sferum users of the same report', () => {
    expect(checkWeeklyValues({ sferum_in_max: 31, sferum_total: 30 }, headcounts)).toEqual([
      { measure: 'sferum_in_max', code: 'exceeds_denominator', limit: { source: 'sferum_total', value: 30 } },
    ]);
    expect(checkWeeklyValues({ sferum_in_max: 31 }, headcounts)).toEqual([]);
  });

  it('reports every bad value, not only the first', () => {
    expect(checkWeeklyValues({ staff_wrote: 41, officials_wrote: -1, students_active: 2.5 }, headcounts).map((issue) => [issue.measure, issue.code])).toEqual([
      ['staff_wrote', 'exceeds_denominator'],
      ['students_active', 'not_a_count'],
      ['officials_wrote', 'not_a_count'],
    ]);
  });

  it('checks no ceiling that was never entered', () => {
    expect(checkWeeklyValues({ staff_wrote: 1_000 }, { staffStat: null, studentsStat: null, actualHeadcountMinistry: null })).toEqual([]);
  });
});
