import { IsoWeekday, parseLocalDate } from './local-date';
import { parseLocalTime } from './local-time';
import { DueDayOfMonth, monthPeriod, oncePeriod, periodDueInstant, weekPeriod } from './period';

const d = parseLocalDate;
const t = parseLocalTime;

describe('weekPeriod', () => {
  it('covers the ISO week and falls due on Monday of the following week', () => {
    expect(weekPeriod({ year: 2025, week: 36 }, 1, t('23:59'))).toEqual({
      key: '2025-W36',
      kind: 'week',
      start: '2025-09-01',
      end: '2025-09-07',
      dueDate: '2025-09-08',
      dueTime: '23:59',
    });
  });

  it.each<[number, number, IsoWeekday, string]>([
    [2025, 36, 2, '2025-09-09'],
    [2025, 36, 5, '2025-09-12'],
    [2025, 36, 7, '2025-09-14'],
    [2025, 52, 1, '2025-12-29'],
    [2026, 53, 1, '2027-01-04'],
    [2020, 53, 3, '2021-01-06'],
  ])('%i-W%i due on weekday %i of the next week is %s', (year, week, weekday, due) => {
    expect(weekPeriod({ year, week }, weekday, t('10:00')).dueDate).toBe(due);
  });
});

describe('monthPeriod', () => {
  it('covers the calendar month and by default falls due on its last day', () => {
    expect(monthPeriod({ year: 2025, month: 8 }, 'last', t('23:59'))).toEqual({
      key: '2025-08',
      kind: 'month',
      start: '2025-08-01',
      end: '2025-08-31',
      dueDate: '2025-08-31',
      dueTime: '23:59',
    });
  });

  it.each<[number, number, DueDayOfMonth, string]>([
    [2025, 2, 'last', '2025-02-28'],
    [2024, 2, 'last', '2024-02-29'],
    [2025, 2, 31, '2025-02-28'],
    [2024, 2, 31, '2024-02-29'],
    [2025, 2, 29, '2025-02-28'],
    [2025, 2, 28, '2025-02-28'],
    [2025, 4, 31, '2025-04-30'],
    [2025, 9, 15, '2025-09-15'],
    [2025, 9, 1, '2025-09-01'],
  ])('%i-%i due on day %p is %s', (year, month, dueDay, due) => {
    expect(monthPeriod({ year, month }, dueDay, t('18:00')).dueDate).toBe(due);
  });
});

describe('oncePeriod', () => {
  it('runs from the start to the due date', () => {
    expect(oncePeriod(d('2025-09-01'), d('2025-09-30'), t('18:00'))).toEqual({
      key: 'once',
      kind: 'once',
      start: '2025-09-01',
      end: '2025-09-30',
      dueDate: '2025-09-30',
      dueTime: '18:00',
    });
  });
});

describe('periodDueInstant', () => {
  const week36 = weekPeriod({ year: 2025, week: 36 }, 1, t('23:59'));

  it.each([
    [undefined, '2025-09-08T20:59:00.000Z'],
    ['Europe/Moscow', '2025-09-08T20:59:00.000Z'],
    ['Europe/Berlin', '2025-09-08T21:59:00.000Z'],
    ['Asia/Vladivostok', '2025-09-08T13:59:00.000Z'],
  ])('in %s is %s', (zone, expected) => {
    expect(periodDueInstant(week36, zone).toISOString()).toBe(expected);
  });
});
