import { randomBytes } from 'node:crypto';
import type { DataSource } from 'typeorm';
import { RoadmapActionEntity, RoadmapEntity, TaskEntity } from '@karta/db';
import { makeOrganization } from './factories';

const unique = () => randomBytes(4).toString('hex');

export async function makeRoadmap(dataSource: DataSource, overrides: Partial<RoadmapEntity> = {}): Promise<RoadmapEntity> {
  const ownerOrganizationId = overrides.ownerOrganizationId ?? (await makeOrganization(dataSource, { kind: 'department' })).id;
  return dataSource.getRepository(RoadmapEntity).save({
    code: `rm-${unique()}`,
    title: 'Дорожная карта по внедрению мессенджера MAX',
    orderNumber: '76',
    orderDate: '2025-08-01',
    issuer: 'Управление образования',
    status: 'active',
    ...overrides,
    ownerOrganizationId,
  });
}

export async function makeRoadmapAction(dataSource: DataSource, overrides: Partial<RoadmapActionEntity> = {}): Promise<RoadmapActionEntity> {
  const roadmapId = overrides.roadmapId ?? (await makeRoadmap(dataSource)).id;
  const existing = await dataSource.getRepository(RoadmapActionEntity).countBy({ roadmapId });
  return dataSource.getRepository(RoadmapActionEntity).save({
    number: existing + 1,
    title: 'Создать официальный канал организации в MAX',
    fullText: 'Создать и вести официальный канал образовательной организации в мессенджере MAX.',
    responsible: { type: 'organization_kinds', kinds: ['school'], includeOwner: false },
    responsibleText: 'Руководители ОО',
    schedule: { kind: 'monthly', dueDay: 'last', dueTime: '18:00' },
    deadlineText: 'ежемесячно',
    resultType: 'report',
    resultText: 'Отчет',
    indicatorCodes: [],
    ...overrides,
    roadmapId,
  });
}

/** A task of `organizationId` (a new school if omitted) for a monthly period, due at its end. */
export async function makeTask(dataSource: DataSource, overrides: Partial<TaskEntity> = {}): Promise<TaskEntity> {
  const actionId = overrides.actionId ?? (await makeRoadmapAction(dataSource)).id;
  const action = await dataSource.getRepository(RoadmapActionEntity).findOneByOrFail({ id: actionId });
  const organizationId = overrides.organizationId ?? (await makeOrganization(dataSource)).id;
  const dueAt = overrides.dueAt ?? new Date(Date.now() + 10 * 86_400_000);
  const saved = await dataSource.getRepository(TaskEntity).save({
    periodKey: '2025-08',
    periodStart: '2025-08-01',
    periodEnd: '2025-08-31',
    originalDueAt: dueAt,
    status: 'open',
    coExecutorIds: [],
    ...overrides,
    dueAt,
    actionId,
    roadmapId: action.roadmapId,
    organizationId,
  });
  return dataSource.getRepository(TaskEntity).findOneByOrFail({ id: saved.id });
}
