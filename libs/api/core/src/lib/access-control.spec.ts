import type { AuditEntry, AuditLog } from '@karta/server-core';
import type { AuthUser } from './access.decorators';
import { AccessControl } from './access-control';

const region = { id: 'r', path: '/r/' };
const district = { id: 'd', path: '/r/d/' };
const school = { id: 's', path: '/r/d/s/' };
const otherSchool = { id: 'o', path: '/r/x/o/' };

function user(role: AuthUser['role'], organization: { id: string; path: string }): AuthUser {
  return { id: 'u', email: 'u@karta.test', fullName: 'U', role, organizationId: organization.id, organizationPath: organization.path, mustChangePassword: false };
}

describe('AccessControl', () => {
  const recorded: AuditEntry[] = [];
  const access = new AccessControl({ record: async (entry: AuditEntry) => void recorded.push(entry) } as unknown as AuditLog);

  it.each([
    ['admin', school, region, true],
    ['controller', district, school, true],
    ['controller', district, district, true],
    ['controller', district, region, false],
    ['controller', district, otherSchool, false],
    ['observer', district, school, true],
    ['org_coordinator', school, school, true],
    ['org_coordinator', school, district, false],
    ['org_head', district, school, false],
  ] as const)('%s of %o reaches %o: %s', (role, home, target, expected) => {
    expect(access.isInScope(user(role, home), target)).toBe(expected);
  });

  it('answers 404 outside the scope and audits the attempt', async () => {
    await expect(access.requireInScope(user('org_coordinator', school), otherSchool, { entityType: 'task', entityId: 't1' })).rejects.toMatchObject({
      status: 404,
    });
    expect(recorded).toContainEqual(expect.objectContaining({ action: 'access.denied', entityType: 'task', entityId: 't1', organizationId: 'o' }));
  });

  it('refuses a role without the permission with 403', () => {
    expect(() => access.requirePermission(user('observer', district), 'tasks.execute')).toThrow(expect.objectContaining({ status: 403 }));
    expect(() => access.requirePermission(user('org_coordinator', school), 'tasks.execute')).not.toThrow();
  });

  it('builds SQL scope conditions with LIKE metacharacters escaped', () => {
    expect(access.scopeCondition(user('controller', { id: 'd', path: '/r/d_1/' }), 'o')).toEqual({
      clause: 'o.path LIKE :scopePath',
      params: { scopePath: '/r/d\\_1/%' },
    });
    expect(access.scopeCondition(user('org_head', school), 'org')).toEqual({ clause: 'org.id = :scopeOrganizationId', params: { scopeOrganizationId: 's' } });
    expect(access.scopeCondition(user('admin', region), 'o').clause).toBe('TRUE');
  });

  it.each([
    ['org_coordinator', school, district, true], // a school works under its department's roadmap
    ['org_coordinator', school, otherSchool, false],
    ['controller', district, school, true],
    ['controller', district, region, true],
    ['controller', district, otherSchool, false],
  ] as const)('%s of %o reads work owned by %o: %s', (role, home, owner, expected) => {
    expect(access.mayReadOwnedBy(user(role, home), owner)).toBe(expected);
  });

  it('states the same rule as a query condition', () => {
    expect(access.ownedByReadableCondition(user('org_coordinator', school), 'owner')).toEqual({
      clause: "(:callerPath LIKE owner.path || '%' OR owner.id = :scopeOrganizationId)",
      params: { callerPath: '/r/d/s/', scopeOrganizationId: 's' },
    });
  });
});
