/** Roles a user can hold. Organization-scoped roles act only inside their own organization. */
export const ROLES = [
  'admin',
  'controller',
  'department_staff',
  'org_head',
  'org_coordinator',
  'observer',
] as const;

export type Role = (typeof ROLES)[number];

export function isRole(value: unknown): value is Role {
  return typeof value === 'string' && (ROLES as readonly string[]).includes(value);
}
