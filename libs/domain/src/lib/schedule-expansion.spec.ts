import { parseLocalDate } from './local-date';
import { parseLocalTime } from './local-time';
import { Period } from './period';
import { Schedule } from './schedule';
import { expandSchedule, periodContaining } from './schedule-expansion';

const d = parseLocalDate;

function expand(schedule: Schedule, from: string, to: string): Period[] {
  return expandSchedule(schedule, d(from), d(to));
}

/** Compact view for tables: key, start, end, due date. */
function summary(periods: Period[]): string[] {
  return periods.map((p) => `${p.key} ${p.start}..${p.end} due ${p.dueDate} ${p.dueTime}`);
}

describe('expandSchedule — order 76', () => {
  it('action 1, «август 2025 года и далее ежемесячно»: one period per month from August, due on its last day', () => {
    const action1: Schedule = { kind: 'monthly', startDate: d('2025-08-01') };
    expect(summary(expand(action1, '2025-08-01', '2025-12-31'))).toEqual([
      '2025-08 2025-08-01..2025-08-31 due 2025-08-31 23:59',
      '2025-09 2025-09-01..2025-09-30 due 2025-09-30 23:59',
      '2025-10 2025-10-01..2025-10-31 due 2025-10-31 23:59',
      '2025-11 2025-11-01..2025-11-30 due 2025-11-30 23:59',
      '2025-12 2025-12-01..2025-12-31 due 2025-12-31 23:59',
    ]);
  });

  it('actions 2–7, «еженедельно» from 1 September: ISO weeks, due Monday after each week', () => {
    const weekly: Schedule = { kind: 'weekly', startDate: d('2025-09-01') };
    expect(summary(expand(weekly, '2025-09-01', '2025-09-30'))).toEqual([
      '2025-W36 2025-09-01..2025-09-07 due 2025-09-08 23:59',
      '2025-W37 2025-09-08..2025-09-14 due 2025-09-15 23:59',
      '2025-W38 2025-09-15..2025-09-21 due 2025-09-22 23:59',
      '2025-W39 2025-09-22..2025-09-28 due 2025-09-29 23:59',
      '2025-W40 2025-09-29..2025-10-05 due 2025-10-06 23:59',
    ]);
  });

  it('action 8, «сентябрь 2025 года»: one period due 30 September', () => {
    const action8: Schedule = { kind: 'once', startDate: d('2025-09-01'), dueDate: d('2025-09-30') };
    expect(expand(action8, '2025-08-01', '2025-12-31')).toEqual<Period[]>([
      {
        key: 'once',
        kind: 'once',
        start: d('2025-09-01'),
        end: d('2025-09-30'),
        dueDate: d('2025-09-30'),
        dueTime: parseLocalTime('23:59'),
      },
    ]);
  });

  it('action 9, «постоянно»: continuous work reported monthly by default', () => {
    const action9: Schedule = { kind: 'continuous', startDate: d('2025-08-01') };
    expect(expand(action9, '2025-08-01', '2025-10-31')).toEqual(
      expand({ kind: 'monthly', startDate: d('2025-08-01') }, '2025-08-01', '2025-10-31'),
    );
    expect(expand(action9, '2025-08-01', '2025-10-31').map((p) => p.key)).toEqual(['2025-08', '2025-09', '2025-10']);
  });
});

describe('expandSchedule — once', () => {
  const withStart: Schedule = { kind: 'once', startDate: d('2025-09-01'), dueDate: d('2025-09-30') };
  const withoutStart: Schedule = { kind: 'once', dueDate: d('2025-09-30'), dueTime: parseLocalTime('12:00') };

  it.each([
    [withStart, '2025-08-01', '2025-08-31', []],
    [withStart, '2025-08-01', '2025-09-01', ['once 2025-09-01..2025-09-30 due 2025-09-30 23:59']],
    [withStart, '2025-09-10', '2025-09-12', ['once 2025-09-01..2025-09-30 due 2025-09-30 23:59']],
    [withStart, '2025-09-30', '2025-10-31', ['once 2025-09-01..2025-09-30 due 2025-09-30 23:59']],
    [withStart, '2025-10-01', '2025-10-31', []],
    [withoutStart, '2025-09-01', '2025-09-29', []],
    [withoutStart, '2025-09-30', '2025-09-30', ['once 2025-09-30..2025-09-30 due 2025-09-30 12:00']],
  ])('%o in %s..%s', (schedule, from, to, expected) => {
    expect(summary(expand(schedule, from, to))).toEqual(expected);
  });
});

