import { NO_VALUE_RU, formatPercentRu } from './percent-format';

describe('formatPercentRu', () => {
  it.each<[number | null, string]>([
    [0.15, '15,0%'],
    [0.05, '5,0%'],
    [0.75, '75,0%'],
    [1, '100,0%'],
    [0, '0,0%'],
    [1 / 3, '33,3%'],
    [2 / 3, '66,6%'],
    [1999 / 2000, '99,9%'],
    [0.9995, '99,9%'],
    [0.29, '29,0%'],
    [0.57, '57,0%'],
    [377 / 909, '41,4%'],
    [29 / 600, '4,8%'],
    [0.145, '14,5%'],
    [1 / 16, '6,2%'],
    [12.345, '1234,5%'],
    [-0.015, '-1,5%'],
    [-0.0159, '-1,5%'],
    [-0.0004, '0,0%'],
    [null, '—'],
  ])('%p → %s', (share, expected) => {
    expect(formatPercentRu(share)).toBe(expected);
  });

  it('shows an undefined share as a dash', () => {
    expect(NO_VALUE_RU).toBe('—');
  });
});
