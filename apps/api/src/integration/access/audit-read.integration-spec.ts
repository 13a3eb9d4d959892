import { randomUUID } from 'node:crypto';
import type { AuditEntry, Page } from '@karta/contracts';
import { AuditLog } from '@karta/server-core';
import { makeOrganization, makeUser } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

/** Generous: the shared machine can be slow; nothing here measures time. */
jest.setTimeout(120_000);

describe('audit read API (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  const tokens: Record<string, string> = {};
  let ownSchool: string;
  let otherSchool: string;
  let departmentId: string;
  const taskId = randomUUID();
  const foreignTaskId = randomUUID();

  beforeAll(async () => {
    api = await startTestApi();
    const region = await makeOrganization(api.dataSource, { kind: 'region' });
    const department = await makeOrganization(api.dataSource, { parentId: region.id, kind: 'department' });
    departmentId = department.id;
    const otherDepartment = await makeOrganization(api.dataSource, { parentId: region.id, kind: 'department' });
    ownSchool = (await makeOrganization(api.dataSource, { parentId: department.id, shortName: 'Своя школа' })).id;
    otherSchool = (await makeOrganization(api.dataSource, { parentId: otherDepartment.id })).id;
    const people = {
      admin: await makeUser(api.dataSource, { role: 'admin', organizationId: region.id }),
      controller: await makeUser(api.dataSource, { role: 'controller', organizationId: department.id, fullName: 'Контролёр Тестовый' }),
      observer: await makeUser(api.dataSource, { role: 'observer', organizationId: department.id }),
      coordinator: await makeUser(api.dataSource, { role: 'org_coordinator', organizationId: ownSchool }),
    };
    for (const [name, user] of Object.entries(people)) tokens[name] = await api.login(user.email, user.password);

    await api.app.get(AuditLog).record([
      { action: 'task.accepted', actorId: people.controller.id, entityType: 'task', entityId: taskId, organizationId: ownSchool, before: { status: 'submitted' }, after: { status: 'accepted' } },
      { action: 'access.denied', actorId: people.coordinator.id, entityType: 'task', entityId: taskId, organizationId: ownSchool },
      { action: 'task.accepted', actorId: null, entityType: 'task', entityId: foreignTaskId, organizationId: otherSchool },
      { action: 'system.probe', actorId: null, entityType: 'system_probe', entityId: randomUUID(), organizationId: null },
    ]);
  });

  afterAll(() => api.close());

  async function get(who: string, url: string) {
    const response = await api.app.inject({ url, headers: { authorization: `Bearer ${tokens[who]}` } });
    return { status: response.statusCode, page: response.json<Page<AuditEntry>>() };
  }

  it('shows a controller only entries of organizations in their subtree, newest first, with names joined', async () => {
    const { status, page } = await get('controller', '/api/audit?pageSize=200');
    expect(status).toBe(200);
    expect(page.items.every((entry) => [departmentId, ownSchool].includes(entry.organization?.id ?? ''))).toBe(true);
    const accepted = page.items.find((entry) => entry.action === 'task.accepted');
    expect(accepted).toMatchObject({
      actor: { fullName: 'Контролёр Тестовый' },
      organization: { id: ownSchool, shortName: 'Своя школа' },
      before: { status: 'submitted' },
      after: { status: 'accepted' },
    });
    expect(page.items.some((entry) => entry.entityId === foreignTaskId)).toBe(false);
    expect(page.items.some((entry) => entry.action === 'system.probe')).toBe(false);
  });

  it('shows an admin everything, including entries without an organization', async () => {
    const { page } = await get('admin', '/api/audit?pageSize=200');
    expect(page.items.map((entry) => entry.action)).toEqual(expect.arrayContaining(['system.probe', 'task.accepted', 'auth.login_succeeded']));
    expect(page.items.some((entry) => entry.entityId === foreignTaskId)).toBe(true);
  });

  it('filters by action prefix, entity, organization and time window, and paginates', async () => {
    const byPrefix = await get('admin', '/api/audit?action=task.&pageSize=200');
    expect(byPrefix.page.items.every((entry) => entry.action.startsWith('task.'))).toBe(true);
    expect(byPrefix.page.total).toBe(2);

    const byEntity = await get('admin', `/api/audit?entityType=task&entityId=${taskId}`);
    expect(byEntity.page.total).toBe(2);

    const byOrganization = await get('admin', `/api/audit?organizationId=${otherSchool}`);
    expect(byOrganization.page.items.map((entry) => entry.entityId)).toEqual([foreignTaskId]);

    const future = await get('admin', `/api/audit?from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`);
    expect(future.page.total).toBe(0);

    const paged = await get('admin', '/api/audit?pageSize=1&page=2');
    expect(paged.page).toMatchObject({ page: 2, pageSize: 1 });
    expect(paged.page.items).toHaveLength(1);
    expect(paged.page.total).toBeGreaterThan(2);
  });

  it('refuses the log to roles without audit.read and rejects malformed filters', async () => {
    expect((await get('observer', '/api/audit')).status).toBe(403);
    expect((await get('coordinator', '/api/audit')).status).toBe(403);
    expect((await get('admin', '/api/audit?from=yesterday')).status).toBe(400);
    expect((await get('admin', '/api/audit?action=%25')).status).toBe(400);
  });

  it('gives a task’s history to whoever reads tasks in scope, without refused-access entries for them', async () => {
    const coordinator = await get('coordinator', `/api/audit/entities/task/${taskId}`);
    expect(coordinator.status).toBe(200);
    expect(coordinator.page.items.map((entry) => entry.action)).toEqual(['task.accepted']);
    expect(coordinator.page.items[0].ip).toBeNull();

    const controller = await get('controller', `/api/audit/entities/task/${taskId}`);
    expect(controller.page.items.map((entry) => entry.action).sort()).toEqual(['access.denied', 'task.accepted']);

    const foreign = await get('coordinator', `/api/audit/entities/task/${foreignTaskId}`);
    expect(foreign.page.items).toEqual([]);

    expect((await get('coordinator', `/api/audit/entities/system_probe/${randomUUID()}`)).status).toBe(403);
  });
});
