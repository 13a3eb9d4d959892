import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { OrganizationRef } from '@karta/contracts';
import { IndicatorEntity, IndicatorTargetEntity, OrganizationEntity, RoadmapEntity } from '@karta/db';
import type { LocalDate, TargetStage } from '@karta/domain';
import { AccessControl, type AuthUser, type ScopeCondition } from '@karta/api-core';
import { mondayOf } from './indicators.weeks';

const UUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** Kinds that are inner nodes of the tree: their indicators are rollups of the subtree. */
const INNER_KINDS: readonly string[] = ['region', 'department'];

export function isInnerNode(organization: Pick<OrganizationEntity, 'kind'>): boolean {
  return INNER_KINDS.includes(organization.kind);
}

export function organizationRef(organization: Pick<OrganizationEntity, 'id' | 'code' | 'shortName' | 'kind'>): OrganizationRef {
  return { id: organization.id, code: organization.code, shortName: organization.shortName, kind: organization.kind };
}

export interface OrganizationsFilter {
  root: Pick<OrganizationEntity, 'path'>;
  owner: Pick<OrganizationEntity, 'path'>;
  kinds: readonly string[];
}

export interface SqlFilter {
  clause: string;
  params: unknown[];
}

/** An organization of a page as `organizationPageSql` selects it. */
export interface OrganizationRow {
  id: string;
  code: string;
  short_name: string;
  kind: OrganizationEntity['kind'];
  /** All organizations matching the filter (not only the page). */
  total: string;
}

/**
 * A page of organizations (by short name) with the total, and per organization a LATERAL subquery
 * (`page.id` is the organization): organizations × weeks in one statement, no query per row.
 */
export function organizationPageSql(filterClause: string, limit: number, offset: number, per: { columns: string; lateral: string }): string {
  return `WITH page AS (
      SELECT o.id, o.code, o.short_name, o.kind, count(*) OVER () AS total
      FROM organization o
      WHERE ${filterClause}
      ORDER BY o.short_name, o.id
      LIMIT ${limit} OFFSET ${offset}
    )
    SELECT page.*, ${per.columns}
    FROM page
    LEFT JOIN LATERAL (${per.lateral}) cells ON TRUE
    ORDER BY page.short_name, page.id`;
}

export type RoadmapWithOwner = RoadmapEntity & { ownerOrganization: OrganizationEntity };

export interface ScopedIndicator {
  indicator: IndicatorEntity;
  roadmap: RoadmapWithOwner;
  /** Oldest first. */
  stages: TargetStage[];
}

/** Escapes LIKE wildcards in a materialized path used as a prefix. */
export function pathPrefix(path: string): string {
  return `${path.replace(/[\\%_]/g, (character) => `\\${character}`)}%`;
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
    return rows.map((row) => ({ effectiveFrom: row.effectiveFrom as LocalDate, target: row.target }));
  }

  /**
   * Organizations (alias `o`) under `root`, in the caller's scope, under the roadmap owner, of the given
   * kinds, active — as SQL with positional parameters from `$first` on.
   */
  organizationsFilter(user: AuthUser, filter: OrganizationsFilter, first: number): SqlFilter {
    const scope: ScopeCondition = this.control.scopeCondition(user, 'o');
    const params: unknown[] = [pathPrefix(filter.root.path), pathPrefix(filter.owner.path), filter.kinds];
    let scopeClause = scope.clause;
    // The scope condition uses named parameters; they become the next positional ones.
    for (const [name, value] of Object.entries(scope.params)) {
      params.push(value);
      scopeClause = scopeClause.replace(`:${name}`, `$${first + params.length - 1}`);
    }
    return { clause: `o.path LIKE $${first} AND o.path LIKE $${first + 1} AND o.kind = ANY($${first + 2}) AND o.is_active AND ${scopeClause}`, params };
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
    return user.organizationPath.startsWith(roadmap.ownerOrganization.path) || this.control.isInScope(user, roadmap.ownerOrganization);
  }
}

/** Monday of the week the roadmap starts (its order date): nothing is reported or computed before it. */
export function roadmapStartWeek(roadmap: Pick<RoadmapEntity, 'orderDate'>): LocalDate {
  return mondayOf(roadmap.orderDate as LocalDate);
}
