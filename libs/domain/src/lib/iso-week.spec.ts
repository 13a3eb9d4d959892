import {
  IsoWeek,
  compareIsoWeeks,
  formatIsoWeek,
  formatIsoWeekLabelRu,
  isIsoWeekKey,
  isoWeek,
  isoWeekEnd,
  isoWeekOf,
  isoWeekStart,
  weekStartOf,
  isoWeeksBetween,
  isoWeeksInYear,
  nextIsoWeek,
  parseIsoWeek,
  previousIsoWeek,
} from './iso-week';
import { addDays, daysBetween, isoWeekday, parseLocalDate } from './local-date';

const d = parseLocalDate;
const w = (year: number, week: number): IsoWeek => ({ year, week });

describe('isoWeekOf', () => {
  it.each([
    ['2025-09-01', 2025, 36],
    ['2025-09-07', 2025, 36],
    ['2025-09-08', 2025, 37],
    ['2025-01-01', 2025, 1],
    ['2024-12-29', 2024, 52],
    ['2024-12-30', 2025, 1],
    ['2025-12-28', 2025, 52],
    ['2025-12-29', 2026, 1],
    ['2021-01-03', 2020, 53],
    ['2021-01-04', 2021, 1],
    ['2020-12-31', 2020, 53],
    ['2026-12-31', 2026, 53],
    ['2027-01-03', 2026, 53],
    ['2027-01-04', 2027, 1],
    ['2016-01-03', 2015, 53],
    ['2008-12-29', 2009, 1],
    ['2024-02-29', 2024, 9],
    ['2000-02-29', 2000, 9],
    ['1969-12-31', 1970, 1],
  ])('%s is %i-W%i', (date, year, week) => {
    expect(isoWeekOf(d(date))).toEqual({ year, week });
  });

  it('puts every day from 2019-12-20 to 2027-01-10 inside its week, Monday to Sunday', () => {
    for (let date = d('2019-12-20'); date <= '2027-01-10'; date = addDays(date, 1)) {
      const week = isoWeekOf(date);
      const offset = daysBetween(isoWeekStart(week), date);
      expect([date, offset]).toEqual([date, isoWeekday(date) - 1]);
    }
  });
});

describe('isoWeeksInYear', () => {
  it.each([
    [1992, 53],
    [2000, 52],
    [2004, 53],
    [2008, 52],
    [2009, 53],
    [2015, 53],
    [2020, 53],
    [2024, 52],
    [2025, 52],
    [2026, 53],
    [2032, 53],
    [2100, 52],
  ])('%i has %i weeks', (year, expected) => {
    expect(isoWeeksInYear(year)).toBe(expected);
  });
});

describe('isoWeekStart / isoWeekEnd', () => {
  it.each([
    [2025, 1, '2024-12-30', '2025-01-05'],
    [2025, 36, '2025-09-01', '2025-09-07'],
    [2025, 52, '2025-12-22', '2025-12-28'],
    [2026, 1, '2025-12-29', '2026-01-04'],
    [2026, 53, '2026-12-28', '2027-01-03'],
    [2020, 53, '2020-12-28', '2021-01-03'],
    [2009, 1, '2008-12-29', '2009-01-04'],
    [2024, 9, '2024-02-26', '2024-03-03'],
    [2015, 1, '2014-12-29', '2015-01-04'],
  ])('%i-W%i runs from %s to %s', (year, week, start, end) => {
    expect(isoWeekStart(w(year, week))).toBe(start);
    expect(isoWeekEnd(w(year, week))).toBe(end);
  });
});

describe('weekStartOf', () => {
  it.each([
    ['2025-09-01', '2025-09-01'], // a Monday is its own week start
    ['2025-09-07', '2025-09-01'], // Sunday belongs to the week before it
    ['2027-01-03', '2026-12-28'], // ISO week 53 of 2026 runs into January
    ['2025-01-01', '2024-12-30'], // 2025-W01 starts in December
  ])('%s → %s', (date, monday) => {
    expect(weekStartOf(parseLocalDate(date))).toBe(monday);
  });

  it('agrees with isoWeekStart(isoWeekOf(date)) for every day of four years', () => {
    for (let day = parseLocalDate('2024-01-01'); day < '2028-01-01'; day = addDays(day, 1)) {
      expect(weekStartOf(day)).toBe(isoWeekStart(isoWeekOf(day)));
    }
  });
});

