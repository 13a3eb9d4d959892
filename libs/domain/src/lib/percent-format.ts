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

/** Formats a fraction as a Russian percentage: 0.15 → `15,0%`, `null` → `—`. */
export function formatPercentRu(share: number | null): string {
  return share === null ? NO_VALUE_RU : `${PERCENT_NUMBER_RU.format(share * 100)}%`;
}
