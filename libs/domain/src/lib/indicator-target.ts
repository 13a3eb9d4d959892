import { EffectiveDated, inForceOn } from './effective-dated';
import { LocalDate } from './local-date';

/** One stage of a staged target (15 % → 75 % → 100 %), as a fraction like shares (0.15). */
export interface TargetStage extends EffectiveDated {
  readonly target: number;
}

/** Target for the week starting `weekStart` (its Monday), or `null` before the first stage. */
export function targetInForce(stages: readonly TargetStage[], weekStart: LocalDate): number | null {
  return inForceOn(stages, weekStart)?.target ?? null;
}

/**
 * `no_target` wins over `no_data`: a week without a target is not evaluated at all.
 * Share and target are both fractions computed by correctly rounded division, so a share exactly
 * at the target (3/20 against 0.15) compares equal and counts as met.
 */
export type Evaluation =
  | { readonly status: 'no_target'; readonly share: number | null }
  | { readonly status: 'no_data'; readonly target: number }
  | {
      readonly status: 'met' | 'not_met';
      readonly share: number;
      readonly target: number;
      /** How far the share falls short of the target, as a fraction; 0 when met. */
      readonly gap: number;
    };

export function evaluate(share: number | null, target: number | null): Evaluation {
  if (target === null) return { status: 'no_target', share };
  if (share === null) return { status: 'no_data', target };
  return share >= target
    ? { status: 'met', share, target, gap: 0 }
    : { status: 'not_met', share, target, gap: target - share };
}

/** Change against the previous week, as a fraction (0.05 = +5 percentage points); `null` unless both are known. */
export function shareChange(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}
