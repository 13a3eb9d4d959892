import { computeDenominator, computeShare } from './indicator';
import { Evaluation, TargetStage, evaluate, shareChange, targetInForce, targetStageIssues } from './indicator-target';
import { isoWeekStart, parseIsoWeek } from './iso-week';
import { parseLocalDate } from './local-date';

const d = parseLocalDate;

describe('targetInForce', () => {
  // Actions 2 → 4 for staff: 15 %, then 75 %, then 100 % (the dates are controller settings).
  const staffStages: TargetStage[] = [
    { effectiveFrom: d('2025-10-06'), target: 0.75, organizationKinds: null },
    { effectiveFrom: d('2025-09-01'), target: 0.15, organizationKinds: null },
    { effectiveFrom: d('2025-12-01'), target: 1, organizationKinds: null },
  ];

  it.each([
    ['2025-W35', null],
    ['2025-W36', 0.15],
    ['2025-W40', 0.15],
    ['2025-W41', 0.75],
    ['2025-W48', 0.75],
    ['2025-W49', 1],
    ['2026-W10', 1],
  ])('week %s (from its Monday) has target %p', (week, expected) => {
    expect(targetInForce(staffStages, isoWeekStart(parseIsoWeek(week)), 'school')).toBe(expected);
  });

  it('applies a stage that starts mid-week from the following Monday', () => {
    const stages: TargetStage[] = [
      { effectiveFrom: d('2025-09-01'), target: 0.05, organizationKinds: null },
      { effectiveFrom: d('2025-10-08'), target: 0.3, organizationKinds: null },
    ];
    expect(targetInForce(stages, d('2025-10-06'), 'school')).toBe(0.05);
    expect(targetInForce(stages, d('2025-10-13'), 'school')).toBe(0.3);
  });

  it('has no target without stages', () => {
    expect(targetInForce([], d('2025-09-01'), 'school')).toBeNull();
  });

  describe('stages of some kinds only (order 76, actions 2 and 4)', () => {
    // 15 % of every educational organization, 75 % of every general-education school, then 100 % of all.
    const stages: TargetStage[] = [
      { effectiveFrom: d('2025-09-01'), target: 0.15, organizationKinds: null },
      { effectiveFrom: d('2025-11-10'), target: 0.75, organizationKinds: ['school'] },
      { effectiveFrom: d('2026-01-12'), target: 1, organizationKinds: null },
    ];

    it.each([
      ['2025-11-03', 'school', 0.15],
      ['2025-11-03', 'kindergarten', 0.15],
      ['2025-11-10', 'school', 0.75],
      ['2025-11-10', 'kindergarten', 0.15],
      ['2025-11-10', 'additional_education', 0.15],
      ['2026-01-05', 'school', 0.75],
      ['2026-01-05', 'kindergarten', 0.15],
      ['2026-01-12', 'school', 1],
      ['2026-01-12', 'kindergarten', 1],
      ['2025-08-25', 'school', null],
    ])('week of %s, %s: %p', (monday, kind, expected) => {
      expect(targetInForce(stages, d(monday), kind as string)).toBe(expected);
    });

    it('accepts them', () => {
      expect(targetStageIssues(stages, ['school', 'kindergarten', 'additional_education'])).toEqual([]);
    });
  });
});

