import { isoWeek } from '@karta/domain';
import { cellDescription, currentWeek, firstOfWeeks, formatChangeRu, formatGapRu, lastFinishedWeek, shareText, STATUS_COLORS, STATUS_ORDER, weekFromParam, weekLabel, weeksBack } from './indicator-format';

describe('indicator-format', () => {
  describe('weeks in Moscow time', () => {
    it('takes the week from the Moscow date, not the browser zone: Sunday 23:30 Moscow is still the old week', () => {
      // 2025-09-07 is the Sunday of week 36; 20:30 UTC = 23:30 Moscow.
      expect(currentWeek(new Date('2025-09-07T20:30:00Z'))).toEqual(isoWeek(2025, 36));
      // 21:30 UTC = 00:30 Monday in Moscow: week 37 has begun, week 36 is the last finished one.
      expect(currentWeek(new Date('2025-09-07T21:30:00Z'))).toEqual(isoWeek(2025, 37));
      expect(lastFinishedWeek(new Date('2025-09-07T21:30:00Z'))).toEqual(isoWeek(2025, 36));
    });

    it('steps back over the year boundary and week 53', () => {
      // 2021-01-04 is the Monday of 2021-W01; the week before is 2020-W53.
      expect(lastFinishedWeek(new Date('2021-01-04T09:00:00Z'))).toEqual(isoWeek(2020, 53));
      expect(weeksBack(isoWeek(2021, 2), 3)).toEqual([isoWeek(2021, 2), isoWeek(2021, 1), isoWeek(2020, 53)]);
      expect(firstOfWeeks(isoWeek(2026, 2), 3)).toEqual(isoWeek(2025, 52));
    });

    it('reads a week from the URL only when it exists', () => {
      const fallback = isoWeek(2025, 36);
      expect(weekFromParam('2026-W10', fallback)).toEqual(isoWeek(2026, 10));
      expect(weekFromParam('2025-W53', fallback)).toBe(fallback);
      expect(weekFromParam('потом', fallback)).toBe(fallback);
      expect(weekFromParam(null, fallback)).toBe(fallback);
    });

    it('labels a week by its number and its Monday–Sunday', () => {
      expect(weekLabel('2025-W36')).toBe('неделя 36 (01.09–07.09)');
      expect(weekLabel('2020-W53')).toBe('неделя 53 (28.12–03.01)');
    });
  });

  it('never shows an undefined share as 0 %', () => {
    expect(shareText(null)).toBe('нет данных');
    expect(shareText(0)).toBe('0,0%');
    expect(shareText(0.15)).toBe('15,0%');
  });

  it('writes changes in signed percentage points', () => {
    expect(formatChangeRu(0.05)).toBe('+5,0 п.п.');
    expect(formatChangeRu(-0.125)).toBe('-12,5 п.п.');
    expect(formatChangeRu(0)).toBe('0,0 п.п.');
    expect(formatChangeRu(null)).toBe('—');
    expect(formatGapRu(0.645)).toBe('64,5 п.п.');
    expect(formatGapRu(null)).toBe('—');
  });

  it('rounds a shortfall away from zero: never 0,0 п.п. below target, and share + gap add up to the target shown', () => {
    expect(formatGapRu(0.0001)).toBe('0,1 п.п.'); // 74,99 % against 75 %
    expect(formatGapRu(1 - 1999 / 2000)).toBe('0,1 п.п.');
    expect(formatGapRu(0.00049)).toBe('0,1 п.п.');
    expect(formatGapRu(0.0011)).toBe('0,2 п.п.');
    // Float error does not push an exact shortfall up a tenth: 0.75 − 0.29 = 0.45999999999999996, 0.46 * 1000 = 460.00000000000006.
    expect(formatGapRu(0.75 - 0.29)).toBe('46,0 п.п.');
    expect(formatGapRu(0.46)).toBe('46,0 п.п.');
    expect(formatGapRu(0.15 - 3 / 40)).toBe('7,5 п.п.');
    expect(formatGapRu(0)).toBe('0,0 п.п.'); // met: no shortfall, and no «-0,0»
    // 1999 of 2000 against 100 %: the share reads 99,9% (toward zero) and the gap 0,1 п.п. (away from zero).
    expect(shareText(1999 / 2000)).toBe('99,9%');
  });

  it('gives every status its own colour, «нет знаменателя» included', () => {
    expect(new Set(Object.values(STATUS_COLORS)).size).toBe(5);
    expect(STATUS_ORDER).toEqual(['met', 'not_met', 'no_data', 'no_denominator', 'no_target']);
  });

  it('describes a heatmap cell in words', () => {
    expect(cellDescription('СОШ №1', '2025-W36', { status: 'met', share: 0.8 })).toBe('СОШ №1, неделя 36 (01.09–07.09): достигнут, 80,0%');
    expect(cellDescription('СОШ №1', '2025-W36', { status: 'no_data', share: null })).toBe('СОШ №1, неделя 36 (01.09–07.09): нет данных');
    expect(cellDescription('СОШ №1', '2025-W36', null)).toBe('СОШ №1, неделя 36 (01.09–07.09): не рассчитано');
    expect(cellDescription('СОШ №1', '2025-W36', { status: 'no_denominator', share: null })).toBe('СОШ №1, неделя 36 (01.09–07.09): нет знаменателя');
    // The same rounding as the cards: toward zero, never a target that was not reached.
    expect(cellDescription('СОШ №1', '2025-W36', { status: 'not_met', share: 0.9995 })).toBe('СОШ №1, неделя 36 (01.09–07.09): ниже цели, 99,9%');
  });
});
