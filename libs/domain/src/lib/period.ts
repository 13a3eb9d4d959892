import { IsoWeek, formatIsoWeek, isoWeekEnd, isoWeekStart } from './iso-week';
import { IsoWeekday, LocalDate, addDays, daysInMonth, localDate } from './local-date';
import { LocalTime } from './local-time';
import { DEFAULT_TIME_ZONE, zonedInstant } from './time-zone';
import { YearMonth, formatYearMonth, yearMonthEnd, yearMonthStart } from './year-month';

export type PeriodKind = 'once' | 'week' | 'month';

/**
 * One reporting period of a roadmap action: a task is created per responsible organization per period.
 * Week and month periods always span the whole calendar unit named by `key`.
 */
export interface Period {
  /** Stable identifier within the action: `once`, `2025-W36` or `2025-08`. */
  readonly key: string;
  readonly kind: PeriodKind;
  /** First day covered, inclusive. */
  readonly start: LocalDate;
  /** Last day covered, inclusive. */
  readonly end: LocalDate;
  readonly dueDate: LocalDate;
  readonly dueTime: LocalTime;
}

/** Day of the period's own month a monthly report is due; `last` and any day past the month's length mean its last day. */
export type DueDayOfMonth = number | 'last';

export const ONCE_PERIOD_KEY = 'once';

export function oncePeriod(start: LocalDate, dueDate: LocalDate, dueTime: LocalTime): Period {
  return { key: ONCE_PERIOD_KEY, kind: 'once', start, end: dueDate, dueDate, dueTime };
}

/** The numbers for a week are known only once it has ended, so they fall due on `dueWeekday` of the following week. */
export function weekPeriod(week: IsoWeek, dueWeekday: IsoWeekday, dueTime: LocalTime): Period {
  const start = isoWeekStart(week);
  return {
    key: formatIsoWeek(week),
    kind: 'week',
    start,
    end: isoWeekEnd(week),
    dueDate: addDays(start, 7 + dueWeekday - 1),
    dueTime,
  };
}

export function monthPeriod(month: YearMonth, dueDayOfMonth: DueDayOfMonth, dueTime: LocalTime): Period {
  const length = daysInMonth(month.year, month.month);
  const dueDay = dueDayOfMonth === 'last' ? length : Math.min(dueDayOfMonth, length);
  return {
    key: formatYearMonth(month),
    kind: 'month',
    start: yearMonthStart(month),
    end: yearMonthEnd(month),
    dueDate: localDate(month.year, month.month, dueDay),
    dueTime,
  };
}

/** The instant the period's report is due, in the zone the roadmap is run in. */
export function periodDueInstant(period: Period, timeZone: string = DEFAULT_TIME_ZONE): Date {
  return zonedInstant(period.dueDate, period.dueTime, timeZone);
}
