import { userChangeViolation } from './user-rules';

const controller = { id: 'c', role: 'controller' as const };
const admin = { id: 'a', role: 'admin' as const };

describe('userChangeViolation', () => {
  it('forbids changing one’s own role or deactivating oneself', () => {
    expect(userChangeViolation(controller, controller, { role: 'observer' })).toMatchObject({ status: 400, field: 'role' });
    expect(userChangeViolation(controller, controller, { isActive: false })).toMatchObject({ status: 400, field: 'isActive' });
    expect(userChangeViolation(controller, controller, { role: 'controller', isActive: true })).toBeNull();
  });

  it('lets a controller manage only roles below their own', () => {
    expect(userChangeViolation(controller, { id: 'x', role: 'org_coordinator' }, { role: 'org_head' })).toBeNull();
    expect(userChangeViolation(controller, { id: 'x', role: 'org_coordinator' }, { role: 'admin' })).toMatchObject({ status: 400 });
    expect(userChangeViolation(controller, { id: 'x', role: 'controller' }, {})).toMatchObject({ status: 403 });
    expect(userChangeViolation(controller, { id: 'x', role: 'admin' }, { isActive: false })).toMatchObject({ status: 403 });
  });

  it('lets an admin manage everyone else', () => {
    expect(userChangeViolation(admin, { id: 'x', role: 'admin' }, { role: 'controller', isActive: false })).toBeNull();
  });
});
