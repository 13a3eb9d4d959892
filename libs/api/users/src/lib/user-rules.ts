import { assignableRoles, type Role } from '@karta/domain';

export interface UserChange {
  role?: Role;
  isActive?: boolean;
}

export type UserRuleViolation =
  | { status: 400; field: string; message: string }
  | { status: 403; field: null; message: string };

/**
 * Who may change whom: nobody changes their own role or switches themselves off; everyone else is
 * managed only by a caller who could have handed out that user's role, and only to such a role.
 */
export function userChangeViolation(
  caller: { id: string; role: Role },
  target: { id: string; role: Role },
  change: UserChange,
): UserRuleViolation | null {
  const self = caller.id === target.id;
  if (self) {
    if (change.role !== undefined && change.role !== target.role) {
      return { status: 400, field: 'role', message: 'Нельзя изменить собственную роль' };
    }
    if (change.isActive === false) {
      return { status: 400, field: 'isActive', message: 'Нельзя отключить собственную учётную запись' };
    }
    return null;
  }
  const assignable = assignableRoles(caller.role);
  if (!assignable.includes(target.role)) {
    return { status: 403, field: null, message: 'Недостаточно прав для изменения пользователя с этой ролью' };
  }
  if (change.role !== undefined && !assignable.includes(change.role)) {
    return { status: 400, field: 'role', message: 'Эту роль вы назначить не можете' };
  }
  return null;
}
