import { IsoWeekday, LocalDate, isLocalDate } from './local-date';
import { LocalTime, isLocalTime } from './local-time';
import { DueDayOfMonth } from './period';
import { ContinuousReport, Schedule } from './schedule';

export type ScheduleIssueCode =
  | 'not_an_object'
  | 'unknown_kind'
  | 'required'
  | 'invalid_date'
  | 'invalid_time'
  | 'invalid_weekday'
  | 'invalid_day_of_month'
  | 'invalid_report'
  | 'end_before_start'
  | 'due_before_start';

export interface ScheduleIssue {
  /** The offending field, or `''` for the value as a whole. */
  readonly field: string;
  readonly code: ScheduleIssueCode;
}

export type ScheduleParseResult =
  | { readonly ok: true; readonly schedule: Schedule }
  | { readonly ok: false; readonly issues: readonly ScheduleIssue[] };

/** Rules the types cannot express. An empty list means the schedule is valid. */
export function validateSchedule(schedule: Schedule): ScheduleIssue[] {
  const issues: ScheduleIssue[] = [];
  if (schedule.kind === 'once') {
    if (schedule.startDate !== undefined && schedule.startDate > schedule.dueDate) {
      issues.push({ field: 'startDate', code: 'due_before_start' });
    }
    return issues;
  }
  if (schedule.endDate !== undefined && schedule.endDate < schedule.startDate) {
    issues.push({ field: 'endDate', code: 'end_before_start' });
  }
  if (schedule.kind !== 'weekly' && schedule.dueDayOfMonth !== undefined && !isDueDayOfMonth(schedule.dueDayOfMonth)) {
    issues.push({ field: 'dueDayOfMonth', code: 'invalid_day_of_month' });
  }
  return issues;
}

function isDueDayOfMonth(value: unknown): value is DueDayOfMonth {
  return value === 'last' || (typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 31);
}

function isIsoWeekday(value: unknown): value is IsoWeekday {
  return typeof value === 'number' && Number.isInteger(value) && value >= 1 && value <= 7;
}

function isContinuousReport(value: unknown): value is ContinuousReport {
  return value === 'weekly' || value === 'monthly';
}

/**
 * Turns untrusted input (a request body, a JSON column) into a `Schedule`, copying only known fields.
 * Reports every problem found rather than the first.
 */
export function parseSchedule(value: unknown): ScheduleParseResult {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) {
    return { ok: false, issues: [{ field: '', code: 'not_an_object' }] };
  }
  const input = value as Readonly<Record<string, unknown>>;
  const issues: ScheduleIssue[] = [];

  function field<T>(name: string, isValid: (v: unknown) => v is T, code: ScheduleIssueCode): T | undefined {
    const raw = input[name];
    if (raw === undefined) return undefined;
    if (isValid(raw)) return raw;
    issues.push({ field: name, code });
    return undefined;
  }
  function requiredDate(name: string): LocalDate {
    if (input[name] === undefined) issues.push({ field: name, code: 'required' });
    // The placeholder is never returned: any issue makes the result `ok: false`.
    return field(name, isLocalDate, 'invalid_date') ?? ('' as LocalDate);
  }
  const dueTime = field<LocalTime>('dueTime', isLocalTime, 'invalid_time');

  let schedule: Schedule;
  switch (input['kind']) {
    case 'once':
      schedule = { kind: 'once', startDate: field('startDate', isLocalDate, 'invalid_date'), dueDate: requiredDate('dueDate'), dueTime };
      break;
    case 'weekly':
      schedule = {
        kind: 'weekly',
        startDate: requiredDate('startDate'),
        endDate: field('endDate', isLocalDate, 'invalid_date'),
        dueWeekday: field('dueWeekday', isIsoWeekday, 'invalid_weekday'),
        dueTime,
      };
      break;
    case 'monthly':
      schedule = {
        kind: 'monthly',
        startDate: requiredDate('startDate'),
        endDate: field('endDate', isLocalDate, 'invalid_date'),
        dueDayOfMonth: field('dueDayOfMonth', isDueDayOfMonth, 'invalid_day_of_month'),
        dueTime,
      };
      break;
    case 'continuous':
      schedule = {
        kind: 'continuous',
        startDate: requiredDate('startDate'),
        endDate: field('endDate', isLocalDate, 'invalid_date'),
        report: field('report', isContinuousReport, 'invalid_report'),
        dueWeekday: field('dueWeekday', isIsoWeekday, 'invalid_weekday'),
        dueDayOfMonth: field('dueDayOfMonth', isDueDayOfMonth, 'invalid_day_of_month'),
        dueTime,
      };
      break;
    default:
      return { ok: false, issues: [{ field: 'kind', code: 'unknown_kind' }] };
  }
  if (issues.length > 0) return { ok: false, issues };
  const ruleIssues = validateSchedule(schedule);
  return ruleIssues.length > 0 ? { ok: false, issues: ruleIssues } : { ok: true, schedule: withoutUndefined(schedule) };
}

/** Keeps parsed schedules free of `key: undefined`, so they compare and serialize like hand-written ones. */
function withoutUndefined<T extends object>(value: T): T {
  return Object.fromEntries(Object.entries(value).filter(([, v]) => v !== undefined)) as T;
}
