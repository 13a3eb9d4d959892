import { Queue } from 'bullmq';
import type { InjectOptions } from 'fastify';
import { IndicatorEntity, OrganizationHeadcountEntity, RoadmapEntity } from '@karta/db';
import { JobName, QueueName } from '@karta/jobs';
import { redisOptions } from '@karta/server-core';
import { makeIndicator, makeRoadmap, makeRoadmapAction, makeRoadmapTree, makeUser, type RoadmapTestTree } from '@karta/testing';
import type { TestApi } from '../../testing/test-api';

export type Who = 'controller' | 'staff' | 'observer' | 'coordinator' | 'coordinator2' | 'admin' | 'otherController';

export interface IndicatorFixture {
  tree: RoadmapTestTree;
  roadmap: RoadmapEntity;
  /** Staff writing: schools and kindergartens, 15 % from 2025-09-01, 75 % from 2025-10-06; actions 2 and 4. */
  staff: IndicatorEntity;
  /** Students and parents over students × 2: schools; action 5. */
  parents: IndicatorEntity;
  /** Sferum inside MAX over all Sferum users: schools. */
  sferum: IndicatorEntity;
  users: Record<Who, { id: string }>;
  call(who: Who, options: InjectOptions): ReturnType<TestApi['app']['inject']>;
}

/**
 * The region → department (school1, school2, kindergarten, a closed school) and another department
 * (otherSchool); a roadmap of the department from 2025-08-01 with three indicators; headcounts of
 * school1 (40 staff, 200 students) and school2 (20 staff); one user per role of interest.
 */
export async function indicatorFixture(api: TestApi): Promise<IndicatorFixture> {
  const ds = api.dataSource;
  const tree = await makeRoadmapTree(ds, 'IX');
  const roadmap = await makeRoadmap(ds, { ownerOrganizationId: tree.department.id, orderDate: '2025-08-01' });
  const staff = await makeIndicator(ds, {
    roadmapId: roadmap.id,
    organizationKinds: ['school', 'kindergarten'],
    sortOrder: 1,
    targets: [
      { effectiveFrom: '2025-10-06', target: 0.75 },
      { effectiveFrom: '2025-09-01', target: 0.15 },
    ],
  });
  const parents = await makeIndicator(ds, {
    roadmapId: roadmap.id,
    code: 'parents_weekly_active',
    name: 'Доля обучающихся и родителей, активных за неделю',
    numeratorMeasures: ['students_active', 'parents_active'],
    denominatorSource: 'students_stat_x2',
    sortOrder: 2,
    targets: [{ effectiveFrom: '2025-09-01', target: 0.05 }],
  });
  const sferum = await makeIndicator(ds, {
    roadmapId: roadmap.id,
    code: 'sferum_in_max',
    name: 'Доля пользователей «Сферума» в МАКС',
    numeratorMeasures: ['sferum_in_max'],
    denominatorSource: 'sferum_users_total',
    sortOrder: 3,
    targets: [{ effectiveFrom: '2025-09-01', target: 1 }],
  });
  await makeRoadmapAction(ds, { roadmapId: roadmap.id, resultType: 'report' });
  await makeRoadmapAction(ds, { roadmapId: roadmap.id, resultType: 'indicator', indicatorCodes: [staff.code] });
  await makeRoadmapAction(ds, { roadmapId: roadmap.id, resultType: 'report' });
  await makeRoadmapAction(ds, { roadmapId: roadmap.id, resultType: 'indicator', indicatorCodes: [staff.code] });
  await makeRoadmapAction(ds, { roadmapId: roadmap.id, resultType: 'indicator', indicatorCodes: [parents.code] });
  await ds.getRepository(OrganizationHeadcountEntity).insert([
    { organizationId: tree.school1.id, kind: 'staff_stat', value: 40, effectiveFrom: '2025-01-01', createdBy: null },
    { organizationId: tree.school1.id, kind: 'students_stat', value: 200, effectiveFrom: '2025-01-01', createdBy: null },
    { organizationId: tree.school2.id, kind: 'staff_stat', value: 20, effectiveFrom: '2025-01-01', createdBy: null },
  ]);

  const homes: Record<Who, [string, string]> = {
    controller: ['controller', tree.department.id],
    staff: ['department_staff', tree.department.id],
    observer: ['observer', tree.department.id],
    coordinator: ['org_coordinator', tree.school1.id],
    coordinator2: ['org_coordinator', tree.school2.id],
    admin: ['admin', tree.region.id],
    otherController: ['controller', tree.otherDepartment.id],
  };
  const users = {} as Record<Who, { id: string }>;
  const tokens = {} as Record<Who, string>;
  for (const [who, [role, organizationId]] of Object.entries(homes) as [Who, [string, string]][]) {
    const user = await makeUser(ds, { role: role as never, organizationId, fullName: `Пользователь ${who}` });
    users[who] = user;
    tokens[who] = await api.login(user.email, user.password);
  }
  return {
    tree,
    roadmap,
    staff,
    parents,
    sferum,
    users,
    call: (who, options) => api.app.inject({ ...options, headers: { ...(options.headers ?? {}), authorization: `Bearer ${tokens[who]}` } }),
  };
}

/** Payloads of the `name` jobs waiting in the suite's Redis (the harness runs no worker). */
async function queued(api: TestApi, name: JobName): Promise<{ data: unknown; delay: number }[]> {
  const queue = new Queue(QueueName.Indicators, { connection: redisOptions(api.redis.url), prefix: api.redis.prefix });
  try {
    const jobs = await queue.getJobs(['waiting', 'delayed', 'prioritized', 'active']);
    return jobs.filter((job) => job.name === name).map((job) => ({ data: job.data, delay: job.opts.delay ?? 0 }));
  } finally {
    await queue.close();
  }
}

/** The `indicators.compute` jobs waiting. */
export function queuedComputations(api: TestApi): Promise<{ data: unknown; delay: number }[]> {
  return queued(api, JobName.IndicatorsCompute);
}

/** Payloads of the `indicators.recompute` jobs waiting. */
export async function queuedRecomputations(api: TestApi): Promise<unknown[]> {
  return (await queued(api, JobName.IndicatorsRecompute)).map((job) => job.data);
}
