import type { FieldError, IndicatorDto, OrganizationKindValue, TargetStageDto } from '@karta/contracts';
import { formatPercentRu, isInnerOrganizationKind, isLocalDate, isoWeekday, parseLocalDate, type LocalDate, TARGET_STAGE_ISSUE_MESSAGES, targetInForce, targetStageIssues } from '@karta/domain';
import { formatLocalDate } from '../organizations/organization-format';
import { ORGANIZATION_KIND_PLURALS, OTHER_KINDS_LABEL } from './indicator-labels';

/** One stage as typed in the editor: the Monday it starts, the target in percent and its kinds (null = every kind). */
export interface StageInput {
  from: string;
  percent: string;
  kinds: OrganizationKindValue[] | null;
}

export function stageInputs(targets: readonly TargetStageDto[]): StageInput[] {
  // Fractions have at most 4 decimals (the API's limit), so two decimals of a percent are exact.
  return targets.map((stage) => ({
    from: stage.effectiveFrom,
    percent: String(Math.round(stage.target * 10000) / 100),
    kinds: stage.organizationKinds && [...stage.organizationKinds],
  }));
}

export interface ParsedStages {
  /** In the rows' order, so the API's field errors `targets.<i>.…` name row i; null while any row has an error. */
  targets: TargetStageDto[] | null;
  /** Per row, the first problem. */
  errors: (string | null)[];
}

function percentOf(row: StageInput): number {
  return Number(row.percent.replace(',', '.'));
}

/**
 * Validates the editor's rows the way the API does: Mondays, 0–100 %, kinds of the indicator, and no two
 * stages starting the same week for a common kind (libs/domain `targetStageIssues`, the server's rule).
 */
export function parseStages(rows: readonly StageInput[], indicatorKinds: readonly OrganizationKindValue[]): ParsedStages {
  const issues = targetStageIssues(
    // Dates are only compared with each other here; a row whose date is not a Monday gets that error first.
    rows.map((row) => ({ effectiveFrom: row.from as LocalDate, organizationKinds: row.kinds })),
    indicatorKinds,
  );
  const errors = rows.map((row, index) => {
    if (!isLocalDate(row.from)) return 'Укажите дату начала этапа';
    if (isoWeekday(row.from) !== 1) return 'Этап начинается с понедельника';
    const percent = percentOf(row);
    if (row.percent.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) return 'Цель от 0 до 100 %';
    const issue = issues.find((i) => i.index === index);
    return issue ? TARGET_STAGE_ISSUE_MESSAGES[issue.code] : null;
  });
  if (rows.length === 0 || errors.some((e) => e !== null)) return { targets: null, errors };
  const targets = rows.map((row) => ({ effectiveFrom: row.from, target: Math.round(percentOf(row) * 100) / 10000, organizationKinds: row.kinds }));
  return { targets, errors };
}

/**
 * The API's 400 answer spread over the rows (`targets.2.organizationKinds` → row 2); `other` keeps what
 * names no row.
 */
export function stageFieldErrors(fieldErrors: readonly FieldError[], rowCount: number): { rows: (string | null)[]; other: string[] } {
  const rows: (string | null)[] = Array.from({ length: rowCount }, () => null);
  const other: string[] = [];
  for (const error of fieldErrors) {
    const match = /^targets\.(\d+)(?:\.|$)/.exec(error.field);
    const index = match ? Number(match[1]) : -1;
    if (index >= 0 && index < rowCount) rows[index] = [rows[index], ...error.messages].filter(Boolean).join('. ');
    else other.push(...error.messages);
  }
  return { rows, other };
}

export function kindsText(kinds: readonly OrganizationKindValue[]): string {
  return kinds.map((kind) => ORGANIZATION_KIND_PLURALS[kind]).join(', ');
}

/** `с 01.09.2025 — 15,0%; с 10.11.2025 — 75,0% (школы)`, or «цель не задана». */
export function describeStages(targets: readonly TargetStageDto[]): string {
  if (!targets.length) return 'цель не задана';
  return targets
    .map((stage) => `с ${formatLocalDate(stage.effectiveFrom)} — ${formatPercentRu(stage.target)}${stage.organizationKinds ? ` (${kindsText(stage.organizationKinds)})` : ''}`)
    .join('; ');
}

/**
 * The targets in force for the week starting `weekStart`, per kind, when they differ:
 * `школы — 75,0%, остальные — 15,0%` (highest first; the group of most kinds, when it has several, is
 * «остальные» and comes last). null when every kind has the same target.
 */
export function targetsByKind(
  indicator: Pick<IndicatorDto, 'targets' | 'organizationKinds'>,
  weekStart: string,
  kinds: readonly OrganizationKindValue[] = indicator.organizationKinds,
): string | null {
  const stages = indicator.targets.map((stage) => ({ ...stage, effectiveFrom: parseLocalDate(stage.effectiveFrom) }));
  const week = parseLocalDate(weekStart);
  const groups = new Map<number | null, OrganizationKindValue[]>();
  for (const kind of kinds) {
    const target = targetInForce(stages, week, kind);
    groups.set(target, [...(groups.get(target) ?? []), kind]);
  }
  if (groups.size < 2) return null;
  const ordered = [...groups].sort(([a], [b]) => (b ?? -1) - (a ?? -1));
  const largest = ordered.reduce((best, group) => (group[1].length > best[1].length ? group : best));
  const others = largest[1].length > 1 ? largest : null;
  const text = (names: string, target: number | null) => `${names} — ${target === null ? 'не задана' : formatPercentRu(target)}`;
  return [
    ...ordered.filter((group) => group !== others).map(([target, groupKinds]) => text(kindsText(groupKinds), target)),
    ...(others ? [text(OTHER_KINDS_LABEL, others[0])] : []),
  ].join(', ');
}

/**
 * A card's target: `цель 75,0%`, or — when the kinds of the scope have different targets that week — the
 * rollup's weighted target with the targets by kind: `цель 51,3% (школы — 75,0%, остальные — 15,0%)`.
 * A leaf organization has only its own kind.
 */
export function targetLine(
  target: number | null,
  indicator: Pick<IndicatorDto, 'targets' | 'organizationKinds'> | null,
  weekStart: string,
  organization: { kind: OrganizationKindValue },
): string {
  if (target === null) return 'цель не задана';
  const kinds = isInnerOrganizationKind(organization.kind) ? indicator?.organizationKinds : [organization.kind];
  const byKind = indicator && kinds ? targetsByKind(indicator, weekStart, kinds) : null;
  return `цель ${formatPercentRu(target)}${byKind ? ` (${byKind})` : ''}`;
}
