import {
  DENOMINATOR_OF_MEASURE,
  DenominatorInputs,
  DenominatorSource,
  MeasurementIssue,
  computeDenominator,
  computeShare,
  isCount,
  validateMeasurement,
} from './indicator';

describe('DENOMINATOR_OF_MEASURE', () => {
  it('pairs each measure with the denominator the order names', () => {
    expect(DENOMINATOR_OF_MEASURE).toEqual({
      staff_wrote: 'staff_stat',
      students_and_parents_active: 'students_stat_x2',
      sferum_users_in_max: 'sferum_users_total',
      officials_wrote: 'actual_headcount_ministry',
    });
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
