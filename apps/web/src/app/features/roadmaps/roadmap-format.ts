import { HttpErrorResponse } from '@angular/common/http';
import type { ApiError, FieldError, RoadmapStatusDto, TaskStatusDto } from '@karta/contracts';

export const ROADMAP_STATUS_LABELS: Readonly<Record<RoadmapStatusDto, string>> = {
  draft: 'Черновик',
  active: 'Действует',
  archived: 'В архиве',
};

/** Columns of the per-action task counts, in workflow order. */
export const COUNT_COLUMNS: readonly { status: TaskStatusDto; label: string }[] = [
  { status: 'open', label: 'Открыто' },
  { status: 'in_progress', label: 'В работе' },
  { status: 'submitted', label: 'На проверке' },
  { status: 'returned', label: 'Возвращено' },
  { status: 'accepted', label: 'Принято' },
];

/** `2025-08-01` → `01.08.2025`. */
export function formatLocalDate(value: string | null | undefined): string {
  const match = value ? /^(\d{4})-(\d{2})-(\d{2})$/.exec(value) : null;
  return match ? `${match[3]}.${match[2]}.${match[1]}` : '';
}

/** «Приказ №76 от 01.08.2025». */
export function orderLabel(roadmap: { orderNumber: string; orderDate: string }): string {
  return `Приказ №${roadmap.orderNumber} от ${formatLocalDate(roadmap.orderDate)}`;
}

export interface ImportFailure {
  message: string;
  fieldErrors: FieldError[];
}

/** The message and field errors of a failed import; a file-level error has an empty field. */
export function importFailure(error: unknown): ImportFailure {
  if (error instanceof HttpErrorResponse) {
    const body = error.error as Partial<ApiError> | null;
    if (error.status === 0) return { message: 'Сервер недоступен, попробуйте ещё раз', fieldErrors: [] };
    return { message: body?.message ?? 'Не удалось загрузить файл', fieldErrors: body?.fieldErrors ?? [] };
  }
  return { message: 'Не удалось загрузить файл', fieldErrors: [] };
}

/** `actions[3].schedule.dueWeekday` → «Мероприятие в позиции 4: schedule.dueWeekday». */
export function fieldLabel(field: string): string {
  if (!field) return 'Файл';
  const match = /^actions\[(\d+)\](?:\.(.+))?$/.exec(field);
  if (match) return `Мероприятие в позиции ${Number(match[1]) + 1}${match[2] ? `: ${match[2]}` : ''}`;
  return field;
}
