import { HttpErrorResponse } from '@angular/common/http';
import { type ApiError, INDICATOR_STATUS_LABELS, type IndicatorStatusValue, type TaskActionCode, type TaskEventItem, type TaskStatusCode } from '@karta/contracts';

export const STATUS_LABELS: Readonly<Record<TaskStatusCode, string>> = {
  open: 'Открыта',
  in_progress: 'В работе',
  submitted: 'На проверке',
  accepted: 'Принята',
  returned: 'Возвращена',
  cancelled: 'Отменена',
};

export const STATUS_ORDER: readonly TaskStatusCode[] = ['open', 'in_progress', 'submitted', 'returned', 'accepted', 'cancelled'];

export const ACTION_LABELS: Readonly<Record<TaskActionCode, string>> = {
  start: 'Взять в работу',
  submit: 'Отправить на проверку',
  accept: 'Принять',
  return: 'Вернуть на доработку',
  cancel: 'Отменить задачу',
  reopen: 'Открыть заново',
};

/** Actions that ask for a comment (return, reopen of accepted work) or a reason (cancel, reopen of a cancelled task). */
export function textPromptFor(status: TaskStatusCode, action: TaskActionCode): { title: string; label: string } | null {
  switch (action) {
    case 'return':
      return { title: 'Вернуть на доработку', label: 'Что нужно исправить' };
    case 'cancel':
      return { title: 'Отменить задачу', label: 'Причина отмены' };
    case 'reopen':
      return status === 'accepted'
        ? { title: 'Открыть заново', label: 'Что ещё нужно сделать' }
        : { title: 'Открыть заново', label: 'Причина' };
    default:
      return null;
  }
}

/** A user-facing Russian message from an API error (field messages included). */
export function errorMessage(error: unknown): string {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 0) return 'Сервер недоступен. Проверьте подключение и повторите попытку.';
    const body = error.error as Partial<ApiError> | null;
    if (body && typeof body === 'object' && typeof body.message === 'string') {
      const fields = body.fieldErrors?.flatMap((f) => f.messages) ?? [];
      return fields.length ? fields.join('. ') : body.message;
    }
    if (error.status === 413) return 'Файл слишком большой';
  }
  return 'Не удалось выполнить действие. Повторите попытку.';
}

export function describeEvent(event: TaskEventItem): string {
  const data = event.data ?? {};
  switch (event.kind) {
    case 'comment':
      return 'Комментарий';
    case 'status_changed':
      return `Статус: ${STATUS_LABELS[data['from'] as TaskStatusCode] ?? data['from']} → ${STATUS_LABELS[data['to'] as TaskStatusCode] ?? data['to']}`;
    case 'progress_requested':
      return 'Запрошен ход исполнения';
    case 'progress_reported':
      return 'Отчёт о ходе исполнения';
    case 'extension_requested':
      return 'Запрошено продление срока';
    case 'extension_decided':
      return data['decision'] === 'granted' ? 'Срок продлён' : 'В продлении срока отказано';
    case 'evidence_added':
      return data['fileName'] ? `Добавлен файл «${data['fileName']}»` : data['kind'] === 'link' ? 'Добавлена ссылка' : 'Добавлен текст';
    case 'evidence_removed':
      return data['fileName'] ? `Удалён файл «${data['fileName']}»` : 'Удалено подтверждение';
    case 'assigned':
      return 'Назначены исполнители';
  }
}

export function formatBytes(bytes: number | null): string {
  if (bytes === null) return '';
  if (bytes < 1024) return `${bytes} Б`;
  if (bytes < 1024 * 1024) return `${(bytes / 1024).toFixed(1).replace('.', ',')} КБ`;
  return `${(bytes / 1024 / 1024).toFixed(1).replace('.', ',')} МБ`;
}

/** «Показатель: ниже цели» — the week's evaluation of an indicator task. */
export function indicatorStatusLabel(status: IndicatorStatusValue): string {
  return `Показатель: ${INDICATOR_STATUS_LABELS[status].toLowerCase()}`;
}
