/** Result of a three-way comparison, usable directly as an `Array.prototype.sort` comparator result. */
export type Comparison = -1 | 0 | 1;

export function compareNumbers(a: number, b: number): Comparison {
  return a < b ? -1 : a > b ? 1 : 0;
}