describe('isoWeek', () => {
  it('builds a week that exists', () => {
    expect(isoWeek(2026, 53)).toEqual({ year: 2026, week: 53 });
  });

  it.each([
    [2025, 53],
    [2025, 0],
    [2025, 54],
    [2025, 1.5],
    [0, 1],
    [10000, 1],
  ])('rejects %i-W%p', (year, week) => {
    expect(() => isoWeek(year, week)).toThrow(RangeError);
  });
});

describe('nextIsoWeek / previousIsoWeek', () => {
  it.each([
    [w(2025, 36), w(2025, 37)],
    [w(2025, 52), w(2026, 1)],
    [w(2026, 52), w(2026, 53)],
    [w(2026, 53), w(2027, 1)],
    [w(2020, 53), w(2021, 1)],
    [w(2024, 52), w(2025, 1)],
  ])('%o is followed by %o', (week, next) => {
    expect(nextIsoWeek(week)).toEqual(next);
    expect(previousIsoWeek(next)).toEqual(week);
  });
});

describe('compareIsoWeeks', () => {
  it.each([
    [w(2025, 1), w(2024, 52), 1],
    [w(2024, 52), w(2025, 1), -1],
    [w(2025, 2), w(2025, 10), -1],
    [w(2025, 36), w(2025, 36), 0],
    [w(2026, 53), w(2027, 1), -1],
  ])('compare(%o, %o) = %i', (a, b, expected) => {
    expect(compareIsoWeeks(a, b)).toBe(expected);
  });
});

describe('isoWeeksBetween', () => {
  it.each([
    [w(2025, 51), w(2026, 2), ['2025-W51', '2025-W52', '2026-W01', '2026-W02']],
    [w(2026, 52), w(2027, 1), ['2026-W52', '2026-W53', '2027-W01']],
    [w(2025, 36), w(2025, 36), ['2025-W36']],
    [w(2025, 37), w(2025, 36), []],
  ])('from %o to %o', (from, to, expected) => {
    expect(isoWeeksBetween(from, to).map(formatIsoWeek)).toEqual(expected);
  });

  it('lists all 53 weeks of 2026', () => {
    expect(isoWeeksBetween(w(2026, 1), w(2026, 53))).toHaveLength(53);
  });
});

describe('week keys', () => {
  it.each([
    [w(2025, 36), '2025-W36'],
    [w(2025, 1), '2025-W01'],
    [w(2026, 53), '2026-W53'],
    [w(999, 5), '0999-W05'],
  ])('formats %o as %s and parses it back', (week, key) => {
    expect(formatIsoWeek(week)).toBe(key);
    expect(parseIsoWeek(key)).toEqual(week);
    expect(isIsoWeekKey(key)).toBe(true);
  });

  it.each(['2025-W53', '2025-W00', '2025-W54', '2025-W1', '2025W36', '2025-w36', '2025-36', ' 2025-W36', ''])(
    'rejects %j',
    (key) => {
      expect(isIsoWeekKey(key)).toBe(false);
      expect(() => parseIsoWeek(key)).toThrow(RangeError);
    },
  );
});

describe('formatIsoWeekLabelRu', () => {
  it.each([
    [w(2025, 36), 'неделя 36 (01.09–07.09)'],
    [w(2025, 1), 'неделя 1 (30.12–05.01)'],
    [w(2026, 53), 'неделя 53 (28.12–03.01)'],
    [w(2024, 9), 'неделя 9 (26.02–03.03)'],
  ])('labels %o as %s', (week, label) => {
    expect(formatIsoWeekLabelRu(week)).toBe(label);
  });
});
