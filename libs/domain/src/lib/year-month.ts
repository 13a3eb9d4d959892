import { Comparison, compareNumbers } from './comparison';
import { LocalDate, lastDayOfMonth, localDate, localDateParts } from './local-date';
import { pad2, padYear } from './pad';

/** A calendar month. */
export interface YearMonth {
  readonly year: number;
  /** 1–12 */
  readonly month: number;
}

const YEAR_MONTH_PATTERN = /^(\d{4})-(\d{2})$/;

function isValidYearMonth(year: number, month: number): boolean {
  return Number.isInteger(year) && year >= 1 && year <= 9999 && Number.isInteger(month) && month >= 1 && month <= 12;
}

export function yearMonth(year: number, month: number): YearMonth {
  if (!isValidYearMonth(year, month)) {
    throw new RangeError(`Invalid month: ${year}-${month}`);
  }
  return { year, month };
}

export function yearMonthOf(date: LocalDate): YearMonth {
  const { year, month } = localDateParts(date);
  return { year, month };
}

export function yearMonthStart({ year, month }: YearMonth): LocalDate {
  return localDate(year, month, 1);
}

export function yearMonthEnd(month: YearMonth): LocalDate {
  return lastDayOfMonth(yearMonthStart(month));
}

export function nextYearMonth({ year, month }: YearMonth): YearMonth {
  return month === 12 ? yearMonth(year + 1, 1) : { year, month: month + 1 };
}

export function compareYearMonths(a: YearMonth, b: YearMonth): Comparison {
  return compareNumbers(a.year, b.year) || compareNumbers(a.month, b.month);
}

/** Every month from `from` to `to`, both included; empty when `from` is after `to`. */
export function yearMonthsBetween(from: YearMonth, to: YearMonth): YearMonth[] {
  const months: YearMonth[] = [];
  for (let month = from; compareYearMonths(month, to) <= 0; month = nextYearMonth(month)) {
    months.push(month);
  }
  return months;
}

/** Whether `value` is a month key such as `2025-08`. */
export function isYearMonthKey(value: string): boolean {
  const match = YEAR_MONTH_PATTERN.exec(value);
  return match !== null && isValidYearMonth(Number(match[1]), Number(match[2]));
}

/** Parses `2025-08`; throws `RangeError` for anything else. */
export function parseYearMonth(value: string): YearMonth {
  if (!isYearMonthKey(value)) {
    throw new RangeError(`Invalid month: "${value}"`);
  }
  return { year: Number(value.slice(0, 4)), month: Number(value.slice(5)) };
}

/** `2025-08`: the stable key used for monthly periods. */
export function formatYearMonth({ year, month }: YearMonth): string {
  return `${padYear(year)}-${pad2(month)}`;
}
