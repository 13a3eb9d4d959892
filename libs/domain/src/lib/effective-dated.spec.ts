import { inForceOn } from './effective-dated';
import { parseLocalDate } from './local-date';

const d = parseLocalDate;

describe('inForceOn', () => {
  const headcounts = [
    { effectiveFrom: d('2025-09-01'), value: 42 },
    { effectiveFrom: d('2025-01-01'), value: 40 },
    { effectiveFrom: d('2026-01-01'), value: 45 },
  ];

  it.each([
    ['2024-12-31', null],
    ['2025-01-01', 40],
    ['2025-08-31', 40],
    ['2025-09-01', 42],
    ['2025-12-31', 42],
    ['2026-01-01', 45],
    ['2030-01-01', 45],
  ])('on %s the value is %p, whatever the input order', (date, expected) => {
    expect(inForceOn(headcounts, d(date))?.value ?? null).toBe(expected);
  });

  it('returns null for no entries', () => {
    expect(inForceOn([], d('2025-09-01'))).toBeNull();
  });

  it('lets the later of two entries with the same date win', () => {
    const corrected = [
      { effectiveFrom: d('2025-09-01'), value: 42 },
      { effectiveFrom: d('2025-09-01'), value: 43 },
    ];
    expect(inForceOn(corrected, d('2025-09-01'))?.value).toBe(43);
  });
});
