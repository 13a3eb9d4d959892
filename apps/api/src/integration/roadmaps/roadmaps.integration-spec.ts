import { Queue } from 'bullmq';
import type { DataSource } from 'typeorm';
import { AuditLogEntity, IndicatorEntity, IndicatorTargetEntity, OrganizationEntity, RoadmapActionEntity, RoadmapEntity, TaskEntity, TaskEvidenceEntity } from '@karta/db';
import { JobName, QueueName } from '@karta/jobs';
import { redisOptions } from '@karta/server-core';
import { commandLineAuditSink, materializeTasks, NO_LONGER_RESPONSIBLE_REASON, PERIOD_EXCLUDED_REASON } from '@karta/server-setup';
import { type LocalDate, parseLocalDate } from '@karta/domain';
import { makeOrganization, makeRoadmapTree, makeUser, type RoadmapTestTree, testRoadmapYaml, type TestUser } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

/** The service the worker runs, called directly with a fixed "today" (the harness runs no worker). */
function materialize(dataSource: DataSource, today: string, roadmapId?: string) {
  return dataSource.transaction((manager) => materializeTasks(manager, { today: parseLocalDate(today) as LocalDate, roadmapId }, commandLineAuditSink));
}

async function taskKeys(dataSource: DataSource, roadmapId: string, status?: string): Promise<string[]> {
  const rows: { key: string }[] = await dataSource.query(
    `SELECT a.number || ' ' || o.code || ' ' || t.period_key AS key FROM task t
     JOIN roadmap_action a ON a.id = t.action_id JOIN organization o ON o.id = t.organization_id
     WHERE t.roadmap_id = $1 AND ($2::text IS NULL OR t.status = $2) ORDER BY 1`,
    [roadmapId, status ?? null],
  );
  return rows.map((row) => row.key);
}

jest.setTimeout(120_000);