describe('targetStageIssues', () => {
  const kinds = ['school', 'kindergarten'];

  it('accepts two stages of one week for different kinds', () => {
    expect(
      targetStageIssues(
        [
          { effectiveFrom: d('2025-11-10'), organizationKinds: ['school'] },
          { effectiveFrom: d('2025-11-10'), organizationKinds: ['kindergarten'] },
        ],
        kinds,
      ),
    ).toEqual([]);
  });

  it.each<[string, TargetStage['organizationKinds'], TargetStage['organizationKinds']]>([
    ['both for every kind', null, null],
    ['one for every kind, one for schools', null, ['school']],
    ['both for schools', ['school', 'kindergarten'], ['school']],
  ])('rejects two stages of one week: %s', (_, first, second) => {
    expect(
      targetStageIssues(
        [
          { effectiveFrom: d('2025-09-01'), organizationKinds: first },
          { effectiveFrom: d('2025-09-01'), organizationKinds: second },
        ],
        kinds,
      ),
    ).toEqual([{ index: 1, field: 'effectiveFrom', code: 'same_week' }]);
  });

  it('rejects a kind the indicator does not cover and an empty kind list', () => {
    expect(
      targetStageIssues(
        [
          { effectiveFrom: d('2025-09-01'), organizationKinds: ['other'] },
          { effectiveFrom: d('2025-10-06'), organizationKinds: [] },
        ],
        kinds,
      ),
    ).toEqual([
      { index: 0, field: 'organizationKinds', code: 'kind_outside_indicator' },
      { index: 1, field: 'organizationKinds', code: 'no_kinds' },
    ]);
  });
});

describe('evaluate', () => {
  it.each<[number | null, number | null, Evaluation]>([
    [3 / 20, 0.15, { status: 'met', share: 0.15, target: 0.15, gap: 0 }],
    [7 / 10, 0.7, { status: 'met', share: 0.7, target: 0.7, gap: 0 }],
    [3 / 10, 0.3, { status: 'met', share: 0.3, target: 0.3, gap: 0 }],
    [1, 1, { status: 'met', share: 1, target: 1, gap: 0 }],
    [1.2, 1, { status: 'met', share: 1.2, target: 1, gap: 0 }],
    [0, 0, { status: 'met', share: 0, target: 0, gap: 0 }],
    [0.5, 1, { status: 'not_met', share: 0.5, target: 1, gap: 0.5 }],
    [0.25, 0.75, { status: 'not_met', share: 0.25, target: 0.75, gap: 0.5 }],
    [null, 0.15, { status: 'no_data', target: 0.15 }],
    [0.5, null, { status: 'no_target', share: 0.5 }],
    [null, null, { status: 'no_target', share: null }],
  ])('share %p against target %p', (share, target, expected) => {
    expect(evaluate(share, target)).toEqual(expected);
  });

  it('tells a missing denominator from missing numbers', () => {
    expect(evaluate(null, 0.15, true)).toEqual({ status: 'no_denominator', target: 0.15 });
    expect(evaluate(null, null, true)).toEqual({ status: 'no_target', share: null });
  });

  it.each([
    [29, 200, 0.15, 0.005],
    [299, 300, 1, 1 / 300],
    [74, 100, 0.75, 0.01],
  ])('%i of %i misses %p by %p', (numerator, denominator, target, gap) => {
    const result = evaluate(computeShare(numerator, denominator), target);
    expect(result.status).toBe('not_met');
    expect(result.status === 'not_met' && result.gap).toBeCloseTo(gap, 12);
  });

  it('evaluates a week of order 76 for one school', () => {
    // 40 staff and 300 students on the forms; 6 staff wrote, 29 students or parents were active.
    const staff = evaluate(computeShare(6, computeDenominator('staff_stat', { staffStat: 40 })), 0.15);
    const families = evaluate(computeShare(29, computeDenominator('students_stat_x2', { studentsStat: 300 })), 0.05);
    expect(staff.status).toBe('met');
    expect(families).toEqual({ status: 'not_met', share: 29 / 600, target: 0.05, gap: 0.05 - 29 / 600 });
  });
});

describe('shareChange', () => {
  it.each([
    [0.2, 0.15, 0.05],
    [0.15, 0.2, -0.05],
    [0.15, 0.15, 0],
    [1, 0, 1],
  ])('%p after %p changed by %p', (current, previous, expected) => {
    expect(shareChange(current, previous)).toBeCloseTo(expected, 12);
  });

  it.each([
    [null, 0.15],
    [0.15, null],
    [null, null],
  ])('is undefined for %p after %p', (current, previous) => {
    expect(shareChange(current, previous)).toBeNull();
  });
});
