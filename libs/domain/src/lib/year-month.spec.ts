import { parseLocalDate } from './local-date';
import {
  YearMonth,
  compareYearMonths,
  formatYearMonth,
  isYearMonthKey,
  nextYearMonth,
  parseYearMonth,
  yearMonth,
  yearMonthEnd,
  yearMonthOf,
  yearMonthStart,
  yearMonthsBetween,
} from './year-month';

const m = (year: number, month: number): YearMonth => ({ year, month });

describe('YearMonth', () => {
  it.each([
    ['2025-08-01', m(2025, 8)],
    ['2025-08-31', m(2025, 8)],
    ['2024-02-29', m(2024, 2)],
  ])('%s is in %o', (date, expected) => {
    expect(yearMonthOf(parseLocalDate(date))).toEqual(expected);
  });

  it.each([
    [m(2025, 8), '2025-08-01', '2025-08-31'],
    [m(2025, 2), '2025-02-01', '2025-02-28'],
    [m(2024, 2), '2024-02-01', '2024-02-29'],
    [m(2025, 9), '2025-09-01', '2025-09-30'],
  ])('%o runs from %s to %s', (month, start, end) => {
    expect(yearMonthStart(month)).toBe(start);
    expect(yearMonthEnd(month)).toBe(end);
  });

  it.each([
    [m(2025, 8), m(2025, 9)],
    [m(2025, 12), m(2026, 1)],
  ])('%o is followed by %o', (month, next) => {
    expect(nextYearMonth(month)).toEqual(next);
  });

  it.each([
    [m(2025, 12), m(2026, 1), -1],
    [m(2026, 1), m(2025, 12), 1],
    [m(2025, 2), m(2025, 10), -1],
    [m(2025, 8), m(2025, 8), 0],
  ])('compare(%o, %o) = %i', (a, b, expected) => {
    expect(compareYearMonths(a, b)).toBe(expected);
  });

  it.each([
    [m(2025, 11), m(2026, 2), ['2025-11', '2025-12', '2026-01', '2026-02']],
    [m(2025, 8), m(2025, 8), ['2025-08']],
    [m(2025, 9), m(2025, 8), []],
  ])('months from %o to %o', (from, to, expected) => {
    expect(yearMonthsBetween(from, to).map(formatYearMonth)).toEqual(expected);
  });

  it.each([
    [m(2025, 8), '2025-08'],
    [m(2026, 12), '2026-12'],
    [m(999, 1), '0999-01'],
  ])('formats %o as %s and parses it back', (month, key) => {
    expect(formatYearMonth(month)).toBe(key);
    expect(parseYearMonth(key)).toEqual(month);
    expect(isYearMonthKey(key)).toBe(true);
  });

  it.each(['2025-13', '2025-00', '2025-8', '2025/08', '0000-01', '2025-08-01', ''])('rejects key %j', (key) => {
    expect(isYearMonthKey(key)).toBe(false);
    expect(() => parseYearMonth(key)).toThrow(RangeError);
  });

  it.each([
    [2025, 0],
    [2025, 13],
    [0, 1],
    [2025, 1.5],
  ])('yearMonth rejects %i-%p', (year, month) => {
    expect(() => yearMonth(year, month)).toThrow(RangeError);
  });
});
