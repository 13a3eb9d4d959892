import type { DataSource } from 'typeorm';
import type { OrganizationEntity } from '@karta/db';
import { makeOrganization } from './factories';

export interface RoadmapTestTree {
  region: OrganizationEntity;
  department: OrganizationEntity;
  school1: OrganizationEntity;
  school2: OrganizationEntity;
  kindergarten: OrganizationEntity;
  closedSchool: OrganizationEntity;
  otherDepartment: OrganizationEntity;
  otherSchool: OrganizationEntity;
}

/** Region → two departments; the first with two schools, a kindergarten and a closed school; the second with one school. */
export async function makeRoadmapTree(dataSource: DataSource, prefix = 'T'): Promise<RoadmapTestTree> {
  const region = await makeOrganization(dataSource, { code: `${prefix}-RD`, kind: 'region' });
  const department = await makeOrganization(dataSource, { code: `${prefix}-UO`, kind: 'department', parentId: region.id });
  const otherDepartment = await makeOrganization(dataSource, { code: `${prefix}-UO2`, kind: 'department', parentId: region.id });
  return {
    region,
    department,
    otherDepartment,
    school1: await makeOrganization(dataSource, { code: `${prefix}-S1`, kind: 'school', parentId: department.id }),
    school2: await makeOrganization(dataSource, { code: `${prefix}-S2`, kind: 'school', parentId: department.id }),
    kindergarten: await makeOrganization(dataSource, { code: `${prefix}-K1`, kind: 'kindergarten', parentId: department.id }),
    closedSchool: await makeOrganization(dataSource, { code: `${prefix}-S9`, kind: 'school', parentId: department.id, isActive: false }),
    otherSchool: await makeOrganization(dataSource, { code: `${prefix}-S3`, kind: 'school', parentId: otherDepartment.id }),
  };
}

export interface TestRoadmapYamlOptions {
  code?: string;
  ownerCode: string;
  /** Start of the weekly action 2. */
  weeklyStart?: string;
  /** Title of action 1 (change it to test an update). */
  action1Title?: string;
  /** Due date of the one-off action 3. */
  action3DueDate?: string;
}

/**
 * A small roadmap file: action 1 monthly from August for the owner, schools and kindergartens;
 * action 2 weekly for schools only; action 3 once, due 30 September, for the owner. No horizon.
 */
export function testRoadmapYaml(options: TestRoadmapYamlOptions): string {
  const { code = 'test-roadmap', ownerCode, weeklyStart = '2025-09-01', action1Title = 'Канал в МАКС', action3DueDate = '2025-09-30' } = options;
  return `version: 1
code: ${code}
title: Тестовая дорожная карта
ownerOrganizationCode: ${ownerCode}
materializeDaysAhead: 0
order:
  number: "7"
  date: 2025-08-01
  issuer: Тестовый отдел образования
  controller: Иванов И.И.
  grounds: [Закон]
goals: [цель]
indicators:
  - code: staff_weekly_writers
    name: Доля работников, пишущих еженедельно
    numerator: [staff_wrote]
    denominator: staff_stat
    organizationKinds: [school]
    targets:
      - { from: 2025-09-01, target: 0.15 }
      - { from: 2025-11-10, target: 0.75 }
actions:
  - number: 1
    title: ${action1Title}
    fullText: Создать канал
    responsibleText: Отдел; организации
    responsible: { type: organization_kinds, kinds: [school, kindergarten], includeOwner: true }
    deadlineText: ежемесячно
    schedule: { kind: monthly, startDate: 2025-08-01 }
    resultType: report
    resultText: Отчет
  - number: 2
    title: Еженедельный показатель
    fullText: Обеспечить использование
    responsibleText: Руководители школ
    responsible: { type: organization_kinds, kinds: [school], includeOwner: false }
    deadlineText: еженедельно
    schedule: { kind: weekly, startDate: ${weeklyStart} }
    resultType: indicator
    indicatorCodes: [staff_weekly_writers]
    resultText: 15%
  - number: 3
    title: Рассылка
    fullText: Организовать рассылку
    responsibleText: Отдел
    responsible: { type: owner }
    deadlineText: сентябрь 2025 года
    schedule: { kind: once, startDate: 2025-09-01, dueDate: ${action3DueDate} }
    resultType: report
    resultText: Отчет
`;
}
