import { ConflictException, ForbiddenException } from '@nestjs/common';
import type { TaskStatus, TransitionFailure } from '@karta/domain';
import { RequestValidationException } from '@karta/api-core';

export const STATUS_LABELS_RU: Readonly<Record<TaskStatus, string>> = {
  open: 'Открыта',
  in_progress: 'В работе',
  submitted: 'На проверке',
  accepted: 'Принята',
  returned: 'Возвращена',
  cancelled: 'Отменена',
};

export const STALE_TASK_MESSAGE = 'Задача изменена другим пользователем. Обновите страницу и повторите действие';

export function fieldError(field: string, message: string): RequestValidationException {
  return new RequestValidationException([{ field, messages: [message] }]);
}

export function transitionFailure(reason: TransitionFailure, status: TaskStatus): Error {
  switch (reason) {
    case 'illegal_transition':
      return new ConflictException(`Это действие недоступно для задачи в статусе «${STATUS_LABELS_RU[status]}»`);
    case 'forbidden':
      return new ForbiddenException('Недостаточно прав для этого действия');
    case 'comment_required':
      return fieldError('comment', 'Укажите комментарий');
    case 'reason_required':
      return fieldError('comment', 'Укажите причину');
  }
}

/** Statuses in which the executor still works on the task and may change its evidence. */
export const EDITABLE_STATUSES: readonly TaskStatus[] = ['open', 'in_progress', 'returned'];

export function requireEditable(status: TaskStatus): void {
  if (!EDITABLE_STATUSES.includes(status)) {
    throw new ConflictException(`Задача в статусе «${STATUS_LABELS_RU[status]}»: изменения недоступны`);
  }
}
