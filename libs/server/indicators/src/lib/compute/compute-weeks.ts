import { addDays, DEFAULT_TIME_ZONE, type LocalDate, toLocalDate, weekStartOf } from '@karta/domain';

/**
 * Monday of the ISO week that ended last before `now` in Europe/Moscow: from Monday 00:00 Moscow on,
 * the week that ended on Sunday (the Monday 06:00 schedule computes it).
 */
export function lastEndedWeekStart(now: Date): LocalDate {
  const today = toLocalDate(now, DEFAULT_TIME_ZONE);
  return addDays(weekStartOf(today), -7);
}
