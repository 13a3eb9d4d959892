import { randomBytes, randomUUID } from 'node:crypto';
import { AuditLogEntity, type OrganizationEntity, RefreshTokenEntity, UserEntity } from '@karta/db';
import { IsNull } from 'typeorm';
import { makeOrganization, makeUser, type TestUser } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

jest.setTimeout(120_000);

describe('users (real PostgreSQL)', () => {
  let api: TestApi;
  let districtA: OrganizationEntity;
  let districtB: OrganizationEntity;
  let schoolA: OrganizationEntity;
  let controllerUser: TestUser;
  let controller: string;
  let admin: string;
  let coordinator: string;
  let observer: string;
  let peerController: TestUser;
  let foreignUser: TestUser;

  const as = (token: string) => ({ authorization: `Bearer ${token}` });

  beforeAll(async () => {
    api = await startTestApi();
    const ds = api.dataSource;
    const region = await makeOrganization(ds, { code: 'U-RD', kind: 'region' });
    districtA = await makeOrganization(ds, { code: 'U-A', kind: 'department', parentId: region.id });
    districtB = await makeOrganization(ds, { code: 'U-B', kind: 'department', parentId: region.id });
    schoolA = await makeOrganization(ds, { code: 'U-A-1', parentId: districtA.id });
    controllerUser = await makeUser(ds, { role: 'controller', organizationId: districtA.id, fullName: 'Контролёр Района А' });
    peerController = await makeUser(ds, { role: 'controller', organizationId: districtA.id, fullName: 'Второй Контролёр' });
    foreignUser = await makeUser(ds, { role: 'org_coordinator', organizationId: districtB.id, fullName: 'Чужой Координатор' });
    const adminUser = await makeUser(ds, { role: 'admin', organizationId: region.id });
    const coordinatorUser = await makeUser(ds, { role: 'org_coordinator', organizationId: schoolA.id, fullName: 'Координатор Школы' });
    const observerUser = await makeUser(ds, { role: 'observer', organizationId: districtA.id });
    [controller, admin, coordinator, observer] = await Promise.all(
      [controllerUser, adminUser, coordinatorUser, observerUser].map((user) => api.login(user.email, user.password)),
    );
  });

  afterAll(() => api.close());

  const create = (token: string, payload: object) => api.app.inject({ method: 'POST', url: '/api/users', headers: as(token), payload });

  it('lists users in scope with filters and hides other districts', async () => {
    const response = await api.app.inject({ url: '/api/users?pageSize=100', headers: as(controller) });
    expect(response.statusCode).toBe(200);
    const names = response.json().items.map((user: { fullName: string }) => user.fullName);
    expect(names).toEqual(expect.arrayContaining(['Контролёр Района А', 'Координатор Школы']));
    expect(names).not.toContain('Чужой Координатор');
    const coordinators = await api.app.inject({ url: '/api/users?role=org_coordinator', headers: as(controller) });
    expect(coordinators.json()).toMatchObject({ total: 1, items: [{ fullName: 'Координатор Школы', organizationCode: 'U-A-1' }] });
    const byQuery = await api.app.inject({ url: `/api/users?q=${encodeURIComponent('второй')}`, headers: as(controller) });
    expect(byQuery.json().total).toBe(1);
    expect((await api.app.inject({ url: `/api/users/${foreignUser.id}`, headers: as(controller) })).statusCode).toBe(404);
    const own = await api.app.inject({ url: '/api/users', headers: as(coordinator) });
    expect(own.json().items.map((user: { fullName: string }) => user.fullName)).toEqual(['Координатор Школы']);
  });

  it('creates a user with a one-time password that works once shown', async () => {
    const response = await create(controller, {
      email: '  Teacher@School.RU ',
      fullName: 'Иванова Мария Петровна',
      role: 'org_coordinator',
      organizationId: schoolA.id,
    });
    expect(response.statusCode).toBe(201);
    const body = response.json();
    expect(body.user).toMatchObject({ email: 'teacher@school.ru', role: 'org_coordinator', organizationId: schoolA.id, isActive: true });
    expect(body.oneTimePassword).toMatch(/^\S{4}-\S{4}-\S{4}-\S{4}$/);
    await expect(api.login('teacher@school.ru', body.oneTimePassword)).resolves.toEqual(expect.any(String));
    const audit = await api.dataSource.getRepository(AuditLogEntity).findOneBy({ action: 'user.created', entityId: body.user.id });
    expect(JSON.stringify(audit?.after)).not.toContain(body.oneTimePassword);

    // The one-time password opens only the password change: everything else is refused until then.
    const first = await api.login('teacher@school.ru', body.oneTimePassword);
    expect((await api.app.inject({ url: '/api/auth/me', headers: as(first) })).json()).toMatchObject({ mustChangePassword: true });
    const refused = await api.app.inject({ url: '/api/tasks', headers: as(first) });
    expect(refused.statusCode).toBe(403);
    expect(refused.json().message).toBe('Смените одноразовый пароль, чтобы продолжить работу');
    const changed = await api.app.inject({
      method: 'POST',
      url: '/api/auth/password',
      headers: as(first),
      payload: { currentPassword: body.oneTimePassword, newPassword: 'Своя-надёжная-фраза-76' },
    });
    expect(changed.statusCode).toBe(200);
    expect(changed.json().user).toMatchObject({ mustChangePassword: false });
    expect((await api.app.inject({ url: '/api/tasks', headers: as(changed.json().accessToken) })).statusCode).toBe(200);

    const duplicate = await create(controller, { email: 'TEACHER@school.ru', fullName: 'Дубль', role: 'observer', organizationId: schoolA.id });
    expect(duplicate.statusCode).toBe(409);
    expect(duplicate.json().fieldErrors).toEqual([{ field: 'email', messages: [expect.any(String)] }]);
  });

  it('lets a controller assign only roles below their own, in organizations of their scope', async () => {
    const asAdmin = await create(controller, { email: 'boss@karta.test', fullName: 'Начальник', role: 'admin', organizationId: districtA.id });
    expect(asAdmin.statusCode).toBe(400);
    expect(asAdmin.json().fieldErrors).toEqual([{ field: 'role', messages: [expect.any(String)] }]);
    const asController = await create(controller, { email: 'peer@karta.test', fullName: 'Коллега', role: 'controller', organizationId: districtA.id });
    expect(asController.statusCode).toBe(400);
    const foreign = await create(controller, { email: 'far@karta.test', fullName: 'Далёкий', role: 'observer', organizationId: districtB.id });
    expect(foreign.statusCode).toBe(400);
    expect(foreign.json().fieldErrors[0].field).toBe('organizationId');
    expect((await create(observer, { email: 'o@karta.test', fullName: 'Наблюдатель', role: 'observer', organizationId: districtA.id })).statusCode).toBe(403);
    expect((await create(admin, { email: 'ctrl2@karta.test', fullName: 'Новый контролёр', role: 'controller', organizationId: districtB.id })).statusCode).toBe(201);
    expect(await api.dataSource.getRepository(UserEntity).countBy({ email: 'boss@karta.test' })).toBe(0);
  });

  it('refuses changing one’s own role, deactivating oneself and managing a peer controller', async () => {
    const patch = (id: string, payload: object) => api.app.inject({ method: 'PATCH', url: `/api/users/${id}`, headers: as(controller), payload });
    expect((await patch(controllerUser.id, { role: 'observer' })).statusCode).toBe(400);
    expect((await patch(controllerUser.id, { isActive: false })).statusCode).toBe(400);
    expect((await patch(controllerUser.id, { phone: '+7 900 000-00-00' })).json()).toMatchObject({ phone: '+7 900 000-00-00' });
    expect((await patch(peerController.id, { fullName: 'Переименованный' })).statusCode).toBe(403);
  });

  it('deactivates a user, revokes their refresh tokens and locks them out', async () => {
    const target = await makeUser(api.dataSource, { role: 'org_head', organizationId: schoolA.id });
    const token = await api.login(target.email, target.password);
    const tokens = api.dataSource.getRepository(RefreshTokenEntity);
    expect(await tokens.countBy({ userId: target.id })).toBeGreaterThan(0);
    await tokens.save({
      userId: target.id,
      familyId: randomUUID(),
      tokenHash: randomBytes(32).toString('hex'),
      expiresAt: new Date(Date.now() + 86_400_000),
    });
    // Signed in and working: the API holds their auth state, which the deactivation must drop.
    expect((await api.app.inject({ url: '/api/auth/me', headers: as(token) })).statusCode).toBe(200);

    const response = await api.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: as(controller), payload: { isActive: false } });
    expect(response.statusCode).toBe(200);
    expect(response.json()).toMatchObject({ isActive: false });
    expect(await tokens.countBy({ userId: target.id, revokedAt: IsNull() })).toBe(0);
    expect((await api.app.inject({ url: '/api/auth/me', headers: as(token) })).statusCode).toBe(401);
    const audit = await api.dataSource.getRepository(AuditLogEntity).findOneBy({ action: 'user.deactivated', entityId: target.id });
    expect(audit).toMatchObject({ before: { isActive: true }, after: { isActive: false } });
    const inactive = await api.app.inject({ url: '/api/users?active=false', headers: as(controller) });
    expect(inactive.json().items.map((user: { id: string }) => user.id)).toContain(target.id);
  });

  it('changes role and organization within the rules, auditing before and after', async () => {
    const target = await makeUser(api.dataSource, { role: 'org_coordinator', organizationId: schoolA.id });
    const response = await api.app.inject({
      method: 'PATCH',
      url: `/api/users/${target.id}`,
      headers: as(controller),
      payload: { role: 'org_head', organizationId: districtA.id },
    });
    expect(response.json()).toMatchObject({ role: 'org_head', organizationId: districtA.id });
    const audit = await api.dataSource.getRepository(AuditLogEntity).findOneBy({ action: 'user.updated', entityId: target.id });
    expect(audit).toMatchObject({
      before: { role: 'org_coordinator', organizationId: schoolA.id },
      after: { role: 'org_head', organizationId: districtA.id },
    });
    const escalate = await api.app.inject({ method: 'PATCH', url: `/api/users/${target.id}`, headers: as(controller), payload: { role: 'admin' } });
    expect(escalate.statusCode).toBe(400);
  });

  it('resets a password: the old one stops working, the new one is shown once', async () => {
    const target = await makeUser(api.dataSource, { role: 'observer', organizationId: districtA.id });
    const before = await api.dataSource.getRepository(UserEntity).findOneByOrFail({ id: target.id });
    const response = await api.app.inject({ method: 'POST', url: `/api/users/${target.id}/reset-password`, headers: as(controller) });
    expect(response.statusCode).toBe(200);
    const { oneTimePassword } = response.json();
    await expect(api.login(target.email, target.password)).rejects.toThrow(/401/);
    await expect(api.login(target.email, oneTimePassword)).resolves.toEqual(expect.any(String));
    expect((await api.dataSource.getRepository(UserEntity).findOneByOrFail({ id: target.id })).mustChangePassword).toBe(true);
    const after = await api.dataSource.getRepository(UserEntity).findOneByOrFail({ id: target.id });
    expect(after.passwordChangedAt.getTime()).toBeGreaterThan(before.passwordChangedAt.getTime());
    expect((await api.app.inject({ method: 'POST', url: `/api/users/${foreignUser.id}/reset-password`, headers: as(controller) })).statusCode).toBe(404);
  });
});
