import { Role } from '@karta/domain';

export const ROLE_LABELS: Readonly<Record<Role, string>> = {
  admin: 'Администратор',
  controller: 'Контролёр',
  department_staff: 'Сотрудник отдела образования',
  org_head: 'Руководитель организации',
  org_coordinator: 'Ответственный в организации',
  observer: 'Наблюдатель',
};
