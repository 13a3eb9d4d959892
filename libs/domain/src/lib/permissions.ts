import type { Role } from './roles';

/** What a role may do; where it may do it is the role's organization scope. */
export const PERMISSIONS = [
  'organizations.read',
  'organizations.write',
  'users.read',
  'users.write',
  'roadmaps.read',
  'roadmaps.write',
  'tasks.read',
  'tasks.execute',
  'tasks.review',
  'indicators.read',
  'indicators.enter',
  'indicators.import',
  'indicators.configure',
  'audit.read',
] as const;
export type Permission = (typeof PERMISSIONS)[number];

const READ_ONLY: readonly Permission[] = ['organizations.read', 'users.read', 'roadmaps.read', 'tasks.read', 'indicators.read'];
const EXECUTOR: readonly Permission[] = [...READ_ONLY, 'tasks.execute', 'indicators.enter'];

const GRANTS: Readonly<Record<Role, readonly Permission[]>> = {
  admin: PERMISSIONS,
  controller: PERMISSIONS,
  department_staff: [...EXECUTOR, 'indicators.import'],
  org_head: EXECUTOR,
  org_coordinator: EXECUTOR,
  observer: READ_ONLY,
};

export function can(role: Role, permission: Permission): boolean {
  return GRANTS[role].includes(permission);
}

/**
 * Which organizations a role reaches: every one, the subtree of the user's own organization, or
 * only that organization. Organization-scoped roles never see a neighbour's data.
 */
export type ScopeKind = 'all' | 'subtree' | 'organization';

const SCOPES: Readonly<Record<Role, ScopeKind>> = {
  admin: 'all',
  controller: 'subtree',
  department_staff: 'subtree',
  observer: 'subtree',
  org_head: 'organization',
  org_coordinator: 'organization',
};

export function scopeKindOf(role: Role): ScopeKind {
  return SCOPES[role];
}

/** Roles a user may hand out: nobody grants more than they hold, only admins create admins. */
export function assignableRoles(role: Role): Role[] {
  switch (role) {
    case 'admin':
      return ['admin', 'controller', 'department_staff', 'org_head', 'org_coordinator', 'observer'];
    case 'controller':
      return ['department_staff', 'org_head', 'org_coordinator', 'observer'];
    default:
      return [];
  }
}
