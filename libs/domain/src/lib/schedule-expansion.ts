import { isoWeekOf, isoWeeksBetween } from './iso-week';
import { IsoWeekday, LocalDate, maxLocalDate, minLocalDate } from './local-date';
import { DueDayOfMonth, Period, monthPeriod, oncePeriod, weekPeriod } from './period';
import {
  DEFAULT_CONTINUOUS_REPORT,
  DEFAULT_DUE_DAY_OF_MONTH,
  DEFAULT_DUE_TIME,
  DEFAULT_DUE_WEEKDAY,
  OnceSchedule,
  Schedule,
} from './schedule';
import { validateSchedule } from './schedule-validation';
import { yearMonthOf, yearMonthsBetween } from './year-month';

/**
 * The schedule's periods that overlap the window [from, to] (both inclusive), in chronological order.
 * A week or month is one of the schedule's periods when it overlaps [startDate, endDate]; it is returned
 * whole, so the same key always means the same dates whichever window produced it.
 * Throws `RangeError` for a schedule that `validateSchedule` rejects.
 */
export function expandSchedule(schedule: Schedule, from: LocalDate, to: LocalDate): Period[] {
  const issues = validateSchedule(schedule);
  if (issues.length > 0) {
    throw new RangeError(`Invalid schedule: ${issues.map((issue) => `${issue.field} ${issue.code}`).join(', ')}`);
  }
  if (from > to) return [];

  const dueTime = schedule.dueTime ?? DEFAULT_DUE_TIME;
  if (schedule.kind === 'once') {
    const period = oncePeriod(schedule.startDate ?? schedule.dueDate, schedule.dueDate, dueTime);
    return period.start <= to && period.end >= from ? [period] : [];
  }

  // The unit containing a date never moves backwards as the date advances, so the first and last
  // units are those containing the later of the two starts and the earlier of the two ends.
  const first = maxLocalDate(schedule.startDate, from);
  const last = schedule.endDate === undefined ? to : minLocalDate(schedule.endDate, to);
  const recurrence = recurrenceOf(schedule);
  if (recurrence.unit === 'week') {
    return isoWeeksBetween(isoWeekOf(first), isoWeekOf(last)).map((week) =>
      weekPeriod(week, recurrence.dueWeekday, dueTime),
    );
  }
  return yearMonthsBetween(yearMonthOf(first), yearMonthOf(last)).map((month) =>
    monthPeriod(month, recurrence.dueDayOfMonth, dueTime),
  );
}

type Recurrence =
  | { readonly unit: 'week'; readonly dueWeekday: IsoWeekday }
  | { readonly unit: 'month'; readonly dueDayOfMonth: DueDayOfMonth };

function recurrenceOf(schedule: Exclude<Schedule, OnceSchedule>): Recurrence {
  switch (schedule.kind) {
    case 'weekly':
      return weeklyRecurrence(schedule.dueWeekday);
    case 'monthly':
      return monthlyRecurrence(schedule.dueDayOfMonth);
    case 'continuous':
      return (schedule.report ?? DEFAULT_CONTINUOUS_REPORT) === 'weekly'
        ? weeklyRecurrence(schedule.dueWeekday)
        : monthlyRecurrence(schedule.dueDayOfMonth);
  }
}

function weeklyRecurrence(dueWeekday: IsoWeekday = DEFAULT_DUE_WEEKDAY): Recurrence {
  return { unit: 'week', dueWeekday };
}

function monthlyRecurrence(dueDayOfMonth: DueDayOfMonth = DEFAULT_DUE_DAY_OF_MONTH): Recurrence {
  return { unit: 'month', dueDayOfMonth };
}

/** The schedule's period covering `date`, or `null` when the schedule has none there. */
export function periodContaining(schedule: Schedule, date: LocalDate): Period | null {
  return expandSchedule(schedule, date, date)[0] ?? null;
}
