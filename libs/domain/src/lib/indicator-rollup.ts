import { computeShare } from './indicator';
import { evaluate, type IndicatorStatus } from './indicator-target';

/** One organization's result for a week, as the rollup reads it. */
export interface RolledUpResult {
  readonly numerator: number | null;
  readonly denominator: number | null;
  readonly share: number | null;
  readonly target: number | null;
  readonly status: IndicatorStatus;
}

/** An indicator over a subtree (district, region) for a week. */
export interface IndicatorRollup {
  /** Sum of the numerators of the organizations with a share. */
  readonly numerator: number;
  /** Sum of the denominators of every organization in scope that has one: reported or not. */
  readonly denominator: number;
  /**
   * The headline: numerator / denominator — a lower bound, never inflated by who did not report; null
   * while no organization has a share (nobody reported: no data, not 0 %).
   */
  readonly share: number | null;
  /** Sum of the denominators of the organizations with a share. */
  readonly reportedDenominator: number;
  /** Share among the organizations that reported: numerator / reportedDenominator. */
  readonly reportedShare: number | null;
  readonly target: number | null;
  readonly status: IndicatorStatus;
  readonly gap: number | null;
  readonly organizationsTotal: number;
  /** Organizations that reported their numbers (numerator known). */
  readonly organizationsReported: number;
  readonly organizationsMet: number;
  readonly organizationsNotMet: number;
  readonly organizationsNoData: number;
  readonly organizationsNoDenominator: number;
}

/**
 * The subtree's target: the target every organization has when they share one; when kinds have
 * different targets (75 % for schools, 15 % for kindergartens), their mean weighted by denominators,
 * so the headline meets it exactly when the organizations' numerators add up to what their own targets
 * ask. Organizations without a denominator weigh nothing; with no weight at all, the highest target.
 */
export function rollupTarget(results: readonly Pick<RolledUpResult, 'denominator' | 'target'>[]): number | null {
  const targeted = results.filter((result) => result.target !== null);
  if (!targeted.length) return null;
  const targets = targeted.map((result) => result.target as number);
  const lowest = Math.min(...targets);
  const highest = Math.max(...targets);
  if (lowest === highest) return lowest;
  const weighted = targeted.filter((result) => (result.denominator ?? 0) > 0);
  const weight = weighted.reduce((sum, result) => sum + (result.denominator as number), 0);
  if (weight === 0) return highest;
  return weighted.reduce((sum, result) => sum + (result.target as number) * (result.denominator as number), 0) / weight;
}

/**
 * Rolls the organizations of a subtree up: the headline share is the sum of numerators over the sum of
 * denominators of *every* organization in scope (one without numbers adds its denominator and nothing
 * to the numerator), beside it the share among those that reported and the counts by status. The
 * rollup's status follows the headline against `rollupTarget`.
 */
export function rollUp(results: readonly RolledUpResult[]): IndicatorRollup {
  const withShare = results.filter((result) => result.share !== null);
  const sum = (rows: readonly RolledUpResult[], pick: (row: RolledUpResult) => number | null) => rows.reduce((total, row) => total + (pick(row) ?? 0), 0);
  const numerator = sum(withShare, (row) => row.numerator);
  const denominator = sum(results, (row) => row.denominator);
  const reportedDenominator = sum(withShare, (row) => row.denominator);
  const share = withShare.length ? computeShare(numerator, denominator) : null;
  const target = rollupTarget(results);
  const evaluation = evaluate(share, target);
  const count = (status: IndicatorStatus) => results.filter((result) => result.status === status).length;
  return {
    numerator,
    denominator,
    share,
    reportedDenominator,
    reportedShare: computeShare(numerator, reportedDenominator),
    target,
    status: evaluation.status,
    gap: 'gap' in evaluation ? evaluation.gap : null,
    organizationsTotal: results.length,
    organizationsReported: results.filter((result) => result.numerator !== null).length,
    organizationsMet: count('met'),
    organizationsNotMet: count('not_met'),
    organizationsNoData: count('no_data'),
    organizationsNoDenominator: count('no_denominator'),
  };
}
