import { Comparison } from './comparison';
import { pad2, padYear } from './pad';

declare const localDateBrand: unique symbol;

/**
 * A calendar date without time or zone, as `YYYY-MM-DD` (years 0001–9999).
 * Branded so that only validated strings are accepted; the string form sorts chronologically.
 */
export type LocalDate = string & { readonly [localDateBrand]: true };

/** ISO day of week: Monday = 1 … Sunday = 7. */
export type IsoWeekday = 1 | 2 | 3 | 4 | 5 | 6 | 7;

export interface LocalDateParts {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
  readonly day: number;
}

const LOCAL_DATE_PATTERN = /^(\d{4})-(\d{2})-(\d{2})$/;
const MS_PER_DAY = 86_400_000;
const THIRTY_DAY_MONTHS: ReadonlySet<number> = new Set([4, 6, 9, 11]);

export function isLeapYear(year: number): boolean {
  return (year % 4 === 0 && year % 100 !== 0) || year % 400 === 0;
}

export function daysInMonth(year: number, month: number): number {
  if (!Number.isInteger(month) || month < 1 || month > 12) {
    throw new RangeError(`Invalid month: ${month}`);
  }
  if (month === 2) return isLeapYear(year) ? 29 : 28;
  return THIRTY_DAY_MONTHS.has(month) ? 30 : 31;
}

function isValidDate(year: number, month: number, day: number): boolean {
  return (
    Number.isInteger(year) &&
    year >= 1 &&
    year <= 9999 &&
    Number.isInteger(month) &&
    month >= 1 &&
    month <= 12 &&
    Number.isInteger(day) &&
    day >= 1 &&
    day <= daysInMonth(year, month)
  );
}

/** Builds a date from its parts; throws `RangeError` instead of rolling over (no 31 February → 3 March). */
export function localDate(year: number, month: number, day: number): LocalDate {
  if (!isValidDate(year, month, day)) {
    throw new RangeError(`Invalid calendar date: ${year}-${month}-${day}`);
  }
  return `${padYear(year)}-${pad2(month)}-${pad2(day)}` as LocalDate;
}

export function isLocalDate(value: unknown): value is LocalDate {
  if (typeof value !== 'string') return false;
  const match = LOCAL_DATE_PATTERN.exec(value);
  return match !== null && isValidDate(Number(match[1]), Number(match[2]), Number(match[3]));
}

/** Parses `YYYY-MM-DD`; throws `RangeError` for anything else, including impossible dates. */
export function parseLocalDate(value: string): LocalDate {
  if (!isLocalDate(value)) {
    throw new RangeError(`Invalid local date: "${value}"`);
  }
  return value;
}

export function localDateParts(date: LocalDate): LocalDateParts {
  return {
    year: Number(date.slice(0, 4)),
    month: Number(date.slice(5, 7)),
    day: Number(date.slice(8, 10)),
  };
}

export function compareLocalDates(a: LocalDate, b: LocalDate): Comparison {
  return a < b ? -1 : a > b ? 1 : 0;
}

export function minLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return a <= b ? a : b;
}

export function maxLocalDate(a: LocalDate, b: LocalDate): LocalDate {
  return a >= b ? a : b;
}

export function addDays(date: LocalDate, days: number): LocalDate {
  return fromEpochDay(toEpochDay(date) + days);
}

/** Adds calendar months, clamping the day to the target month's length (31 January + 1 month = 28/29 February). */
export function addMonths(date: LocalDate, months: number): LocalDate {
  const { year, month, day } = localDateParts(date);
  const monthIndex = year * 12 + (month - 1) + months;
  const targetYear = Math.floor(monthIndex / 12);
  const targetMonth = monthIndex - targetYear * 12 + 1;
  return localDate(targetYear, targetMonth, Math.min(day, daysInMonth(targetYear, targetMonth)));
}

/** Whole days from `from` to `to` (negative when `to` is earlier). */
export function daysBetween(from: LocalDate, to: LocalDate): number {
  return toEpochDay(to) - toEpochDay(from);
}

export function isoWeekday(date: LocalDate): IsoWeekday {
  // 1970-01-01 (epoch day 0) was a Thursday (4).
  return ((((toEpochDay(date) + 3) % 7) + 7) % 7 + 1) as IsoWeekday;
}

export function lastDayOfMonth(date: LocalDate): LocalDate {
  const { year, month } = localDateParts(date);
  return localDate(year, month, daysInMonth(year, month));
}

/** Days since 1970-01-01. `Date` is used here only as a proleptic-Gregorian calculator in UTC. */
function toEpochDay(date: LocalDate): number {
  const { year, month, day } = localDateParts(date);
  const utc = new Date(0);
  // setUTCFullYear, unlike Date.UTC, does not map years 0–99 to 1900–1999.
  utc.setUTCFullYear(year, month - 1, day);
  return Math.round(utc.getTime() / MS_PER_DAY);
}

function fromEpochDay(epochDay: number): LocalDate {
  const utc = new Date(epochDay * MS_PER_DAY);
  return localDate(utc.getUTCFullYear(), utc.getUTCMonth() + 1, utc.getUTCDate());
}
