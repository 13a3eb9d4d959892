import { RequestValidationException } from '@karta/api-core';
import { currentWeekStart, MAX_WEEKS, weekRange, weekRef, weekStartOfKey } from './indicators.weeks';

const fieldOf = (work: () => unknown): string | undefined => {
  try {
    work();
  } catch (error) {
    return error instanceof RequestValidationException ? error.fieldErrors[0]?.field : 'not a field error';
  }
  return undefined;
};

describe('indicator weeks', () => {
  it('turns week keys into Mondays, across the year boundary and week 53', () => {
    expect(weekStartOfKey('2025-W36', 'week')).toBe('2025-09-01');
    expect(weekStartOfKey('2026-W01', 'week')).toBe('2025-12-29');
    expect(weekStartOfKey('2026-W53', 'week')).toBe('2026-12-28');
    expect(weekRef('2025-12-29' as never)).toEqual({ weekStart: '2025-12-29', weekKey: '2026-W01' });
  });

  it('answers 400 on the named field for malformed keys and a week 53 that does not exist', () => {
    expect(fieldOf(() => weekStartOfKey('2025-W53', 'week'))).toBe('week');
    expect(fieldOf(() => weekStartOfKey('2025-36', 'from'))).toBe('from');
  });

  it('takes the current week in Moscow: Sunday 21:30 UTC is already Monday there', () => {
    expect(currentWeekStart(new Date('2025-09-07T20:59:00Z'))).toBe('2025-09-01');
    expect(currentWeekStart(new Date('2025-09-07T21:30:00Z'))).toBe('2025-09-08');
  });

  it('lists the weeks of a range, with defaults ending in the current week, up to 53 weeks', () => {
    const now = new Date('2025-09-10T09:00:00Z');
    expect(weekRange({ from: '2025-W52', to: '2026-W02' }, now, 12)).toEqual(['2025-12-22', '2025-12-29', '2026-01-05']);
    expect(weekRange({}, now, 3)).toEqual(['2025-08-25', '2025-09-01', '2025-09-08']);
    expect(weekRange({ to: '2025-W36' }, now, 1)).toEqual(['2025-09-01']);
    expect(weekRange({ from: '2025-W01', to: '2026-W01' }, now, 1)).toHaveLength(MAX_WEEKS);
    expect(fieldOf(() => weekRange({ from: '2025-W01', to: '2026-W02' }, now, 1))).toBe('from');
    expect(fieldOf(() => weekRange({ from: '2025-W37', to: '2025-W36' }, now, 1))).toBe('from');
  });
});
