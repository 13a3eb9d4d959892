/** Russian names of the audited actions; an unknown action is shown by its code. */
export const AUDIT_ACTION_LABELS: Readonly<Record<string, string>> = {
  'auth.login_succeeded': 'Вход в систему',
  'auth.login_failed': 'Неудачная попытка входа',
  'auth.logout': 'Выход из системы',
  'auth.refresh_reuse_detected': 'Повторное использование токена сеанса (сеанс отозван)',
  'auth.password_changed': 'Смена пароля',
  'auth.password_change_failed': 'Неудачная смена пароля',
  'access.denied': 'Отказ в доступе',
  'organization.created': 'Организация создана',
  'organization.updated': 'Организация изменена',
  'organization.headcount_set': 'Численность изменена',
  'organization.imported': 'Импорт организаций',
  'user.created': 'Пользователь создан',
  'user.updated': 'Пользователь изменён',
  'user.deactivated': 'Пользователь отключён',
  'user.password_reset': 'Пароль пользователя сброшен',
  'roadmap.imported': 'Дорожная карта загружена',
  'roadmap.updated': 'Дорожная карта изменена',
  'roadmap_action.created': 'Мероприятие добавлено',
  'roadmap_action.updated': 'Мероприятие изменено',
  'tasks.materialized': 'Задачи сформированы',
  'task.start': 'Задача взята в работу',
  'task.submit': 'Задача отправлена на проверку',
  'task.accept': 'Задача принята',
  'task.return': 'Задача возвращена на доработку',
  'task.cancel': 'Задача отменена',
  'task.reopen': 'Задача открыта повторно',
  'task.accepted': 'Задача принята',
  'task.assigned': 'Назначены исполнители',
  'task.commented': 'Комментарий к задаче',
  'task.evidence_added': 'Добавлено подтверждение',
  'task.evidence_removed': 'Удалено подтверждение',
  'task.extension_requested': 'Запрошен перенос срока',
  'task.extension_approved': 'Перенос срока одобрен',
  'task.extension_rejected': 'Перенос срока отклонён',
  'task.progress_requested': 'Запрошен отчёт о ходе работы',
  'task.progress_reported': 'Отчёт о ходе работы',
  'indicator.created': 'Показатель добавлен',
  'indicator.updated': 'Показатель изменён',
  'indicator.targets_updated': 'Изменены этапы цели показателя',
  'weekly_report.saved': 'Еженедельные данные сохранены',
  'weekly_import.created': 'Загружен файл еженедельных данных',
  'weekly_import.completed': 'Импорт еженедельных данных завершён',
};

export function auditActionLabel(action: string): string {
  return Object.hasOwn(AUDIT_ACTION_LABELS, action) ? AUDIT_ACTION_LABELS[action] : action;
}

/** Filter choices: prefixes of the action codes. */
export const AUDIT_ACTION_GROUPS: readonly { prefix: string; label: string }[] = [
  { prefix: 'auth.', label: 'Вход и сеансы' },
  { prefix: 'access.', label: 'Отказы в доступе' },
  { prefix: 'task.', label: 'Задачи' },
  { prefix: 'organization.', label: 'Организации' },
  { prefix: 'user.', label: 'Пользователи' },
  { prefix: 'roadmap', label: 'Дорожные карты' },
  { prefix: 'indicator.', label: 'Показатели' },
  { prefix: 'weekly_', label: 'Еженедельные данные' },
];

export const ENTITY_TYPE_LABELS: Readonly<Record<string, string>> = {
  task: 'Задача',
  user: 'Пользователь',
  organization: 'Организация',
  roadmap: 'Дорожная карта',
  roadmap_action: 'Мероприятие',
  task_evidence: 'Подтверждение',
  task_extension_request: 'Запрос переноса срока',
  indicator: 'Показатель',
  weekly_report: 'Еженедельные данные',
  weekly_import: 'Импорт еженедельных данных',
};

export function entityTypeLabel(type: string | null): string {
  if (!type) return '—';
  return Object.hasOwn(ENTITY_TYPE_LABELS, type) ? ENTITY_TYPE_LABELS[type] : type;
}

export interface DiffRow {
  field: string;
  before: string;
  after: string;
  changed: boolean;
}

/** Field-by-field before → after, in the order the fields first appear. */
export function auditDiff(before: Record<string, unknown> | null, after: Record<string, unknown> | null): DiffRow[] {
  const fields = [...new Set([...Object.keys(before ?? {}), ...Object.keys(after ?? {})])];
  return fields.map((field) => {
    const was = show(before, field);
    const now = show(after, field);
    return { field, before: was, after: now, changed: was !== now };
  });
}

function show(values: Record<string, unknown> | null, field: string): string {
  if (!values || !Object.hasOwn(values, field)) return '—';
  const value = values[field];
  if (value === null || value === undefined || value === '') return '—';
  return typeof value === 'string' ? value : JSON.stringify(value);
}