describe('roadmaps (real PostgreSQL and Redis)', () => {
  let api: TestApi;
  let tree: RoadmapTestTree;
  let controller: TestUser;
  let coordinator: TestUser;
  let otherController: TestUser;
  let tokens: { controller: string; coordinator: string; otherController: string };
  let roadmapId: string;

  const post = (token: string, yaml: string) =>
    api.app.inject({ method: 'POST', url: '/api/roadmaps/import', headers: { authorization: `Bearer ${token}` }, payload: { yaml } });
  const get = (token: string, url: string) => api.app.inject({ url, headers: { authorization: `Bearer ${token}` } });

  beforeAll(async () => {
    api = await startTestApi();
    tree = await makeRoadmapTree(api.dataSource);
    controller = await makeUser(api.dataSource, { role: 'controller', organizationId: tree.department.id });
    coordinator = await makeUser(api.dataSource, { role: 'org_coordinator', organizationId: tree.school1.id });
    otherController = await makeUser(api.dataSource, { role: 'controller', organizationId: tree.otherDepartment.id });
    tokens = {
      controller: await api.login(controller.email, controller.password),
      coordinator: await api.login(coordinator.email, coordinator.password),
      otherController: await api.login(otherController.email, otherController.password),
    };
  });

  afterAll(() => api.close());

  describe('import', () => {
    it('rejects a bad file with field errors and writes nothing', async () => {
      const bad = testRoadmapYaml({ ownerCode: tree.department.code }).replace('schedule: { kind: weekly, startDate: 2025-09-01 }', 'schedule: { kind: weekly, startDate: 2025-09-01, dueWeekday: 8 }');
      const response = await post(tokens.controller, bad);
      expect(response.statusCode).toBe(400);
      expect(response.json().fieldErrors).toEqual([{ field: 'actions[1].schedule.dueWeekday', messages: [expect.any(String)] }]);
      expect(await api.dataSource.getRepository(RoadmapEntity).count()).toBe(0);
    });

    it('refuses an owner outside the caller scope as unknown, and callers without roadmaps.write', async () => {
      const foreign = await post(tokens.otherController, testRoadmapYaml({ ownerCode: tree.department.code }));
      expect(foreign.statusCode).toBe(400);
      expect(foreign.json().fieldErrors[0].field).toBe('ownerOrganizationCode');
      expect((await post(tokens.coordinator, testRoadmapYaml({ ownerCode: tree.school1.code }))).statusCode).toBe(403);
      expect(await api.dataSource.getRepository(RoadmapEntity).count()).toBe(0);
    });

    it('creates the roadmap and its actions, audits it and queues task materialization', async () => {
      const response = await post(tokens.controller, testRoadmapYaml({ ownerCode: tree.department.code }));
      expect(response.statusCode).toBe(200);
      const body = response.json();
      expect(body).toMatchObject({ code: 'test-roadmap', created: true, actionsCreated: 3, actionsUpdated: 0, actionsUnchanged: 0, indicatorsCreated: 1 });
      roadmapId = body.roadmapId;
      const [indicator] = await api.dataSource.getRepository(IndicatorEntity).findBy({ roadmapId });
      expect(indicator).toMatchObject({ code: 'staff_weekly_writers', numeratorMeasures: ['staff_wrote'], denominatorSource: 'staff_stat', organizationKinds: ['school'] });
      const stages = await api.dataSource.getRepository(IndicatorTargetEntity).find({ where: { indicatorId: indicator.id }, order: { effectiveFrom: 'ASC' } });
      expect(stages.map((stage) => [stage.effectiveFrom, stage.target])).toEqual([
        ['2025-09-01', 0.15],
        ['2025-11-10', 0.75],
      ]);
      expect(await api.dataSource.getRepository(RoadmapActionEntity).countBy({ roadmapId })).toBe(3);
      const audit = await api.dataSource.getRepository(AuditLogEntity).findBy({ entityId: roadmapId, action: 'roadmap.imported' });
      expect(audit).toHaveLength(1);
      expect(audit[0].actorId).toBe(controller.id);

      const queue = new Queue(QueueName.Tasks, { connection: redisOptions(api.redis.url), prefix: api.redis.prefix });
      try {
        const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
        expect(jobs.map((job) => ({ name: job.name, data: job.data }))).toContainEqual({ name: JobName.TasksMaterialize, data: { roadmapId } });
        expect(jobs.find((job) => job.id === body.materializeJobId)).toBeDefined();
      } finally {
        await queue.close();
      }
    });

    it('re-importing the same file changes nothing; a changed action updates only that action with before → after', async () => {
      const before = await api.dataSource.getRepository(RoadmapActionEntity).find({ where: { roadmapId }, order: { number: 'ASC' } });
      const same = await post(tokens.controller, testRoadmapYaml({ ownerCode: tree.department.code }));
      expect(same.json()).toMatchObject({ created: false, actionsCreated: 0, actionsUpdated: 0, actionsUnchanged: 3, indicatorsCreated: 0, indicatorsUpdated: 0 });
      const changed = await post(tokens.controller, testRoadmapYaml({ ownerCode: tree.department.code, action1Title: 'Официальный канал' }));
      expect(changed.json()).toMatchObject({ created: false, actionsUpdated: 1, actionsUnchanged: 2 });
      const after = await api.dataSource.getRepository(RoadmapActionEntity).find({ where: { roadmapId }, order: { number: 'ASC' } });
      expect(after.map((a) => a.id)).toEqual(before.map((a) => a.id));
      expect(after[0].title).toBe('Официальный канал');
      expect(after[1].updatedAt).toEqual(before[1].updatedAt);
      const updates = await api.dataSource.getRepository(AuditLogEntity).findBy({ action: 'roadmap_action.updated' });
      expect(updates).toHaveLength(1);
      expect(updates[0]).toMatchObject({ entityId: before[0].id, before: { number: 1, title: 'Канал в МАКС' }, after: { number: 1, title: 'Официальный канал' } });
    });
  });

  describe('materialization (fixed clock)', () => {
    it('creates one task per responsible active organization and period, and running twice doubles nothing', async () => {
      const first = await materialize(api.dataSource, '2025-09-10');
      expect(first).toMatchObject({ created: 13, cancelled: 0 });
      const d = tree.department.code;
      const [s1, s2, k1] = [tree.school1.code, tree.school2.code, tree.kindergarten.code];
      expect(await taskKeys(api.dataSource, roadmapId)).toEqual(
        [
          `1 ${d} 2025-08`, `1 ${d} 2025-09`, `1 ${k1} 2025-08`, `1 ${k1} 2025-09`, `1 ${s1} 2025-08`, `1 ${s1} 2025-09`, `1 ${s2} 2025-08`, `1 ${s2} 2025-09`,
          `2 ${s1} 2025-W36`, `2 ${s1} 2025-W37`, `2 ${s2} 2025-W36`, `2 ${s2} 2025-W37`,
          `3 ${d} once`,
        ].sort(),
      );
      const week36 = await api.dataSource.getRepository(TaskEntity).findOneByOrFail({ organizationId: tree.school1.id, periodKey: '2025-W36' });
      // Due Monday after the week, 23:59 Moscow (UTC+3).
      expect(week36.dueAt.toISOString()).toBe('2025-09-08T20:59:00.000Z');
      expect(week36.originalDueAt).toEqual(week36.dueAt);
      expect(week36).toMatchObject({ status: 'open', roadmapId, periodStart: '2025-09-01', periodEnd: '2025-09-07' });

      expect(await materialize(api.dataSource, '2025-09-10')).toMatchObject({ created: 0, cancelled: 0 });
      expect(await api.dataSource.getRepository(TaskEntity).countBy({ roadmapId })).toBe(13);
      expect(await api.dataSource.getRepository(AuditLogEntity).countBy({ action: 'tasks.materialized' })).toBe(2);
    });

    it('gives a new organization its tasks and adds the periods that have begun since', async () => {
      const school5 = await makeOrganization(api.dataSource, { code: 'T-S5', kind: 'school', parentId: tree.department.id });
      // 17 September: week 38 has begun.
      const result = await materialize(api.dataSource, '2025-09-17');
      // School 5: 2 months + weeks 36–38; schools 1 and 2: week 38.
      expect(result).toMatchObject({ created: 5 + 2, cancelled: 0 });
      expect(await taskKeys(api.dataSource, roadmapId)).toEqual(expect.arrayContaining([`2 ${school5.code} 2025-W36`, `2 ${tree.school1.code} 2025-W38`]));
    });

    it('adds new periods when the schedule starts earlier, and cancels open tasks of dropped periods unless they have evidence', async () => {
      expect((await post(tokens.controller, testRoadmapYaml({ ownerCode: tree.department.code, action1Title: 'Официальный канал', weeklyStart: '2025-08-25' }))).json()).toMatchObject({ actionsUpdated: 1 });
      expect(await materialize(api.dataSource, '2025-09-17', roadmapId)).toMatchObject({ created: 3, cancelled: 0 });
      expect(await taskKeys(api.dataSource, roadmapId)).toContain(`2 ${tree.school1.code} 2025-W35`);

      const withEvidence = await api.dataSource.getRepository(TaskEntity).findOneByOrFail({ organizationId: tree.school1.id, periodKey: '2025-W36' });
      await api.dataSource.getRepository(TaskEvidenceEntity).save({ taskId: withEvidence.id, kind: 'link', url: 'https://max.ru/c/1', createdBy: coordinator.id });
      await post(tokens.controller, testRoadmapYaml({ ownerCode: tree.department.code, action1Title: 'Официальный канал', weeklyStart: '2025-09-08' }));
      // W35 (3 schools) and W36 (2 schools without evidence) are no longer in the schedule.
      expect(await materialize(api.dataSource, '2025-09-17', roadmapId)).toMatchObject({ created: 0, cancelled: 5 });
      const cancelled = await api.dataSource.getRepository(TaskEntity).findBy({ roadmapId, status: 'cancelled' });
      expect(cancelled.every((task) => task.cancelReason === PERIOD_EXCLUDED_REASON)).toBe(true);
      expect((await api.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: withEvidence.id })).status).toBe('open');
      expect(await materialize(api.dataSource, '2025-09-17', roadmapId)).toMatchObject({ created: 0, cancelled: 0 });
    });

    it('cancels open tasks of an organization that closed, keeping those with evidence', async () => {
      const school2Tasks = await api.dataSource.getRepository(TaskEntity).findBy({ roadmapId, organizationId: tree.school2.id, status: 'open' });
      const started = school2Tasks[0];
      await api.dataSource.getRepository(TaskEvidenceEntity).save({ taskId: started.id, kind: 'link', url: 'https://max.ru/c/2', createdBy: coordinator.id });
      await api.dataSource.getRepository(OrganizationEntity).update({ id: tree.school2.id }, { isActive: false });
      const result = await materialize(api.dataSource, '2025-09-17', roadmapId);
      expect(result).toMatchObject({ created: 0, cancelled: school2Tasks.length - 1 });
      const after = await api.dataSource.getRepository(TaskEntity).findBy({ roadmapId, organizationId: tree.school2.id });
      expect(after.filter((task) => task.status === 'open').map((task) => task.id)).toEqual([started.id]);
      expect(after.filter((task) => task.cancelReason === NO_LONGER_RESPONSIBLE_REASON)).toHaveLength(school2Tasks.length - 1);
      await api.dataSource.getRepository(OrganizationEntity).update({ id: tree.school2.id }, { isActive: true });
    });

    it('moves the deadline of an unfinished one-off task when its due date changes, but never an extended one', async () => {
      const task = await api.dataSource.getRepository(TaskEntity).findOneByOrFail({ roadmapId, periodKey: 'once' });
      await post(tokens.controller, testRoadmapYaml({ ownerCode: tree.department.code, action1Title: 'Официальный канал', weeklyStart: '2025-09-08', action3DueDate: '2025-10-15' }));
      expect(await materialize(api.dataSource, '2025-09-17', roadmapId)).toMatchObject({ rescheduled: 1 });
      const moved = await api.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id });
      // 15 October, 23:59 Moscow.
      expect(moved.dueAt.toISOString()).toBe('2025-10-15T20:59:00.000Z');
      expect(moved.originalDueAt).toEqual(moved.dueAt);

      const extended = new Date('2025-10-25T20:59:00.000Z');
      await api.dataSource.getRepository(TaskEntity).update({ id: task.id }, { dueAt: extended });
      await post(tokens.controller, testRoadmapYaml({ ownerCode: tree.department.code, action1Title: 'Официальный канал', weeklyStart: '2025-09-08', action3DueDate: '2025-10-20' }));
      expect(await materialize(api.dataSource, '2025-09-17', roadmapId)).toMatchObject({ rescheduled: 0 });
      expect((await api.dataSource.getRepository(TaskEntity).findOneByOrFail({ id: task.id })).dueAt).toEqual(extended);
    });
  });

  describe('reading and settings', () => {
    it('lists roadmaps owned by the caller organization or its ancestors, or inside the caller scope', async () => {
      const ids = async (token: string) => (await get(token, '/api/roadmaps')).json().items.map((r: { id: string }) => r.id);
      expect(await ids(tokens.controller)).toEqual([roadmapId]);
      expect(await ids(tokens.coordinator)).toEqual([roadmapId]);
      expect(await ids(tokens.otherController)).toEqual([]);
      expect((await get(tokens.otherController, `/api/roadmaps/${roadmapId}`)).statusCode).toBe(404);
    });

    it('shows actions with task counts by status restricted to the caller scope', async () => {
      const full = (await get(tokens.controller, `/api/roadmaps/${roadmapId}`)).json();
      expect(full.actions.map((a: { number: number }) => a.number)).toEqual([1, 2, 3]);
      expect(full).toMatchObject({ orderNumber: '7', controllerName: 'Иванов И.И.', materializeDaysAhead: 0 });
      const total = await api.dataSource.getRepository(TaskEntity).countBy({ roadmapId });
      expect(full.actions.reduce((sum: number, a: { taskCounts: { total: number } }) => sum + a.taskCounts.total, 0)).toBe(total);
      expect(full.actions[1].taskCounts.cancelled).toBe(await api.dataSource.getRepository(TaskEntity).countBy({ actionId: full.actions[1].id, status: 'cancelled' }));
      expect(full.actions[1].taskCounts.cancelled).toBeGreaterThanOrEqual(5);

      const own = (await get(tokens.coordinator, `/api/roadmaps/${roadmapId}`)).json();
      const ownTotal = await api.dataSource.getRepository(TaskEntity).countBy({ roadmapId, organizationId: tree.school1.id });
      expect(own.actions.reduce((sum: number, a: { taskCounts: { total: number } }) => sum + a.taskCounts.total, 0)).toBe(ownTotal);
      expect(own.actions[2].taskCounts.total).toBe(0);
    });

    it('changes settings with audit, validates them and refuses read-only roles', async () => {
      const url = `/api/roadmaps/${roadmapId}`;
      const patch = (token: string, payload: object) => api.app.inject({ method: 'PATCH', url, headers: { authorization: `Bearer ${token}` }, payload });
      expect((await patch(tokens.controller, { materializeDaysAhead: 91 })).statusCode).toBe(400);
      expect((await patch(tokens.coordinator, { materializeDaysAhead: 7 })).statusCode).toBe(403);
      const ok = await patch(tokens.controller, { materializeDaysAhead: 21 });
      expect(ok.statusCode).toBe(200);
      expect(ok.json().materializeDaysAhead).toBe(21);
      const audit = await api.dataSource.getRepository(AuditLogEntity).findOneByOrFail({ action: 'roadmap.updated', entityId: roadmapId });
      expect(audit).toMatchObject({ actorId: controller.id, before: { materializeDaysAhead: 0 }, after: { materializeDaysAhead: 21 } });
    });
  });
});
