import {
  addDays,
  daysBetween,
  formatIsoWeek,
  isIsoWeekKey,
  isoWeekOf,
  isoWeekStart,
  type LocalDate,
  parseIsoWeek,
  toLocalDate,
  weekStartOf,
} from '@karta/domain';
import { RequestValidationException } from '@karta/api-core';

/** Longest range a series or matrix answers: a year of ISO weeks (53 in long years). */
export const MAX_WEEKS = 53;

export interface WeekRef {
  weekStart: string;
  weekKey: string;
}

export function fieldError(field: string, message: string): RequestValidationException {
  return new RequestValidationException([{ field, messages: [message] }]);
}

/** Monday of a week key from a URL (`2025-W36`); a malformed key answers 400 on `field`. */
export function weekStartOfKey(key: string, field: string): LocalDate {
  if (!isIsoWeekKey(key)) throw fieldError(field, 'Неделя в формате ГГГГ-Wнн, например 2025-W36');
  return isoWeekStart(parseIsoWeek(key));
}

export function weekKeyOf(weekStart: LocalDate): string {
  return formatIsoWeek(isoWeekOf(weekStart));
}

export function weekRef(weekStart: LocalDate): WeekRef {
  return { weekStart, weekKey: weekKeyOf(weekStart) };
}

/** Monday of the week in progress in Europe/Moscow. */
export function currentWeekStart(now: Date): LocalDate {
  return weekStartOf(toLocalDate(now));
}

/**
 * The weeks of `from`…`to` (keys from the query string). Missing `to` is the current week; missing
 * `from` is `defaultWeeks` weeks back from `to`. More than `MAX_WEEKS` weeks, or `from` after `to`, is 400.
 */
export function weekRange(query: { from?: string; to?: string }, now: Date, defaultWeeks: number): LocalDate[] {
  const to = query.to === undefined ? currentWeekStart(now) : weekStartOfKey(query.to, 'to');
  const from = query.from === undefined ? addDays(to, -7 * (defaultWeeks - 1)) : weekStartOfKey(query.from, 'from');
  const count = daysBetween(from, to) / 7 + 1;
  if (count < 1) throw fieldError('from', 'Начальная неделя позже конечной');
  if (count > MAX_WEEKS) throw fieldError('from', `Не больше ${MAX_WEEKS} недель`);
  return Array.from({ length: count }, (_, index) => addDays(from, 7 * index));
}
