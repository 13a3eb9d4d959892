import type { TargetStageDto } from '@karta/contracts';
import { formatPercentRu, isLocalDate, isoWeekday } from '@karta/domain';
import { formatLocalDate } from '../organizations/organization-format';

/** One stage as typed in the editor: the Monday it starts and the target in percent. */
export interface StageInput {
  from: string;
  percent: string;
}

export function stageInputs(targets: readonly TargetStageDto[]): StageInput[] {
  // Fractions have at most 4 decimals (the API's limit), so two decimals of a percent are exact.
  return targets.map((stage) => ({ from: stage.effectiveFrom, percent: String(Math.round(stage.target * 10000) / 100) }));
}

export interface ParsedStages {
  /** null while any row has an error. */
  targets: TargetStageDto[] | null;
  /** Per row, the first problem. */
  errors: (string | null)[];
}

/** Validates the editor's rows the way the API does: Mondays, 0–100 %, distinct dates; sorted oldest first. */
export function parseStages(rows: readonly StageInput[]): ParsedStages {
  const seen = new Set<string>();
  const errors = rows.map((row) => {
    if (!isLocalDate(row.from)) return 'Укажите дату начала этапа';
    if (isoWeekday(row.from) !== 1) return 'Этап начинается с понедельника';
    if (seen.has(row.from)) return 'Два этапа с одной даты';
    seen.add(row.from);
    const percent = Number(row.percent.replace(',', '.'));
    if (row.percent.trim() === '' || !Number.isFinite(percent) || percent < 0 || percent > 100) return 'Цель от 0 до 100 %';
    return null;
  });
  if (rows.length === 0 || errors.some((e) => e !== null)) return { targets: null, errors };
  const targets = rows
    .map((row) => ({ effectiveFrom: row.from, target: Math.round(Number(row.percent.replace(',', '.')) * 100) / 10000 }))
    .sort((a, b) => a.effectiveFrom.localeCompare(b.effectiveFrom));
  return { targets, errors };
}

/** `с 01.09.2025 — 15,0%; с 01.12.2025 — 75,0%`, or «цель не задана». */
export function describeStages(targets: readonly TargetStageDto[]): string {
  return targets.length ? targets.map((stage) => `с ${formatLocalDate(stage.effectiveFrom)} — ${formatPercentRu(stage.target)}`).join('; ') : 'цель не задана';
}
