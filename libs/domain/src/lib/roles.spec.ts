import { ROLES, isRole } from './roles';

describe('isRole', () => {
  it.each(ROLES)('accepts %s', (role) => {
    expect(isRole(role)).toBe(true);
  });

  it.each(['Admin', 'teacher', '', null, undefined, 1])('rejects %p', (value) => {
    expect(isRole(value)).toBe(false);
  });
});
