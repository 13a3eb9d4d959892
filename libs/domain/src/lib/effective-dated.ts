import { LocalDate } from './local-date';

/** A value that applies from a date until the next entry's date (targets, headcounts). */
export interface EffectiveDated {
  readonly effectiveFrom: LocalDate;
}

/**
 * The entry in force on `date`: the one with the latest `effectiveFrom` not after `date`,
 * or `null` before the first. Order of `entries` does not matter; on equal dates the later entry wins.
 */
export function inForceOn<T extends EffectiveDated>(entries: readonly T[], date: LocalDate): T | null {
  let inForce: T | null = null;
  for (const entry of entries) {
    if (entry.effectiveFrom <= date && (inForce === null || entry.effectiveFrom >= inForce.effectiveFrom)) {
      inForce = entry;
    }
  }
  return inForce;
}
