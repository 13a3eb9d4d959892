import { historyPermission } from './entity-permission';

describe('historyPermission', () => {
  it.each([
    ['task', 'tasks.read'],
    ['organization', 'organizations.read'],
    ['roadmap', 'roadmaps.read'],
    ['user', 'users.read'],
    ['system_probe', 'audit.read'],
    ['__proto__', 'audit.read'],
    ['toString', 'audit.read'],
  ])('%s → %s', (entityType, permission) => {
    expect(historyPermission(entityType)).toBe(permission);
  });
});
