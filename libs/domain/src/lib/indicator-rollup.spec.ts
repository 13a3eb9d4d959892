import { lacksDenominator } from './indicator';
import { type RolledUpResult, rollUp, rollupTarget } from './indicator-rollup';

const result = (numerator: number | null, denominator: number | null, target: number | null, status: RolledUpResult['status']): RolledUpResult => ({
  numerator,
  denominator,
  share: numerator !== null && denominator ? numerator / denominator : null,
  target,
  status,
});

describe('rollUp', () => {
  // A district of 28 organizations, 11 of which reported (the figures the controller saw on the demo).
  it('counts every organization’s denominator in the headline, reported or not', () => {
    const reported = Array.from({ length: 11 }, (_, index) => result(index < 10 ? 34 : 37, index < 10 ? 42 : 39, 0.15, 'met'));
    const silent = Array.from({ length: 17 }, (_, index) => result(null, index < 16 ? 28 : 2, 0.15, 'no_data'));
    const rollup = rollUp([...reported, ...silent]);
    expect(rollup.numerator).toBe(377);
    expect(rollup.denominator).toBe(459 + 450);
    expect(rollup.share).toBe(377 / 909);
    expect(rollup.reportedDenominator).toBe(459);
    expect(rollup.reportedShare).toBe(377 / 459);
    expect(rollup.organizationsTotal).toBe(28);
    expect(rollup.organizationsReported).toBe(11);
    expect(rollup.organizationsMet).toBe(11);
    expect(rollup.organizationsNoData).toBe(17);
    expect(rollup.status).toBe('met');
  });

  it('lists organizations without a denominator apart and adds nothing of theirs', () => {
    const rollup = rollUp([result(5, 10, 0.5, 'met'), result(3, 0, 0.5, 'no_denominator'), result(null, null, 0.5, 'no_denominator'), result(null, 10, 0.5, 'no_data')]);
    expect(rollup).toMatchObject({
      numerator: 5,
      denominator: 20,
      share: 0.25,
      reportedDenominator: 10,
      reportedShare: 0.5,
      status: 'not_met',
      gap: 0.25,
      organizationsTotal: 4,
      organizationsReported: 2,
      organizationsMet: 1,
      organizationsNotMet: 0,
      organizationsNoData: 1,
      organizationsNoDenominator: 2,
    });
  });

  it('has no share when nobody has a denominator', () => {
    expect(rollUp([result(null, null, 1, 'no_data')])).toMatchObject({ share: null, reportedShare: null, status: 'no_data', gap: null });
  });

  it('has no share, not 0 %, while nobody reported', () => {
    expect(rollUp([result(null, 40, 0.15, 'no_data'), result(null, 20, 0.15, 'no_data')])).toMatchObject({
      numerator: 0,
      denominator: 60,
      share: null,
      status: 'no_data',
      organizationsReported: 0,
      organizationsNoData: 2,
    });
  });
});

describe('rollupTarget', () => {
  it('is the common target when every organization has the same', () => {
    expect(rollupTarget([result(1, 10, 0.15, 'not_met'), result(null, 30, 0.15, 'no_data')])).toBe(0.15);
  });

  it('weighs different targets by denominators (schools 75 %, a kindergarten 15 %)', () => {
    // 60 × 0.75 + 40 × 0.15 = 51 of 100 staff.
    expect(rollupTarget([result(30, 60, 0.75, 'not_met'), result(null, 40, 0.15, 'no_data'), result(null, null, 0.15, 'no_denominator')])).toBeCloseTo(0.51, 12);
  });

  it('takes the highest target when nobody has a denominator, and none without targets', () => {
    expect(rollupTarget([result(null, null, 0.75, 'no_denominator'), result(null, 0, 0.15, 'no_denominator')])).toBe(0.75);
    expect(rollupTarget([result(1, 2, null, 'no_target')])).toBeNull();
  });
});

describe('lacksDenominator', () => {
  it.each<[Parameters<typeof lacksDenominator>, boolean]>([
    [['staff_stat', 3, 10], false],
    [['staff_stat', null, 10], false],
    [['staff_stat', null, 0], true],
    [['staff_stat', 3, null], true],
    [['students_stat_x2', null, null], true],
    // All Sferum users come with the report: without one, the numbers are what is missing.
    [['sferum_users_total', null, null], false],
    [['sferum_users_total', 0, 0], true],
    [['sferum_users_total', 4, null], true],
  ])('%p → %p', (args, expected) => {
    expect(lacksDenominator(...args)).toBe(expected);
  });
});
