import { EffectiveDated, inForceOn } from './effective-dated';
import { LocalDate } from './local-date';

/**
 * One stage of a staged target (15 % → 75 % → 100 %), as a fraction like shares (0.15). A stage may
 * apply to some organization kinds only (75 % for general-education schools while kindergartens still
 * need 15 %); `organizationKinds` null applies it to every kind the indicator covers.
 */
export interface TargetStage extends EffectiveDated {
  readonly target: number;
  readonly organizationKinds: readonly string[] | null;
}

export function stageAppliesTo(stage: Pick<TargetStage, 'organizationKinds'>, kind: string): boolean {
  return stage.organizationKinds === null || stage.organizationKinds.includes(kind);
}

/**
 * Target of an organization of `kind` for the week starting `weekStart` (its Monday): the latest stage
 * applying to the kind, or `null` before the first.
 */
export function targetInForce(stages: readonly TargetStage[], weekStart: LocalDate, kind: string): number | null {
  return inForceOn(
    stages.filter((stage) => stageAppliesTo(stage, kind)),
    weekStart,
  )?.target ?? null;
}

export type TargetStageIssueCode = 'same_week' | 'kind_outside_indicator' | 'no_kinds';

export const TARGET_STAGE_ISSUE_MESSAGES: Readonly<Record<TargetStageIssueCode, string>> = {
  same_week: 'Для одного вида организаций два этапа не могут начинаться в одну неделю',
  kind_outside_indicator: 'Показатель не считается для этого вида организаций',
  no_kinds: 'Укажите хотя бы один вид организаций или «все виды»',
};

export interface TargetStageIssue {
  /** Index of the stage in the list given. */
  readonly index: number;
  readonly field: 'effectiveFrom' | 'organizationKinds';
  readonly code: TargetStageIssueCode;
}

/**
 * What is wrong with a list of stages of an indicator covering `indicatorKinds`: a kind outside the
 * indicator, an empty kind list, or two stages starting the same week for a common kind (the target in
 * force would be ambiguous). Empty when the list is valid.
 */
export function targetStageIssues(stages: readonly Pick<TargetStage, 'effectiveFrom' | 'organizationKinds'>[], indicatorKinds: readonly string[]): TargetStageIssue[] {
  const issues: TargetStageIssue[] = [];
  stages.forEach((stage, index) => {
    if (stage.organizationKinds !== null && stage.organizationKinds.length === 0) issues.push({ index, field: 'organizationKinds', code: 'no_kinds' });
    else if (stage.organizationKinds?.some((kind) => !indicatorKinds.includes(kind))) issues.push({ index, field: 'organizationKinds', code: 'kind_outside_indicator' });
    const clash = stages
      .slice(0, index)
      .some((earlier) => earlier.effectiveFrom === stage.effectiveFrom && indicatorKinds.some((kind) => stageAppliesTo(earlier, kind) && stageAppliesTo(stage, kind)));
    if (clash) issues.push({ index, field: 'effectiveFrom', code: 'same_week' });
  });
  return issues;
}

/** How an indicator's result for an organization or a subtree reads (`indicator_snapshot.status`). */
export const INDICATOR_STATUSES = ['met', 'not_met', 'no_data', 'no_denominator', 'no_target'] as const;
export type IndicatorStatus = (typeof INDICATOR_STATUSES)[number];

/**
 * `no_target` wins over everything: a week without a target is not evaluated at all. Then
 * `no_denominator` (a headcount to fix) over `no_data` (numbers not reported): both leave the share
 * undefined, never 0 %, and they are listed apart because different people fix them.
 * Share and target are both fractions computed by correctly rounded division, so a share exactly
 * at the target (3/20 against 0.15) compares equal and counts as met.
 */
export type Evaluation =
  | { readonly status: 'no_target'; readonly share: number | null }
  | { readonly status: 'no_data' | 'no_denominator'; readonly target: number }
  | {
      readonly status: 'met' | 'not_met';
      readonly share: number;
      readonly target: number;
      /** How far the share falls short of the target, as a fraction; 0 when met. */
      readonly gap: number;
    };

export function evaluate(share: number | null, target: number | null, denominatorMissing = false): Evaluation {
  if (target === null) return { status: 'no_target', share };
  if (share === null) return { status: denominatorMissing ? 'no_denominator' : 'no_data', target };
  return share >= target
    ? { status: 'met', share, target, gap: 0 }
    : { status: 'not_met', share, target, gap: target - share };
}

/** Change against the previous week, as a fraction (0.05 = +5 percentage points); `null` unless both are known. */
export function shareChange(current: number | null, previous: number | null): number | null {
  return current === null || previous === null ? null : current - previous;
}
