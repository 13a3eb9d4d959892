import { LocalDate, daysBetween, localDate } from './local-date';
import { LocalTime, localTimeParts } from './local-time';

/** The order's weeks and deadlines are reckoned in Moscow time unless a setting says otherwise. */
export const DEFAULT_TIME_ZONE = 'Europe/Moscow';

const MS_PER_MINUTE = 60_000;
const MS_PER_DAY = 86_400_000;
const UNIX_EPOCH = localDate(1970, 1, 1);

const formatters = new Map<string, Intl.DateTimeFormat>();

/** Building a formatter is costly and its result depends only on the zone, so one is kept per zone. */
function formatterFor(timeZone: string): Intl.DateTimeFormat {
  let formatter = formatters.get(timeZone);
  if (formatter === undefined) {
    formatter = new Intl.DateTimeFormat('en-US', {
      timeZone,
      hourCycle: 'h23',
      year: 'numeric',
      month: 'numeric',
      day: 'numeric',
      hour: 'numeric',
      minute: 'numeric',
      second: 'numeric',
    });
    formatters.set(timeZone, formatter);
  }
  return formatter;
}

export function isValidTimeZone(timeZone: string): boolean {
  try {
    formatterFor(timeZone);
    return true;
  } catch {
    return false;
  }
}

interface WallClock {
  readonly date: LocalDate;
  /** Milliseconds since local midnight. */
  readonly msOfDay: number;
}

function wallClockAt(instant: number, timeZone: string): WallClock {
  const parts: Partial<Record<Intl.DateTimeFormatPartTypes, number>> = {};
  for (const part of formatterFor(timeZone).formatToParts(instant)) {
    parts[part.type] = Number(part.value);
  }
  const { year = NaN, month = NaN, day = NaN, hour = NaN, minute = NaN, second = NaN } = parts;
  return {
    date: localDate(year, month, day),
    msOfDay: ((hour * 60 + minute) * 60 + second) * 1000,
  };
}

/** Wall-clock reading expressed on the UTC time line, so that offset = reading − instant. */
function wallClockAsUtc(date: LocalDate, msOfDay: number): number {
  return daysBetween(UNIX_EPOCH, date) * MS_PER_DAY + msOfDay;
}

function offsetAt(instant: number, timeZone: string): number {
  const wholeSecond = Math.floor(instant / 1000) * 1000;
  const { date, msOfDay } = wallClockAt(wholeSecond, timeZone);
  return wallClockAsUtc(date, msOfDay) - wholeSecond;
}

function assertValidInstant(instant: Date): void {
  if (Number.isNaN(instant.getTime())) {
    throw new RangeError('Invalid Date');
  }
}

/** The calendar date the zone's clocks show at `instant`. */
export function toLocalDate(instant: Date, timeZone: string = DEFAULT_TIME_ZONE): LocalDate {
  assertValidInstant(instant);
  return wallClockAt(instant.getTime(), timeZone).date;
}

/**
 * The instant at which the zone's clocks show `time` on `date`.
 * A time skipped by a forward DST shift is moved forward by the shift (02:30 → 03:30);
 * a time that occurs twice after a backward shift resolves to the earlier occurrence
 * (the same choice as Temporal's `disambiguation: 'compatible'`).
 */
export function zonedInstant(date: LocalDate, time: LocalTime, timeZone: string = DEFAULT_TIME_ZONE): Date {
  const { hour, minute } = localTimeParts(time);
  const wall = wallClockAsUtc(date, (hour * 60 + minute) * MS_PER_MINUTE);
  // Sampling the offset a day either side finds both offsets around a transition: no zone changes twice within two days.
  const offsetBefore = offsetAt(wall - MS_PER_DAY, timeZone);
  const offsetAfter = offsetAt(wall + MS_PER_DAY, timeZone);
  const matching = [wall - offsetBefore, wall - offsetAfter]
    .filter((candidate) => wall - offsetAt(candidate, timeZone) === candidate)
    .sort((a, b) => a - b);
  return new Date(matching[0] ?? wall - offsetBefore);
}

