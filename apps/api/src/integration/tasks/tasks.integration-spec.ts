import { existsSync, mkdtempSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InjectOptions } from 'fastify';
import { AuditLogEntity, type OrganizationEntity, TaskEntity, TaskEvidenceEntity } from '@karta/db';
import { makeOrganization, makeRoadmapAction, makeTask, makeUser, type TestUser } from '@karta/testing';
import type { TaskDetails, TaskListItem, Page } from '@karta/contracts';
import { startTestApi, type TestApi } from '../../testing/test-api';
import { docx, FAKE_EXE, multipartBody, SVG_WITH_SCRIPT, TINY_PDF, TINY_PNG } from './helpers';

// Real argon2 hashing and sign-ins for eight users take a while on a shared machine.
jest.setTimeout(120_000);

const UPLOAD_LIMIT = 64 * 1024;

describe('tasks API (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let storageDir: string;
  let department: OrganizationEntity;
  let schoolA: OrganizationEntity;
  let schoolB: OrganizationEntity;
  let actionId: string;
  let roadmapId: string;
  const users: Record<'controller' | 'coordinatorA' | 'headA' | 'memberA' | 'coordinatorB' | 'observer' | 'staff' | 'admin', TestUser> = {} as never;
  const tokens: Record<string, string> = {};

  beforeAll(async () => {
    storageDir = mkdtempSync(join(tmpdir(), 'karta-storage-'));
    api = await startTestApi({ UPLOAD_MAX_BYTES: String(UPLOAD_LIMIT), STORAGE_DIR: storageDir });
    const ds = api.dataSource;
    department = await makeOrganization(ds, { kind: 'department', shortName: 'Отдел образования' });
    schoolA = await makeOrganization(ds, { parentId: department.id, shortName: 'МКОУ «Альфа СОШ»' });
    schoolB = await makeOrganization(ds, { parentId: department.id, shortName: 'МКОУ «Бета СОШ»' });
    const action = await makeRoadmapAction(ds);
    actionId = action.id;
    roadmapId = action.roadmapId;
    users.controller = await makeUser(ds, { role: 'controller', organizationId: department.id, fullName: 'Контролёр' });
    users.observer = await makeUser(ds, { role: 'observer', organizationId: department.id });
    users.staff = await makeUser(ds, { role: 'department_staff', organizationId: department.id });
    users.admin = await makeUser(ds, { role: 'admin', organizationId: department.id });
    users.coordinatorA = await makeUser(ds, { role: 'org_coordinator', organizationId: schoolA.id, fullName: 'Координатор Альфа' });
    users.headA = await makeUser(ds, { role: 'org_head', organizationId: schoolA.id });
    users.memberA = await makeUser(ds, { role: 'org_coordinator', organizationId: schoolA.id, fullName: 'Второй Альфа' });
    users.coordinatorB = await makeUser(ds, { role: 'org_coordinator', organizationId: schoolB.id });
    for (const [name, user] of Object.entries(users)) tokens[name] = await api.login(user.email, user.password);
  });

  afterAll(() => api.close());

  const call = (who: string, options: InjectOptions) =>
    api.app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${tokens[who]}` } });
  const details = async (who: string, taskId: string) => (await call(who, { url: `/api/tasks/${taskId}` })).json<TaskDetails>();
  const transition = (who: string, taskId: string, body: Record<string, unknown>) =>
    call(who, { method: 'POST', url: `/api/tasks/${taskId}/transitions`, payload: body });
  const act = async (who: string, taskId: string, action: string, comment?: string) => {
    const { version } = await details(who, taskId);
    return transition(who, taskId, { action, comment, expectedVersion: version });
  };
  const addLink = (who: string, taskId: string, url = 'https://max.ru/alpha/post/1') =>
    call(who, { method: 'POST', url: `/api/tasks/${taskId}/evidence/links`, payload: { url } });
  const upload = (who: string, taskId: string, files: Parameters<typeof multipartBody>[0]) =>
    call(who, { method: 'POST', url: `/api/tasks/${taskId}/evidence/files`, ...multipartBody(files) });
  const taskOfA = (overrides: Partial<TaskEntity> = {}) => makeTask(api.dataSource, { actionId, organizationId: schoolA.id, periodKey: `2025-W${Math.floor(Math.random() * 1e6)}`.slice(0, 20), ...overrides });

  describe('list', () => {
    let overdueTask: TaskEntity;
    let taskB: TaskEntity;

    beforeAll(async () => {
      overdueTask = await taskOfA({ periodKey: '2025-07', periodStart: '2025-07-01', periodEnd: '2025-07-31', dueAt: new Date('2025-07-31T15:00:00Z'), status: 'returned' });
      await taskOfA({ periodKey: '2025-09', periodStart: '2025-09-01', periodEnd: '2025-09-30', status: 'accepted', dueAt: new Date('2025-09-30T15:00:00Z'), executorId: users.coordinatorA.id });
      taskB = await makeTask(api.dataSource, { actionId, organizationId: schoolB.id, periodKey: '2025-07', periodStart: '2025-07-01', periodEnd: '2025-07-31', dueAt: new Date('2025-07-31T15:00:00Z') });
    });

    const list = async (who: string, query = '') => {
      const response = await call(who, { url: `/api/tasks${query}` });
      expect(response.statusCode).toBe(200);
      return response.json<Page<TaskListItem>>();
    };

    it('limits an organization role to its own organization and a controller to the subtree', async () => {
      const forB = await list('coordinatorB', '?pageSize=200');
      expect(forB.items.every((item) => item.organizationId === schoolB.id)).toBe(true);
      expect(forB.items.map((item) => item.id)).toContain(taskB.id);
      const forController = await list('controller', '?pageSize=200');
      const orgs = new Set(forController.items.map((item) => item.organizationId));
      expect(orgs).toEqual(new Set([schoolA.id, schoolB.id]));
      expect(forController.total).toBe(forController.items.length);
    });

    it('derives overdue and filters by it, by status, organization name and period', async () => {
      const overdue = await list('controller', `?overdue=true&organizationId=${schoolA.id}`);
      expect(overdue.items.map((item) => item.id)).toEqual([overdueTask.id]);
      expect(overdue.items[0]).toMatchObject({ overdue: true, status: 'returned', actionNumber: 1, organizationShortName: 'МКОУ «Альфа СОШ»', dueAt: '2025-07-31T15:00:00.000Z' });
      expect(overdue.items[0].updatedAt).toBe(new Date(overdue.items[0].updatedAt).toISOString());
      expect(overdue.items[0].period).toMatchObject({ key: '2025-07', kind: 'month', label: 'июль 2025' });
      const notOverdue = await list('controller', `?overdue=false&organizationId=${schoolA.id}`);
      expect(notOverdue.items.map((item) => item.id)).not.toContain(overdueTask.id);
      const accepted = await list('controller', `?status=accepted&status=returned&q=${encodeURIComponent('альфа')}&sort=-dueAt`);
      expect(accepted.items.map((item) => item.status)).toEqual(['accepted', 'returned']);
      const byPeriod = await list('controller', `?periodKey=2025-07&roadmapId=${roadmapId}&actionId=${actionId}`);
      expect(new Set(byPeriod.items.map((item) => item.organizationId))).toEqual(new Set([schoolA.id, schoolB.id]));
      const range = await list('controller', `?periodFrom=2025-09-01&periodTo=2025-09-30&organizationId=${department.id}&includeSubtree=true`);
      expect(range.items.map((item) => item.period.key)).toEqual(['2025-09']);
    });

    it('filters by assignee and offers the caller’s own tasks', async () => {
      const assigned = await list('coordinatorA', '?assignee=me');
      expect(assigned.items.map((item) => item.executorName)).toEqual(['Координатор Альфа']);
      const mine = (await call('coordinatorA', { url: '/api/tasks/mine?pageSize=200' })).json<Page<TaskListItem>>();
      expect(mine.items.length).toBeGreaterThan(0);
      expect(mine.items.every((item) => item.organizationId === schoolA.id && (item.executorId === null || item.executorId === users.coordinatorA.id))).toBe(true);
      const mineOfOther = (await call('memberA', { url: '/api/tasks/mine?pageSize=200' })).json<Page<TaskListItem>>();
      expect(mineOfOther.items.every((item) => item.executorId === null)).toBe(true);
    });

    it('carries the week’s indicator evaluation the weekly job set, null for tasks it never touched', async () => {
      const week = await taskOfA({ periodKey: '2025-W40', periodStart: '2025-09-29', periodEnd: '2025-10-05', indicatorStatus: 'no_data' });
      const listed = await list('controller', `?periodKey=2025-W40&organizationId=${schoolA.id}`);
      expect(listed.items.map((item) => [item.id, item.indicatorStatus])).toEqual([[week.id, 'no_data']]);
      expect((await details('coordinatorA', week.id)).indicatorStatus).toBe('no_data');
      expect((await details('coordinatorA', overdueTask.id)).indicatorStatus).toBeNull();
    });

    it('paginates and rejects bad filters', async () => {
      const first = await list('controller', '?pageSize=1&page=1&sort=organization');
      expect(first.items).toHaveLength(1);
      expect(first.total).toBeGreaterThan(1);
      const second = await list('controller', '?pageSize=1&page=2&sort=organization');
      expect(second.items[0].id).not.toBe(first.items[0].id);
      expect(second.total).toBe(first.total);
      // Past the last page: no rows, and still the total.
      const beyond = await list('controller', `?pageSize=1&page=${first.total + 1}`);
      expect(beyond).toMatchObject({ items: [], total: first.total });
      expect(await list('controller', '?q=nobody-has-this-name')).toMatchObject({ items: [], total: 0 });
      for (const query of ['?pageSize=201', '?status=done', '?overdue=yes', '?sort=name', '?periodFrom=01.09.2025', '?unknown=1']) {
        expect((await call('controller', { url: `/api/tasks${query}` })).statusCode).toBe(400);
      }
    });
  });

  describe('task page and cross-organization access', () => {
    it('shows the task with what the caller may do', async () => {
      const task = await taskOfA();
      const forCoordinator = await details('coordinatorA', task.id);
      expect(forCoordinator).toMatchObject({
        status: 'open',
        organization: { id: schoolA.id },
        action: { number: 1, resultText: 'Отчет' },
        allowedActions: ['start', 'submit'],
        permissions: { isExecutor: true, isReviewer: false, canEditEvidence: true },
        currentRound: 1,
      });
      expect((await details('controller', task.id)).allowedActions).toEqual(['cancel']);
      expect((await details('observer', task.id)).allowedActions).toEqual([]);
    });

    it('answers 404 to a coordinator of another organization, for reads and writes alike, and audits it', async () => {
      const task = await taskOfA();
      const attempts: InjectOptions[] = [
        { url: `/api/tasks/${task.id}` },
        { method: 'POST', url: `/api/tasks/${task.id}/transitions`, payload: { action: 'start', expectedVersion: task.version } },
        { method: 'POST', url: `/api/tasks/${task.id}/evidence/links`, payload: { url: 'https://max.ru/x' } },
        { method: 'POST', url: `/api/tasks/${task.id}/evidence/files`, ...multipartBody([{ name: 'a.pdf', content: TINY_PDF }]) },
        { method: 'POST', url: `/api/tasks/${task.id}/comments`, payload: { text: 'привет' } },
        { method: 'PUT', url: `/api/tasks/${task.id}/assignees`, payload: { executorId: users.coordinatorB.id, coExecutorIds: [] } },
        { method: 'POST', url: `/api/tasks/${task.id}/extension-requests`, payload: { reason: 'x', requestedDueDate: '2099-01-01' } },
      ];
      for (const attempt of attempts) {
        const response = await call('coordinatorB', attempt);
        expect({ url: attempt.url, method: attempt.method, status: response.statusCode }).toEqual({ url: attempt.url, method: attempt.method, status: 404 });
        expect(response.json().message).toBe('Не найдено');
      }
      const denied = await api.dataSource.getRepository(AuditLogEntity).countBy({ action: 'access.denied', entityId: task.id, actorId: users.coordinatorB.id });
      expect(denied).toBe(attempts.length);
      const unchanged = await api.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id });
      expect(unchanged.version).toBe(task.version);
      expect(await api.dataSource.getRepository(TaskEvidenceEntity).countBy({ taskId: task.id })).toBe(0);
    });

    it('answers 404 for a task that does not exist', async () => {
      expect((await call('admin', { url: '/api/tasks/00000000-0000-4000-8000-000000000000' })).statusCode).toBe(404);
    });
  });

  describe('transitions', () => {
    it('runs open → in_progress → submitted → returned → submitted (round 2) → accepted, with events and audit', async () => {
      const task = await taskOfA();
      expect((await act('coordinatorA', task.id, 'start')).statusCode).toBe(200);
      const noEvidence = await act('coordinatorA', task.id, 'submit');
      expect(noEvidence.statusCode).toBe(400);
      expect(noEvidence.json().message).toContain('Приложите хотя бы одно подтверждение');
      expect((await addLink('coordinatorA', task.id)).statusCode).toBe(201);
      const submitted = await act('coordinatorA', task.id, 'submit');
      expect(submitted.statusCode).toBe(200);
      expect(submitted.json<TaskDetails>()).toMatchObject({ status: 'submitted', allowedActions: [] });
      expect(submitted.json<TaskDetails>().submittedAt).not.toBeNull();

      expect((await act('coordinatorA', task.id, 'accept')).statusCode).toBe(403);
      const noComment = await act('controller', task.id, 'return', '   ');
      expect(noComment.statusCode).toBe(400);
      expect(noComment.json().fieldErrors).toEqual([{ field: 'comment', messages: ['Укажите комментарий'] }]);
      const returned = await act('controller', task.id, 'return', 'Нет скриншота канала');
      expect(returned.json<TaskDetails>()).toMatchObject({ status: 'returned', currentRound: 2, evidence: [] });
      expect(returned.json<TaskDetails>().evidenceHistory).toHaveLength(1);
      expect(returned.json<TaskDetails>().evidenceHistory[0].round).toBe(1);

      // Round 1 evidence stays in history but does not count for the next submission.
      expect((await act('coordinatorA', task.id, 'submit')).statusCode).toBe(400);
      await addLink('coordinatorA', task.id, 'https://max.ru/alpha/post/2');
      const resubmitted = await act('coordinatorA', task.id, 'submit');
      expect(resubmitted.json<TaskDetails>()).toMatchObject({ status: 'submitted', currentRound: 2 });
      expect(resubmitted.json<TaskDetails>().evidence.map((e) => e.round)).toEqual([2]);
      const accepted = await act('controller', task.id, 'accept');
      expect(accepted.json<TaskDetails>()).toMatchObject({ status: 'accepted', allowedActions: ['reopen'] });
      expect((await details('coordinatorA', task.id)).allowedActions).toEqual([]);

      const page = await details('coordinatorA', task.id);
      const changes = page.timeline.filter((e) => e.kind === 'status_changed').map((e) => `${e.data?.['from']}→${e.data?.['to']}`);
      expect(changes).toEqual(['open→in_progress', 'in_progress→submitted', 'submitted→returned', 'returned→submitted', 'submitted→accepted']);
      expect(page.timeline.find((e) => e.data?.['to'] === 'returned')).toMatchObject({ body: 'Нет скриншота канала', author: { fullName: 'Контролёр' } });
      const audit = await api.dataSource.getRepository(AuditLogEntity).findBy({ entityId: task.id, action: 'task.accept' });
      expect(audit).toHaveLength(1);
      expect(audit[0].before).toMatchObject({ status: 'submitted' });
      expect(audit[0].after).toMatchObject({ status: 'accepted' });
    });

    it('refuses illegal transitions with 409 in Russian, and wrong roles with 403', async () => {
      const task = await taskOfA();
      const illegal = await act('controller', task.id, 'accept');
      expect(illegal.statusCode).toBe(409);
      expect(illegal.json().message).toBe('Это действие недоступно для задачи в статусе «Открыта»');
      expect((await act('coordinatorA', task.id, 'reopen')).statusCode).toBe(409);
      expect((await act('observer', task.id, 'start')).statusCode).toBe(403);
      expect((await act('coordinatorA', task.id, 'cancel', 'не нужно')).statusCode).toBe(403);
      expect((await act('headA', task.id, 'start')).statusCode).toBe(200);
    });

    it('cancels with a reason and reopens with a reason (reviewer only)', async () => {
      const task = await taskOfA();
      const noReason = await act('controller', task.id, 'cancel');
      expect(noReason.json().fieldErrors).toEqual([{ field: 'comment', messages: ['Укажите причину'] }]);
      const cancelled = await act('controller', task.id, 'cancel', 'Организация закрыта');
      expect(cancelled.json<TaskDetails>()).toMatchObject({ status: 'cancelled', cancelReason: 'Организация закрыта', allowedActions: ['reopen'] });
      expect((await act('coordinatorA', task.id, 'start')).statusCode).toBe(409);
      expect((await addLink('coordinatorA', task.id)).statusCode).toBe(409);
      const reopened = await act('admin', task.id, 'reopen', 'Отменено по ошибке');
      expect(reopened.json<TaskDetails>()).toMatchObject({ status: 'open', cancelReason: null });
    });

    it('lets department staff execute the department’s own task but not review', async () => {
      const own = await makeTask(api.dataSource, { actionId, organizationId: department.id });
      expect((await act('staff', own.id, 'start')).statusCode).toBe(200);
      const taskA = await taskOfA();
      expect((await act('staff', taskA.id, 'start')).statusCode).toBe(403);
    });

    it('refuses a stale version with 409 (optimistic lock)', async () => {
      const task = await taskOfA();
      const { version } = await details('coordinatorA', task.id);
      expect((await transition('coordinatorA', task.id, { action: 'start', expectedVersion: version })).statusCode).toBe(200);
      await addLink('coordinatorA', task.id);
      const stale = await transition('coordinatorA', task.id, { action: 'submit', expectedVersion: version });
      expect(stale.statusCode).toBe(409);
      expect(stale.json().message).toContain('Задача изменена другим пользователем');
    });

    it('lets only one of two concurrent reviewers win', async () => {
      const task = await taskOfA();
      await addLink('coordinatorA', task.id);
      await act('coordinatorA', task.id, 'submit');
      const { version } = await details('controller', task.id);
      const [a, b] = await Promise.all([
        transition('controller', task.id, { action: 'accept', expectedVersion: version }),
        transition('admin', task.id, { action: 'return', comment: 'Нет', expectedVersion: version }),
      ]);
      expect([a.statusCode, b.statusCode].sort()).toEqual([200, 409]);
    });

    it('rejects mass assignment and unknown fields with 400', async () => {
      const task = await taskOfA();
      const bodies: unknown[] = [
        { action: 'start', expectedVersion: 1, status: 'accepted' },
        { action: 'start', expectedVersion: 1, organizationId: schoolB.id },
        { action: 'dance', expectedVersion: 1 },
        { action: 'start' },
      ];
      for (const payload of bodies) {
        expect((await call('coordinatorA', { method: 'POST', url: `/api/tasks/${task.id}/transitions`, payload: payload as object })).statusCode).toBe(400);
      }
      const proto = await call('coordinatorA', {
        method: 'POST',
        url: `/api/tasks/${task.id}/transitions`,
        headers: { 'content-type': 'application/json' },
        payload: '{"action":"start","expectedVersion":1,"__proto__":{"status":"accepted"}}',
      });
      expect(proto.statusCode).toBe(400);
      const assignees = await call('coordinatorA', {
        method: 'PUT',
        url: `/api/tasks/${task.id}/assignees`,
        payload: { executorId: users.coordinatorA.id, coExecutorIds: [], status: 'accepted' },
      });
      expect(assignees.statusCode).toBe(400);
      const link = await call('coordinatorA', { method: 'POST', url: `/api/tasks/${task.id}/evidence/links`, payload: { url: 'https://max.ru', round: 5 } });
      expect(link.statusCode).toBe(400);
      expect((await api.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id })).status).toBe('open');
    });
  });

  describe('assignment', () => {
    it('assigns users of the task’s organization only, by the coordinator, head or controller', async () => {
      const task = await taskOfA();
      const put = (who: string, body: object) => call(who, { method: 'PUT', url: `/api/tasks/${task.id}/assignees`, payload: body });
      const ok = await put('coordinatorA', { executorId: users.memberA.id, coExecutorIds: [users.coordinatorA.id] });
      expect(ok.statusCode).toBe(200);
      expect(ok.json<TaskDetails>()).toMatchObject({ executor: { id: users.memberA.id }, coExecutors: [{ id: users.coordinatorA.id }] });
      const foreign = await put('controller', { executorId: users.coordinatorB.id, coExecutorIds: [] });
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().fieldErrors[0].field).toBe('executorId');
      expect((await put('staff', { executorId: null, coExecutorIds: [] })).statusCode).toBe(403);
      expect((await put('headA', { executorId: null, coExecutorIds: [] })).statusCode).toBe(200);
      const page = await details('controller', task.id);
      expect(page.timeline.filter((e) => e.kind === 'assigned')).toHaveLength(2);
      expect(await api.dataSource.getRepository(AuditLogEntity).countBy({ entityId: task.id, action: 'task.assigned' })).toBe(2);
    });
  });

  describe('comments and progress', () => {
    it('adds comments, requests and reports progress', async () => {
      const task = await taskOfA();
      expect((await call('observer', { method: 'POST', url: `/api/tasks/${task.id}/comments`, payload: { text: 'Я смотрю' } })).statusCode).toBe(403);
      await call('coordinatorA', { method: 'POST', url: `/api/tasks/${task.id}/comments`, payload: { text: 'Канал создан' } });
      expect((await call('coordinatorA', { method: 'POST', url: `/api/tasks/${task.id}/progress-requests` })).statusCode).toBe(403);
      const requested = await call('controller', { method: 'POST', url: `/api/tasks/${task.id}/progress-requests` });
      expect(requested.statusCode).toBe(201);
      expect(requested.json<TaskDetails>().progressRequestedAt).not.toBeNull();
      const reported = await call('coordinatorA', { method: 'POST', url: `/api/tasks/${task.id}/progress-reports`, payload: { text: 'Готово на 80%' } });
      expect(reported.json<TaskDetails>().progressRequestedAt).toBeNull();
      expect(reported.json<TaskDetails>().timeline.map((e) => e.kind)).toEqual(['comment', 'progress_requested', 'progress_reported']);
    });
  });

  describe('deadline extension', () => {
    it('requests, refuses (reason required), asks again and grants to 23:59 Moscow time', async () => {
      const task = await taskOfA({ dueAt: new Date('2030-01-31T15:00:00Z') });
      const post = (who: string, body: object) => call(who, { method: 'POST', url: `/api/tasks/${task.id}/extension-requests`, payload: body });
      expect((await post('controller', { reason: 'x', requestedDueDate: '2030-02-10' })).statusCode).toBe(403);
      const notLater = await post('coordinatorA', { reason: 'Болезнь', requestedDueDate: '2030-01-15' });
      expect(notLater.statusCode).toBe(400);
      expect((await post('coordinatorA', { reason: 'Болезнь', requestedDueDate: '2030-02-30' })).statusCode).toBe(400);
      const first = await post('coordinatorA', { reason: 'Болезнь', requestedDueDate: '2030-02-10' });
      expect(first.statusCode).toBe(201);
      const pending = first.json<TaskDetails>().pendingExtension;
      if (!pending) throw new Error('the request should be pending');
      expect(pending).toMatchObject({ status: 'pending', reason: 'Болезнь', requestedDueAt: '2030-02-10T20:59:00.000Z' });
      const twice = await post('coordinatorA', { reason: 'Ещё раз', requestedDueDate: '2030-02-11' });
      expect(twice.statusCode).toBe(409);
      expect(twice.json().message).toBe('Запрос на продление срока уже ожидает решения');

      const decide = (who: string, requestId: string, body: object) =>
        call(who, { method: 'POST', url: `/api/tasks/${task.id}/extension-requests/${requestId}/decision`, payload: body });
      expect((await decide('coordinatorA', pending.id, { decision: 'grant' })).statusCode).toBe(403);
      const noReason = await decide('controller', pending.id, { decision: 'refuse', comment: ' ' });
      expect(noReason.json().fieldErrors).toEqual([{ field: 'comment', messages: ['Укажите причину отказа'] }]);
      const refused = await decide('controller', pending.id, { decision: 'refuse', comment: 'Срок установлен приказом' });
      expect(refused.statusCode).toBe(200);
      expect(refused.json<TaskDetails>()).toMatchObject({ pendingExtension: null, dueAt: '2030-01-31T15:00:00.000Z' });
      expect((await decide('controller', pending.id, { decision: 'grant' })).statusCode).toBe(409);

      const again = await post('coordinatorA', { reason: 'Нужна неделя', requestedDueDate: '2030-02-07' });
      expect(again.statusCode).toBe(201);
      const second = again.json<TaskDetails>().pendingExtension;
      if (!second) throw new Error('the second request should be pending');
      const granted = await decide('controller', second.id, { decision: 'grant', newDueDate: '2030-02-05', comment: 'Даю до 5-го' });
      expect(granted.statusCode).toBe(200);
      expect(granted.json<TaskDetails>()).toMatchObject({ dueAt: '2030-02-05T20:59:00.000Z', originalDueAt: '2030-01-31T15:00:00.000Z' });
      expect(granted.json<TaskDetails>().extensions.map((x) => x.status)).toEqual(['granted', 'refused']);
      const kinds = granted.json<TaskDetails>().timeline.map((e) => e.kind);
      expect(kinds).toEqual(['extension_requested', 'extension_decided', 'extension_requested', 'extension_decided']);
      expect(await api.dataSource.getRepository(AuditLogEntity).countBy({ entityId: task.id, action: 'task.extension_granted' })).toBe(1);
    });
  });

  describe('evidence', () => {
    let task: TaskEntity;
    beforeEach(async () => {
      task = await taskOfA();
    });

    const storedFiles = () => {
      const root = join(storageDir, 'evidence');
      if (!existsSync(root)) return [];
      return readdirSync(root, { recursive: true, withFileTypes: true }).filter((entry) => entry.isFile()).map((entry) => entry.name);
    };

    it('accepts a PDF, a PNG and a DOCX in one request and serves them back as attachments', async () => {
      const document = await docx('<w:document>Отчёт о создании канала в MAX, подписчиков: 120</w:document>');
      const response = await upload('coordinatorA', task.id, [
        { name: 'отчёт.pdf', content: TINY_PDF, type: 'application/pdf' },
        { name: 'screen.png', content: TINY_PNG, type: 'image/png' },
        { name: 'report.docx', content: document },
      ]);
      expect(response.statusCode).toBe(201);
      const items = response.json<TaskDetails['evidence']>();
      expect(items.map((e) => [e.fileName, e.mimeType, e.round])).toEqual([
        ['отчёт.pdf', 'application/pdf', 1],
        ['screen.png', 'image/png', 1],
        ['report.docx', 'application/vnd.openxmlformats-officedocument.wordprocessingml.document', 1],
      ]);
      expect(items[0].sha256).toMatch(/^[0-9a-f]{64}$/);
      expect(items[0].sizeBytes).toBe(TINY_PDF.length);
      const download = await call('controller', { url: `/api/tasks/${task.id}/evidence/${items[0].id}/download` });
      expect(download.statusCode).toBe(200);
      expect(download.headers['content-type']).toBe('application/pdf');
      expect(download.headers['x-content-type-options']).toBe('nosniff');
      expect(download.headers['content-disposition']).toBe(`attachment; filename="_____.pdf"; filename*=UTF-8''${encodeURIComponent('отчёт.pdf')}`);
      expect(download.rawPayload.equals(TINY_PDF)).toBe(true);
      expect((await call('coordinatorB', { url: `/api/tasks/${task.id}/evidence/${items[0].id}/download` })).statusCode).toBe(404);
      const onDisk = storedFiles();
      expect(onDisk.filter((name) => /^[0-9a-f-]{36}$/.test(name)).length).toBeGreaterThanOrEqual(items.length);
      expect(onDisk.some((name) => name.includes('.pdf'))).toBe(false);
    });

    it('stores dangerous names safely and shows them sanitized', async () => {
      const response = await upload('coordinatorA', task.id, [
        { name: '../../x.pdf', content: TINY_PDF },
        { name: 'a%00.pdf', content: TINY_PDF },
      ]);
      expect(response.statusCode).toBe(201);
      expect(response.json<TaskDetails['evidence']>().map((e) => e.fileName)).toEqual(['x.pdf', 'a.pdf']);
      expect(existsSync(join(storageDir, 'x.pdf'))).toBe(false);
      expect(existsSync(join(storageDir, '..', 'x.pdf'))).toBe(false);
    });

    it.each([
      ['an executable renamed .pdf', 'invoice.pdf', FAKE_EXE, 415],
      ['an SVG with a script', 'logo.svg', SVG_WITH_SCRIPT, 415],
      ['an HTML page', 'page.pdf', Buffer.from('<!doctype html><script>alert(1)</script>'), 415],
      ['an empty file', 'empty.pdf', Buffer.alloc(0), 400],
    ])('rejects %s', async (_label, name, content, status) => {
      const before = storedFiles().length;
      const response = await upload('coordinatorA', task.id, [{ name, content: content as Buffer }]);
      expect(response.statusCode).toBe(status);
      expect(response.json().message).toContain(name);
      expect(await api.dataSource.getRepository(TaskEvidenceEntity).countBy({ taskId: task.id })).toBe(0);
      expect(storedFiles().length).toBe(before);
    });

    it('accepts a file of exactly the limit and refuses limit + 1 byte, keeping nothing', async () => {
      const exact = Buffer.concat([TINY_PDF, Buffer.alloc(UPLOAD_LIMIT - TINY_PDF.length, 0x20)]);
      expect((await upload('coordinatorA', task.id, [{ name: 'exact.pdf', content: exact }])).statusCode).toBe(201);
      const before = storedFiles().length;
      const tooBig = Buffer.concat([exact, Buffer.from(' ')]);
      const response = await upload('coordinatorA', task.id, [
        { name: 'fine.pdf', content: TINY_PDF },
        { name: 'big.pdf', content: tooBig },
      ]);
      expect(response.statusCode).toBe(413);
      expect(response.json().message).toContain('big.pdf');
      expect(storedFiles().length).toBe(before);
      expect(await api.dataSource.getRepository(TaskEvidenceEntity).countBy({ taskId: task.id })).toBe(1);
    });

    it('rejects a zip-bomb DOCX', async () => {
      const bomb = await docx('A'.repeat(20 * 1024 * 1024));
      expect(bomb.length).toBeLessThan(UPLOAD_LIMIT);
      const response = await upload('coordinatorA', task.id, [{ name: 'bomb.docx', content: bomb }]);
      expect(response.statusCode).toBe(415);
      expect(await api.dataSource.getRepository(TaskEvidenceEntity).countBy({ taskId: task.id })).toBe(0);
    });

    it('adds links (http/https only) and texts, removes before submit, and freezes after submit', async () => {
      for (const url of ['javascript:alert(1)', 'ftp://x.ru/a', 'https://' + 'a'.repeat(2000) + '.ru', 'не ссылка']) {
        expect((await addLink('coordinatorA', task.id, url)).statusCode).toBe(400);
      }
      const link = (await addLink('coordinatorA', task.id, 'https://max.ru/alpha/post/7')).json<TaskDetails['evidence'][number]>();
      const text = await call('coordinatorA', { method: 'POST', url: `/api/tasks/${task.id}/evidence/texts`, payload: { text: 'Канал создан 01.09' } });
      expect(text.statusCode).toBe(201);
      expect((await addLink('controller', task.id)).statusCode).toBe(403);
      expect((await call('controller', { method: 'DELETE', url: `/api/tasks/${task.id}/evidence/${link.id}` })).statusCode).toBe(403);
      expect((await call('coordinatorA', { method: 'DELETE', url: `/api/tasks/${task.id}/evidence/${link.id}` })).statusCode).toBe(204);
      const page = await details('coordinatorA', task.id);
      expect(page.evidence.map((e) => e.kind)).toEqual(['text']);
      expect(page.evidenceHistory.find((e) => e.id === link.id)?.removedAt).not.toBeNull();
      await act('coordinatorA', task.id, 'submit');
      const textId = page.evidence[0].id;
      expect((await call('coordinatorA', { method: 'DELETE', url: `/api/tasks/${task.id}/evidence/${textId}` })).statusCode).toBe(409);
      expect((await upload('coordinatorA', task.id, [{ name: 'late.pdf', content: TINY_PDF }])).statusCode).toBe(409);
    });
  });

  it('documents every tasks route in OpenAPI', async () => {
    const document = (await api.app.inject({ url: '/api/docs-json' })).json<{ paths: Record<string, unknown> }>();
    expect(Object.keys(document.paths)).toEqual(
      expect.arrayContaining([
        '/api/tasks',
        '/api/tasks/mine',
        '/api/tasks/{id}',
        '/api/tasks/{id}/transitions',
        '/api/tasks/{id}/assignees',
        '/api/tasks/{id}/comments',
        '/api/tasks/{id}/progress-requests',
        '/api/tasks/{id}/progress-reports',
        '/api/tasks/{id}/extension-requests',
        '/api/tasks/{id}/extension-requests/{requestId}/decision',
        '/api/tasks/{id}/evidence/files',
        '/api/tasks/{id}/evidence/links',
        '/api/tasks/{id}/evidence/texts',
        '/api/tasks/{id}/evidence/{evidenceId}',
        '/api/tasks/{id}/evidence/{evidenceId}/download',
      ]),
    );
  });
});
