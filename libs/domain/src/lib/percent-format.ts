// One decimal, decimal comma, no space before the sign: `15,0%`. The space Intl puts in ru-RU percent
// style (`15,0 %`) is dropped for compact tables; grouping is off so 1000% does not become `1 000,0%`.
const PERCENT_NUMBER_RU = new Intl.NumberFormat('ru-RU', {
  minimumFractionDigits: 1,
  maximumFractionDigits: 1,
  useGrouping: false,
  // A share that rounds to zero from below (a week-on-week change of −0.04 points) reads `0,0`, not `-0,0`.
  signDisplay: 'negative',
});

/** Shown for an undefined share (zero or missing denominator). */
export const NO_VALUE_RU = '—';

/** Tenths of a percent the float error of `share * 1000` may hide (0.29 * 1000 = 289.99999999999997). */
const FLOAT_SLACK = 1e-9;

/**
 * A fraction in tenths of a percent, rounded toward zero: a share shown never crosses a target it has
 * not reached (1999 / 2000 reads 99,9 %, not 100,0 %), and a shortfall shown is never smaller than it is.
 */
export function tenthsOfPercentTowardZero(fraction: number): number {
  return Math.sign(fraction) * Math.floor(Math.abs(fraction) * 1000 + FLOAT_SLACK);
}

/** Formats a fraction as a Russian percentage rounded toward zero: 0.15 → `15,0%`, 0.9995 → `99,9%`, `null` → `—`. */
export function formatPercentRu(share: number | null): string {
  return share === null ? NO_VALUE_RU : `${PERCENT_NUMBER_RU.format(tenthsOfPercentTowardZero(share) / 10)}%`;
}