describe('expandSchedule — weekly', () => {
  it('starts with the whole week containing a mid-week start date', () => {
    const schedule: Schedule = { kind: 'weekly', startDate: d('2025-09-03') };
    expect(summary(expand(schedule, '2025-08-01', '2025-09-10'))).toEqual([
      '2025-W36 2025-09-01..2025-09-07 due 2025-09-08 23:59',
      '2025-W37 2025-09-08..2025-09-14 due 2025-09-15 23:59',
    ]);
  });

  it.each([
    ['2025-09-21', ['2025-W36', '2025-W37', '2025-W38']],
    ['2025-09-22', ['2025-W36', '2025-W37', '2025-W38', '2025-W39']],
    ['2025-09-17', ['2025-W36', '2025-W37', '2025-W38']],
  ])('ending %s (inclusive) includes the week containing it', (endDate, expected) => {
    const schedule: Schedule = { kind: 'weekly', startDate: d('2025-09-01'), endDate: d(endDate) };
    expect(expand(schedule, '2025-09-01', '2025-12-31').map((p) => p.key)).toEqual(expected);
  });

  it('crosses the year boundary into week 1 of the next ISO year', () => {
    const schedule: Schedule = { kind: 'weekly', startDate: d('2025-12-01') };
    expect(summary(expand(schedule, '2025-12-20', '2026-01-10'))).toEqual([
      '2025-W51 2025-12-15..2025-12-21 due 2025-12-22 23:59',
      '2025-W52 2025-12-22..2025-12-28 due 2025-12-29 23:59',
      '2026-W01 2025-12-29..2026-01-04 due 2026-01-05 23:59',
      '2026-W02 2026-01-05..2026-01-11 due 2026-01-12 23:59',
    ]);
  });

  it('includes week 53 of a 53-week year', () => {
    const schedule: Schedule = { kind: 'weekly', startDate: d('2026-09-01'), dueWeekday: 3, dueTime: parseLocalTime('12:00') };
    expect(summary(expand(schedule, '2026-12-20', '2027-01-10'))).toEqual([
      '2026-W51 2026-12-14..2026-12-20 due 2026-12-23 12:00',
      '2026-W52 2026-12-21..2026-12-27 due 2026-12-30 12:00',
      '2026-W53 2026-12-28..2027-01-03 due 2027-01-06 12:00',
      '2027-W01 2027-01-04..2027-01-10 due 2027-01-13 12:00',
    ]);
  });

  it('keeps a week that overlaps both the schedule and the window even if they do not overlap each other', () => {
    const schedule: Schedule = { kind: 'weekly', startDate: d('2025-09-01'), endDate: d('2025-09-03') };
    expect(expand(schedule, '2025-09-05', '2025-09-10').map((p) => p.key)).toEqual(['2025-W36']);
  });
});

describe('expandSchedule — monthly', () => {
  it('includes the whole month containing a mid-month end date', () => {
    const schedule: Schedule = { kind: 'monthly', startDate: d('2025-08-01'), endDate: d('2025-10-15') };
    expect(summary(expand(schedule, '2025-08-01', '2025-12-31'))).toEqual([
      '2025-08 2025-08-01..2025-08-31 due 2025-08-31 23:59',
      '2025-09 2025-09-01..2025-09-30 due 2025-09-30 23:59',
      '2025-10 2025-10-01..2025-10-31 due 2025-10-31 23:59',
    ]);
  });

  it('clamps the due day to each month, including leap and common Februaries', () => {
    const schedule: Schedule = { kind: 'monthly', startDate: d('2024-01-01'), dueDayOfMonth: 31 };
    const dueDates = Object.fromEntries(expand(schedule, '2024-01-01', '2025-04-30').map((p) => [p.key, p.dueDate]));
    expect(dueDates).toMatchObject({
      '2024-01': '2024-01-31',
      '2024-02': '2024-02-29',
      '2024-04': '2024-04-30',
      '2025-02': '2025-02-28',
      '2025-03': '2025-03-31',
      '2025-04': '2025-04-30',
    });
    expect(Object.keys(dueDates)).toHaveLength(16);
  });

  it('crosses the year boundary', () => {
    const schedule: Schedule = { kind: 'monthly', startDate: d('2025-08-01'), dueDayOfMonth: 25 };
    expect(summary(expand(schedule, '2025-12-31', '2026-01-01'))).toEqual([
      '2025-12 2025-12-01..2025-12-31 due 2025-12-25 23:59',
      '2026-01 2026-01-01..2026-01-31 due 2026-01-25 23:59',
    ]);
  });
});

