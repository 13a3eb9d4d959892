import { parseCountCell, parseWeekCell, plainCount, type SheetCell } from './cells';

describe('parseWeekCell', () => {
  it.each([
    ['2025-W36', '2025-09-01'],
    ['2025-w36', '2025-09-01'],
    [' 2025-W36 ', '2025-09-01'],
    ['01.09.2025', '2025-09-01'],
    ['7.9.2025', '2025-09-01'],
    ['2025-09-03', '2025-09-01'],
    ['2025-09-07', '2025-09-01'],
    ['2025-09-08', '2025-09-08'],
    ['45901', '2025-09-01'],
    // ISO week edges: week 1 of 2026 starts in 2025, week 53 of 2026 ends in 2027.
    ['2026-W01', '2025-12-29'],
    ['01.01.2026', '2025-12-29'],
    ['2026-W53', '2026-12-28'],
    ['03.01.2027', '2026-12-28'],
  ])('%s → %s', (cell, monday) => {
    expect(parseWeekCell(cell)).toBe(monday);
  });

  it('reads Excel serials and XLSX date cells', () => {
    expect(parseWeekCell(45901)).toBe('2025-09-01');
    expect(parseWeekCell(45904.75)).toBe('2025-09-01');
    expect(parseWeekCell(new Date(Date.UTC(2025, 8, 6)))).toBe('2025-09-01');
  });

  it.each(['', 'неделя 36', '2025-W54', '2025-W53', '31.02.2025', '2025-13-01', '12', '2025/09/01'])('rejects %p', (cell) => {
    expect(parseWeekCell(cell)).toBeNull();
  });

  it('rejects numbers that are no plausible date and empty cells', () => {
    expect(parseWeekCell(12)).toBeNull();
    expect(parseWeekCell(null)).toBeNull();
    expect(parseWeekCell(new Date(Number.NaN))).toBeNull();
  });
});

describe('parseCountCell', () => {
  it.each([
    ['', null],
    ['  ', null],
    ['0', 0],
    ['42', 42],
    ['1 234', 1234],
    ['1\u00a0234', 1234],
    ['12,0', 12],
    ['12.0', 12],
  ])('%p → %p', (cell, value) => {
    expect(parseCountCell(cell)).toEqual({ ok: true, value });
  });

  it('takes numbers from XLSX as they are', () => {
    expect(parseCountCell(7)).toEqual({ ok: true, value: 7 });
    expect(parseCountCell(null)).toEqual({ ok: true, value: null });
  });

  it.each([
    ['abc', 'not_a_number'],
    ['12a', 'not_a_number'],
    ['-3', 'negative'],
    ['12,5', 'fractional'],
    ['0.5', 'fractional'],
    ['99999999999', 'too_large'],
  ])('%p is %s', (cell, problem) => {
    expect(parseCountCell(cell)).toEqual({ ok: false, problem, text: cell });
  });

  it('names XLSX problems in Russian notation', () => {
    expect(parseCountCell(2.5)).toEqual({ ok: false, problem: 'fractional', text: '2,5' });
    expect(parseCountCell(-1)).toEqual({ ok: false, problem: 'negative', text: '-1' });
  });
});

describe('plainCount', () => {
  const cells: SheetCell[] = [null, '', ' ', '0', '42', '0042', ' 42', '1 234', '12,0', '-3', 'abc', '10000000', '10000001', '99999999', '999999999',
    0, 7, 2.5, -1, 10_000_000, 10_000_001, Number.NaN, new Date(Date.UTC(2025, 8, 1))];

  it.each(cells.map((cell) => [cell]))('%p: the same count as parseCountCell, or leaves the cell to it', (cell) => {
    const plain = plainCount(cell);
    if (plain !== undefined) expect(parseCountCell(cell)).toEqual({ ok: true, value: plain });
  });

  it('answers the usual cells itself', () => {
    expect([null, '', '42', 7, 0].map(plainCount)).toEqual([null, null, 42, 7, 0]);
  });
});
