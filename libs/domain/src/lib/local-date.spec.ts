import {
  IsoWeekday,
  addDays,
  addMonths,
  compareLocalDates,
  daysBetween,
  daysInMonth,
  isLeapYear,
  isLocalDate,
  isoWeekday,
  lastDayOfMonth,
  localDate,
  localDateParts,
  maxLocalDate,
  minLocalDate,
  parseLocalDate,
} from './local-date';

const d = parseLocalDate;

describe('isLocalDate / parseLocalDate', () => {
  it.each(['2025-09-01', '2024-02-29', '2000-02-29', '0001-01-01', '9999-12-31', '2025-04-30'])('accepts %s', (value) => {
    expect(isLocalDate(value)).toBe(true);
    expect(parseLocalDate(value)).toBe(value);
  });

  it.each([
    '2025-02-29',
    '1900-02-29',
    '2025-04-31',
    '2025-13-01',
    '2025-00-10',
    '2025-09-00',
    '0000-01-01',
    '2025-9-1',
    '25-09-01',
    '2025-09-01T00:00',
    ' 2025-09-01',
    '2025/09/01',
    '01.09.2025',
    '',
  ])('rejects %j', (value) => {
    expect(isLocalDate(value)).toBe(false);
    expect(() => parseLocalDate(value)).toThrow(RangeError);
  });

  it.each([20250901, null, undefined, new Date(0), {}])('rejects non-string %p', (value) => {
    expect(isLocalDate(value)).toBe(false);
  });
});

describe('localDate', () => {
  it.each([
    [2025, 9, 1, '2025-09-01'],
    [99, 3, 1, '0099-03-01'],
    [2024, 2, 29, '2024-02-29'],
  ])('builds %i-%i-%i as %s', (year, month, day, expected) => {
    expect(localDate(year, month, day)).toBe(expected);
  });

  it.each([
    [2025, 2, 29],
    [2025, 0, 1],
    [2025, 13, 1],
    [2025, 1, 0],
    [2025, 1, 32],
    [2025, 1.5, 1],
    [0, 1, 1],
    [10000, 1, 1],
    [NaN, 1, 1],
  ])('throws instead of rolling over %p-%p-%p', (year, month, day) => {
    expect(() => localDate(year, month, day)).toThrow(RangeError);
  });

  it('splits a date into numeric parts', () => {
    expect(localDateParts(d('0099-03-07'))).toEqual({ year: 99, month: 3, day: 7 });
  });
});

describe('leap years and month lengths', () => {
  it.each([
    [2024, true],
    [2025, false],
    [2000, true],
    [1900, false],
    [2100, false],
    [2400, true],
  ])('isLeapYear(%i) = %p', (year, expected) => {
    expect(isLeapYear(year)).toBe(expected);
  });

  it.each([
    [2025, 1, 31],
    [2025, 2, 28],
    [2024, 2, 29],
    [1900, 2, 28],
    [2000, 2, 29],
    [2025, 4, 30],
    [2025, 6, 30],
    [2025, 9, 30],
    [2025, 11, 30],
    [2025, 12, 31],
  ])('daysInMonth(%i, %i) = %i', (year, month, expected) => {
    expect(daysInMonth(year, month)).toBe(expected);
  });

  it.each([0, 13, 2.5])('daysInMonth rejects month %p', (month) => {
    expect(() => daysInMonth(2025, month)).toThrow(RangeError);
  });

  it.each([
    ['2025-02-10', '2025-02-28'],
    ['2024-02-01', '2024-02-29'],
    ['2025-08-31', '2025-08-31'],
    ['2025-09-01', '2025-09-30'],
    ['2025-12-25', '2025-12-31'],
  ])('lastDayOfMonth(%s) = %s', (date, expected) => {
    expect(lastDayOfMonth(d(date))).toBe(expected);
  });
});

