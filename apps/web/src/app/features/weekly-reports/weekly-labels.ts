import { MEASURE_LABELS, type MeasureValue, type WeeklyReportRevisionDto } from '@karta/contracts';

export type ReportSource = WeeklyReportRevisionDto['source'];

export const SOURCE_LABELS: Readonly<Record<ReportSource, string>> = {
  entry: 'ввод в форме',
  import: 'импорт файла',
  api: 'API',
};

/** One letter per source for the reporting matrix cells (explained in its legend). */
export const SOURCE_MARKS: Readonly<Record<ReportSource, string>> = {
  entry: 'В',
  import: 'И',
  api: 'А',
};

/** `Работники, писавшие…: 10 → 12` per changed measure; an empty value reads «—». */
export function describeChanges(changes: WeeklyReportRevisionDto['changes']): string[] {
  return (Object.entries(changes) as [MeasureValue, [number | null, number | null]][]).map(
    ([measure, [before, after]]) => `${MEASURE_LABELS[measure]}: ${before ?? '—'} → ${after ?? '—'}`,
  );
}
