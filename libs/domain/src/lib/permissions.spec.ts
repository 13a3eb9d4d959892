import { assignableRoles, can, PERMISSIONS, scopeKindOf } from './permissions';
import { ROLES } from './roles';

describe('permissions', () => {
  it('gives admin and controller everything', () => {
    for (const permission of PERMISSIONS) {
      expect(can('admin', permission)).toBe(true);
      expect(can('controller', permission)).toBe(true);
    }
  });

  it.each([
    ['observer', 'tasks.read', true],
    ['observer', 'tasks.execute', false],
    ['observer', 'audit.read', false],
    ['org_coordinator', 'tasks.execute', true],
    ['org_coordinator', 'tasks.review', false],
    ['org_coordinator', 'organizations.write', false],
    ['org_coordinator', 'indicators.import', false],
    ['org_head', 'indicators.enter', true],
    ['department_staff', 'indicators.import', true],
    ['department_staff', 'tasks.review', false],
    ['department_staff', 'users.write', false],
  ] as const)('%s %s → %s', (role, permission, expected) => {
    expect(can(role, permission)).toBe(expected);
  });

  it('scopes organization roles to their organization and the rest to a subtree or everything', () => {
    expect(ROLES.map((role) => [role, scopeKindOf(role)])).toEqual([
      ['admin', 'all'],
      ['controller', 'subtree'],
      ['department_staff', 'subtree'],
      ['org_head', 'organization'],
      ['org_coordinator', 'organization'],
      ['observer', 'subtree'],
    ]);
  });

  it('lets nobody hand out a role above their own', () => {
    expect(assignableRoles('controller')).not.toContain('admin');
    expect(assignableRoles('controller')).not.toContain('controller');
    expect(assignableRoles('org_coordinator')).toEqual([]);
    expect(assignableRoles('admin')).toEqual([...ROLES]);
  });
});