describe('addDays', () => {
  it.each([
    ['2025-09-01', 0, '2025-09-01'],
    ['2025-12-31', 1, '2026-01-01'],
    ['2026-01-01', -1, '2025-12-31'],
    ['2024-02-28', 1, '2024-02-29'],
    ['2025-02-28', 1, '2025-03-01'],
    ['2025-03-01', -1, '2025-02-28'],
    ['2025-09-01', 365, '2026-09-01'],
    ['2024-03-01', -366, '2023-03-01'],
    ['2025-03-29', 2, '2025-03-31'],
    ['1969-12-31', 1, '1970-01-01'],
    ['1970-01-01', -1, '1969-12-31'],
    ['0099-12-31', 1, '0100-01-01'],
  ])('%s + (%i) days = %s', (date, days, expected) => {
    expect(addDays(d(date), days)).toBe(expected);
  });

  it('throws past year 9999', () => {
    expect(() => addDays(d('9999-12-31'), 1)).toThrow(RangeError);
  });
});

describe('addMonths', () => {
  it.each([
    ['2025-08-01', 1, '2025-09-01'],
    ['2025-01-31', 1, '2025-02-28'],
    ['2024-01-31', 1, '2024-02-29'],
    ['2025-08-31', 1, '2025-09-30'],
    ['2025-12-15', 1, '2026-01-15'],
    ['2025-01-15', -1, '2024-12-15'],
    ['2025-03-31', -1, '2025-02-28'],
    ['2025-08-01', 12, '2026-08-01'],
    ['2025-08-31', -18, '2024-02-29'],
    ['2025-08-31', 0, '2025-08-31'],
  ])('%s + (%i) months = %s', (date, months, expected) => {
    expect(addMonths(d(date), months)).toBe(expected);
  });
});

describe('daysBetween', () => {
  it.each([
    ['2025-01-01', '2025-12-31', 364],
    ['2024-01-01', '2025-01-01', 366],
    ['2025-09-07', '2025-09-01', -6],
    ['2025-09-01', '2025-09-01', 0],
    ['1969-12-31', '1970-01-02', 2],
  ])('from %s to %s is %i', (from, to, expected) => {
    expect(daysBetween(d(from), d(to))).toBe(expected);
  });
});

describe('ordering', () => {
  it.each([
    ['2025-09-01', '2025-09-02', -1],
    ['2025-09-02', '2025-09-01', 1],
    ['2025-09-01', '2025-09-01', 0],
    ['2024-12-31', '2025-01-01', -1],
    ['0999-12-31', '1000-01-01', -1],
  ])('compareLocalDates(%s, %s) = %i', (a, b, expected) => {
    expect(compareLocalDates(d(a), d(b))).toBe(expected);
  });

  it('sorts chronologically when used as a comparator', () => {
    const dates = ['2025-10-01', '2024-12-31', '2025-09-30'].map(d);
    expect([...dates].sort(compareLocalDates)).toEqual(['2024-12-31', '2025-09-30', '2025-10-01']);
  });

  it('picks the earlier and the later date', () => {
    expect(minLocalDate(d('2025-09-02'), d('2025-08-31'))).toBe('2025-08-31');
    expect(maxLocalDate(d('2025-09-02'), d('2025-08-31'))).toBe('2025-09-02');
  });
});

describe('isoWeekday', () => {
  it.each<[string, IsoWeekday]>([
    ['2025-09-01', 1],
    ['2025-09-02', 2],
    ['2025-09-03', 3],
    ['2025-09-04', 4],
    ['2025-09-05', 5],
    ['2025-09-06', 6],
    ['2025-09-07', 7],
    ['2024-12-30', 1],
    ['2021-01-03', 7],
    ['1970-01-01', 4],
    ['1969-12-31', 3],
    ['2000-02-29', 2],
    ['2024-02-29', 4],
    ['0001-01-01', 1],
  ])('%s is ISO weekday %i', (date, expected) => {
    expect(isoWeekday(d(date))).toBe(expected);
  });
});
