import { MEASURE_LABELS } from '@karta/contracts';
import { MEASURES, type Measure } from '@karta/domain';
import { WeeklySheetError } from './errors';

/** Short Russian headers of the measure columns (the machine codes and the full labels are accepted too). */
export const MEASURE_HEADERS: Readonly<Record<Measure, string>> = {
  staff_wrote: 'Писали работники',
  students_active: 'Активные обучающиеся',
  parents_active: 'Активные родители',
  sferum_in_max: 'Сферум в МАКС',
  sferum_total: 'Сферум всего',
  officials_wrote: 'Писали должностные лица',
};

export const CODE_HEADER = 'Код организации';
export const WEEK_HEADER = 'Неделя';

/** The documented column order (any order is accepted on import). */
export const WEEKLY_SHEET_HEADERS: readonly string[] = [CODE_HEADER, WEEK_HEADER, ...MEASURES.map((measure) => MEASURE_HEADERS[measure])];

/** Positions of the known columns in a file's header row. */
export interface SheetColumns {
  code: number;
  week: number;
  measures: readonly { measure: Measure; index: number }[];
}

export function normalizeHeader(value: string): string {
  return value.trim().toLowerCase().replace(/ё/g, 'е').replace(/\s+/g, ' ');
}

const ALIASES: ReadonlyMap<string, 'code' | 'week' | Measure> = new Map<string, 'code' | 'week' | Measure>([
  [normalizeHeader(CODE_HEADER), 'code'],
  ['code', 'code'],
  ['organization_code', 'code'],
  [normalizeHeader(WEEK_HEADER), 'week'],
  ['week', 'week'],
  ['week_start', 'week'],
  ...MEASURES.flatMap((measure): [string, Measure][] => [
    [normalizeHeader(MEASURE_HEADERS[measure]), measure],
    [measure, measure],
    [normalizeHeader(MEASURE_LABELS[measure]), measure],
  ]),
]);

/**
 * Maps a header row (trimmed, case-insensitive, any order; unknown columns ignored). Without the code,
 * the week or any measure column the file cannot be imported at all.
 */
export function mapHeader(cells: readonly string[]): SheetColumns {
  const found = new Map<'code' | 'week' | Measure, number>();
  cells.forEach((cell, index) => {
    const key = ALIASES.get(normalizeHeader(cell));
    if (key && !found.has(key)) found.set(key, index);
  });
  const missing = [found.has('code') ? null : CODE_HEADER, found.has('week') ? null : WEEK_HEADER].filter((name): name is string => name !== null);
  const measures = MEASURES.filter((measure) => found.has(measure)).map((measure) => ({ measure, index: found.get(measure) as number }));
  if (missing.length || !measures.length) {
    const parts = missing.map((name) => `«${name}»`);
    if (!measures.length) parts.push(`хотя бы одного показателя (${MEASURES.map((measure) => `«${MEASURE_HEADERS[measure]}»`).join(', ')})`);
    throw new WeeklySheetError(`В первой строке файла нет столбцов ${parts.join(', ')}. Скачайте шаблон и сверьте заголовки.`);
  }
  return { code: found.get('code') as number, week: found.get('week') as number, measures };
}
