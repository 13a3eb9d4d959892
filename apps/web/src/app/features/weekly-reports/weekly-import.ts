import type { WeeklyImportDto, WeeklyImportStatusValue } from '@karta/contracts';

export const IMPORT_STATUS_LABELS: Readonly<Record<WeeklyImportStatusValue, string>> = {
  queued: 'В очереди',
  running: 'Обрабатывается',
  done: 'Готово',
  failed: 'Ошибка',
};

export function isFinished(status: WeeklyImportStatusValue): boolean {
  return status === 'done' || status === 'failed';
}

/** Percent of rows processed, or `null` while the row count is unknown (the bar is then indeterminate). */
export function importProgress(dto: Pick<WeeklyImportDto, 'status' | 'totalRows' | 'processedRows'>): number | null {
  if (isFinished(dto.status)) return 100;
  if (!dto.totalRows) return null;
  return Math.min(100, Math.round((dto.processedRows / dto.totalRows) * 100));
}

/** `Обработано 1 200 из 5 000 строк` while running. */
export function progressText(dto: Pick<WeeklyImportDto, 'status' | 'totalRows' | 'processedRows'>): string {
  if (dto.status === 'queued') return 'Файл в очереди на обработку';
  const count = new Intl.NumberFormat('ru-RU');
  return dto.totalRows === null ? `Обработано строк: ${count.format(dto.processedRows)}` : `Обработано ${count.format(dto.processedRows)} из ${count.format(dto.totalRows)} строк`;
}