describe('expandSchedule — continuous', () => {
  it('reported weekly uses ISO weeks and the weekly due rule', () => {
    const schedule: Schedule = { kind: 'continuous', startDate: d('2025-08-01'), report: 'weekly', dueWeekday: 5 };
    expect(summary(expand(schedule, '2025-08-01', '2025-08-10'))).toEqual([
      '2025-W31 2025-07-28..2025-08-03 due 2025-08-08 23:59',
      '2025-W32 2025-08-04..2025-08-10 due 2025-08-15 23:59',
    ]);
  });

  it('reported monthly ignores the weekly due rule', () => {
    const schedule: Schedule = { kind: 'continuous', startDate: d('2025-08-01'), report: 'monthly', dueWeekday: 5, dueDayOfMonth: 10 };
    expect(summary(expand(schedule, '2025-08-01', '2025-08-31'))).toEqual(['2025-08 2025-08-01..2025-08-31 due 2025-08-10 23:59']);
  });
});

describe('expandSchedule — windows', () => {
  const weekly: Schedule = { kind: 'weekly', startDate: d('2025-09-01'), endDate: d('2025-10-31') };

  it.each([
    ['before the start', '2025-08-01', '2025-08-31', []],
    ['after the end', '2025-11-03', '2025-12-31', []],
    ['reversed', '2025-09-10', '2025-09-09', []],
    ['a single day', '2025-09-10', '2025-09-10', ['2025-W37']],
    ['the Sunday before the start', '2025-08-31', '2025-08-31', []],
    ['the Sunday ending the last week', '2025-11-02', '2025-11-02', ['2025-W44']],
  ])('%s', (_name, from, to, expected) => {
    expect(expand(weekly, from, to).map((p) => p.key)).toEqual(expected);
  });

  it('is deterministic and sorted', () => {
    const first = expand(weekly, '2025-08-01', '2025-12-31');
    expect(expand(weekly, '2025-08-01', '2025-12-31')).toEqual(first);
    expect(first.map((p) => p.start)).toEqual([...first.map((p) => p.start)].sort());
    expect(first).toHaveLength(9);
  });

  it('throws for an invalid schedule', () => {
    const invalid: Schedule = { kind: 'monthly', startDate: d('2025-08-01'), endDate: d('2025-07-01') };
    expect(() => expand(invalid, '2025-01-01', '2025-12-31')).toThrow('Invalid schedule: endDate end_before_start');
  });
});

describe('periodContaining', () => {
  const weekly: Schedule = { kind: 'weekly', startDate: d('2025-09-01'), endDate: d('2025-09-30') };
  const monthly: Schedule = { kind: 'monthly', startDate: d('2025-08-01') };
  const once: Schedule = { kind: 'once', startDate: d('2025-09-01'), dueDate: d('2025-09-30') };

  it.each([
    [weekly, '2025-09-03', '2025-W36'],
    [weekly, '2025-10-05', '2025-W40'],
    [weekly, '2025-10-06', null],
    [weekly, '2025-08-31', null],
    [monthly, '2025-07-31', null],
    [monthly, '2026-02-28', '2026-02'],
    [once, '2025-09-15', 'once'],
    [once, '2025-10-01', null],
  ])('%o on %s → %s', (schedule, date, expected) => {
    expect(periodContaining(schedule, d(date))?.key ?? null).toBe(expected);
  });
});
