import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { OrganizationRef } from '@karta/contracts';
import { IndicatorEntity, IndicatorTargetEntity, OrganizationEntity, RoadmapEntity } from '@karta/db';
import { isInnerOrganizationKind, type LocalDate, type TargetStage, weekStartOf } from '@karta/domain';
import { AccessControl, type AuthUser } from '@karta/api-core';
import { type OrganizationsFilter, organizationsFilterSql, type SqlFilter } from './indicators.sql';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** An inner node of the tree (libs/domain `INNER_ORGANIZATION_KINDS`): the weekly job rolls its subtree up (`indicator_rollup`). */
export function isInnerNode(organization: Pick<OrganizationEntity, 'kind'>): boolean {
  return isInnerOrganizationKind(organization.kind);
}

export function organizationRef(organization: Pick<OrganizationEntity, 'id' | 'code' | 'shortName' | 'kind'>): OrganizationRef {
  return { id: organization.id, code: organization.code, shortName: organization.shortName, kind: organization.kind };
}

export type RoadmapWithOwner = RoadmapEntity & { ownerOrganization: OrganizationEntity };

export interface ScopedIndicator {
  indicator: IndicatorEntity;
  roadmap: RoadmapWithOwner;
  /** Oldest first. */
  stages: TargetStage[];
}

/**
 * The lookups every indicator and weekly-report route starts with, each answering 404 (audited) for
 * objects outside the caller's scope. Roadmaps follow the api-roadmaps rule: visible when owned by the
 * caller's organization or an ancestor of it (a school sees its department's roadmap), or owned inside
 * the caller's scope.
 */
@Injectable()
export class IndicatorsAccess {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    readonly control: AccessControl,
  ) {}

  async organization(user: AuthUser, id: string | undefined): Promise<OrganizationEntity> {
    const organizationId = id ?? user.organizationId;
    const organization = UUID.test(organizationId) ? await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: organizationId }) : null;
    await this.control.requireInScope(user, organization, { entityType: 'organization', entityId: organizationId });
    return organization as OrganizationEntity;
  }

  async roadmap(user: AuthUser, id: string): Promise<RoadmapWithOwner> {
    const roadmap = UUID.test(id) ? await this.dataSource.getRepository(RoadmapEntity).findOne({ where: { id }, relations: { ownerOrganization: true } }) : null;
    if (!roadmap || !this.sees(user, roadmap as RoadmapWithOwner)) await this.control.requireInScope(user, null, { entityType: 'roadmap', entityId: id });
    return roadmap as RoadmapWithOwner;
  }

  async indicator(user: AuthUser, id: string): Promise<ScopedIndicator> {
    const indicator = UUID.test(id)
      ? await this.dataSource.getRepository(IndicatorEntity).findOne({ where: { id }, relations: { roadmap: { ownerOrganization: true } } })
      : null;
    const roadmap = indicator?.roadmap as RoadmapWithOwner | undefined;
    if (!indicator || !roadmap || !this.sees(user, roadmap)) {
      await this.control.requireInScope(user, null, { entityType: 'indicator', entityId: id });
    }
    const stages = await this.stages((indicator as IndicatorEntity).id);
    return { indicator: indicator as IndicatorEntity, roadmap: roadmap as RoadmapWithOwner, stages };
  }

  async stages(indicatorId: string): Promise<TargetStage[]> {
    const rows = await this.dataSource.getRepository(IndicatorTargetEntity).find({ where: { indicatorId }, order: { effectiveFrom: 'ASC' } });
    return rows.map((row) => ({ effectiveFrom: row.effectiveFrom as LocalDate, target: row.target, organizationKinds: row.organizationKinds }));
  }

  /** `organizationsFilterSql` with the caller's scope. */
  organizationsFilter(user: AuthUser, filter: OrganizationsFilter, first: number): SqlFilter {
    return organizationsFilterSql(filter, this.control.scopeCondition(user, 'o'), first);
  }

  /** The total for a page past the end (no row of the page carried it). */
  async countOrganizations(user: AuthUser, filter: OrganizationsFilter, page: number): Promise<number> {
    if (page === 1) return 0;
    const { clause, params } = this.organizationsFilter(user, filter, 1);
    const [row]: { count: string }[] = await this.dataSource.query(`SELECT count(*) FROM organization o WHERE ${clause}`, params);
    return Number(row.count);
  }

  /** An indicator applies to the organizations of its kinds under the roadmap's owner. */
  appliesTo(scoped: ScopedIndicator, organization: OrganizationEntity): boolean {
    return organization.path.startsWith(scoped.roadmap.ownerOrganization.path) && scoped.indicator.organizationKinds.includes(organization.kind);
  }

  private sees(user: AuthUser, roadmap: RoadmapWithOwner): boolean {
    return this.control.mayReadOwnedBy(user, roadmap.ownerOrganization);
  }
}

/** Monday of the week the roadmap starts (its order date): nothing is reported or computed before it. */
export function roadmapStartWeek(roadmap: Pick<RoadmapEntity, 'orderDate'>): LocalDate {
  return weekStartOf(roadmap.orderDate as LocalDate);
}
