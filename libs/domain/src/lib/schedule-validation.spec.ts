import { parseLocalDate } from './local-date';
import { parseLocalTime } from './local-time';
import { Schedule } from './schedule';
import { ScheduleIssue, parseSchedule, validateSchedule } from './schedule-validation';

const d = parseLocalDate;

describe('validateSchedule', () => {
  it.each<[string, Schedule, ScheduleIssue[]]>([
    ['once without start', { kind: 'once', dueDate: d('2025-09-30') }, []],
    ['once starting on the due date', { kind: 'once', startDate: d('2025-09-30'), dueDate: d('2025-09-30') }, []],
    [
      'once starting after the due date',
      { kind: 'once', startDate: d('2025-10-01'), dueDate: d('2025-09-30') },
      [{ field: 'startDate', code: 'due_before_start' }],
    ],
    ['weekly open-ended', { kind: 'weekly', startDate: d('2025-09-01') }, []],
    ['weekly ending on its start', { kind: 'weekly', startDate: d('2025-09-01'), endDate: d('2025-09-01') }, []],
    [
      'weekly ending before its start',
      { kind: 'weekly', startDate: d('2025-09-01'), endDate: d('2025-08-31') },
      [{ field: 'endDate', code: 'end_before_start' }],
    ],
    ['monthly due on day 31', { kind: 'monthly', startDate: d('2025-08-01'), dueDayOfMonth: 31 }, []],
    [
      'monthly due on day 0',
      { kind: 'monthly', startDate: d('2025-08-01'), dueDayOfMonth: 0 },
      [{ field: 'dueDayOfMonth', code: 'invalid_day_of_month' }],
    ],
    [
      'monthly due on day 32',
      { kind: 'monthly', startDate: d('2025-08-01'), dueDayOfMonth: 32 },
      [{ field: 'dueDayOfMonth', code: 'invalid_day_of_month' }],
    ],
    [
      'continuous with a fractional due day ending too early',
      { kind: 'continuous', startDate: d('2025-08-01'), endDate: d('2025-07-31'), dueDayOfMonth: 1.5 },
      [
        { field: 'endDate', code: 'end_before_start' },
        { field: 'dueDayOfMonth', code: 'invalid_day_of_month' },
      ],
    ],
  ])('%s', (_name, schedule, expected) => {
    expect(validateSchedule(schedule)).toEqual(expected);
  });
});

describe('parseSchedule', () => {
  it.each<[string, unknown, Schedule]>([
    ['once', { kind: 'once', dueDate: '2025-09-30' }, { kind: 'once', dueDate: d('2025-09-30') }],
    [
      'weekly with every field',
      { kind: 'weekly', startDate: '2025-09-01', endDate: '2025-12-28', dueWeekday: 2, dueTime: '12:00' },
      { kind: 'weekly', startDate: d('2025-09-01'), endDate: d('2025-12-28'), dueWeekday: 2, dueTime: parseLocalTime('12:00') },
    ],
    [
      'monthly due on the last day, ignoring unknown fields',
      { kind: 'monthly', startDate: '2025-08-01', dueDayOfMonth: 'last', note: 'x' },
      { kind: 'monthly', startDate: d('2025-08-01'), dueDayOfMonth: 'last' },
    ],
    [
      'continuous reported weekly',
      { kind: 'continuous', startDate: '2025-08-01', report: 'weekly', dueWeekday: 7 },
      { kind: 'continuous', startDate: d('2025-08-01'), report: 'weekly', dueWeekday: 7 },
    ],
  ])('accepts %s', (_name, input, expected) => {
    expect(parseSchedule(input)).toEqual({ ok: true, schedule: expected });
  });

  it.each<[string, unknown, ScheduleIssue[]]>([
    ['null', null, [{ field: '', code: 'not_an_object' }]],
    ['an array', [], [{ field: '', code: 'not_an_object' }]],
    ['a string', 'weekly', [{ field: '', code: 'not_an_object' }]],
    ['an unknown kind', { kind: 'daily', startDate: '2025-09-01' }, [{ field: 'kind', code: 'unknown_kind' }]],
    ['a missing kind', { startDate: '2025-09-01' }, [{ field: 'kind', code: 'unknown_kind' }]],
    ['a missing due date', { kind: 'once' }, [{ field: 'dueDate', code: 'required' }]],
    ['a missing start date', { kind: 'weekly' }, [{ field: 'startDate', code: 'required' }]],
    ['an impossible date', { kind: 'once', dueDate: '2025-02-29' }, [{ field: 'dueDate', code: 'invalid_date' }]],
    ['a date with time', { kind: 'monthly', startDate: '2025-08-01T00:00:00Z' }, [{ field: 'startDate', code: 'invalid_date' }]],
    ['a bad time', { kind: 'once', dueDate: '2025-09-30', dueTime: '24:00' }, [{ field: 'dueTime', code: 'invalid_time' }]],
    ['weekday 0', { kind: 'weekly', startDate: '2025-09-01', dueWeekday: 0 }, [{ field: 'dueWeekday', code: 'invalid_weekday' }]],
    ['weekday 8', { kind: 'weekly', startDate: '2025-09-01', dueWeekday: 8 }, [{ field: 'dueWeekday', code: 'invalid_weekday' }]],
    ['weekday "1"', { kind: 'weekly', startDate: '2025-09-01', dueWeekday: '1' }, [{ field: 'dueWeekday', code: 'invalid_weekday' }]],
    ['day 32', { kind: 'monthly', startDate: '2025-08-01', dueDayOfMonth: 32 }, [{ field: 'dueDayOfMonth', code: 'invalid_day_of_month' }]],
    ['day "first"', { kind: 'monthly', startDate: '2025-08-01', dueDayOfMonth: 'first' }, [{ field: 'dueDayOfMonth', code: 'invalid_day_of_month' }]],
    ['a daily report', { kind: 'continuous', startDate: '2025-08-01', report: 'daily' }, [{ field: 'report', code: 'invalid_report' }]],
    ['an end before the start', { kind: 'monthly', startDate: '2025-08-01', endDate: '2025-07-31' }, [{ field: 'endDate', code: 'end_before_start' }]],
    ['a start after the due date', { kind: 'once', startDate: '2025-10-01', dueDate: '2025-09-30' }, [{ field: 'startDate', code: 'due_before_start' }]],
    [
      'several problems at once',
      { kind: 'continuous', startDate: 'soon', endDate: '2025-13-01', dueWeekday: 9, dueTime: '9:00' },
      [
        { field: 'dueTime', code: 'invalid_time' },
        { field: 'startDate', code: 'invalid_date' },
        { field: 'endDate', code: 'invalid_date' },
        { field: 'dueWeekday', code: 'invalid_weekday' },
      ],
    ],
  ])('rejects %s', (_name, input, issues) => {
    expect(parseSchedule(input)).toEqual({ ok: false, issues });
  });
});
