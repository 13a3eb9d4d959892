import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, SelectQueryBuilder } from 'typeorm';
import { AuditLogEntity } from '@karta/db';
import { can } from '@karta/domain';
import type { AuditEntry, AuditQuery, Page } from '@karta/contracts';
import { AccessControl, type AuthUser } from '@karta/api-core';
import { historyPermission } from './entity-permission';

const DEFAULT_PAGE_SIZE = 50;

interface AuditRow {
  id: string;
  at: Date;
  action: string;
  entity_type: string | null;
  entity_id: string | null;
  before: Record<string, unknown> | null;
  after: Record<string, unknown> | null;
  ip: string | null;
  request_id: string | null;
  actor_id: string | null;
  actor_full_name: string | null;
  actor_email: string | null;
  organization_id: string | null;
  organization_short_name: string | null;
}

/** Reads the audit log, restricted to the caller's organizations (entries without one: admins only). */
@Injectable()
export class AuditReadService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessControl,
  ) {}

  async list(user: AuthUser, query: AuditQuery): Promise<Page<AuditEntry>> {
    this.access.requirePermission(user, 'audit.read');
    const builder = this.scoped(user);
    if (query.actorId) builder.andWhere('a.actor_id = :actorId', { actorId: query.actorId });
    if (query.action) builder.andWhere(`a.action LIKE :action ESCAPE '\\'`, { action: `${escapeLike(query.action)}%` });
    if (query.entityType) builder.andWhere('a.entity_type = :entityType', { entityType: query.entityType });
    if (query.entityId) builder.andWhere('a.entity_id = :entityId', { entityId: query.entityId });
    if (query.organizationId) builder.andWhere('a.organization_id = :organizationId', { organizationId: query.organizationId });
    if (query.from) builder.andWhere('a.at >= :from', { from: new Date(query.from) });
    if (query.to) builder.andWhere('a.at < :to', { to: new Date(query.to) });
    return this.page(user, builder, query.page, query.pageSize);
  }

  /** The history of one object, for whoever may read that kind of object (e.g. `tasks.read` for a task). */
  async history(user: AuthUser, entityType: string, entityId: string, page?: number, pageSize?: number): Promise<Page<AuditEntry>> {
    this.access.requirePermission(user, historyPermission(entityType));
    const builder = this.scoped(user)
      .andWhere('a.entity_type = :entityType', { entityType })
      .andWhere('a.entity_id = :entityId', { entityId });
    // Refused attempts by others are security information, not the object's history.
    if (!can(user.role, 'audit.read')) builder.andWhere(`a.action NOT LIKE 'access.%'`);
    return this.page(user, builder, page, pageSize);
  }

  private scoped(user: AuthUser): SelectQueryBuilder<AuditLogEntity> {
    const builder = this.dataSource
      .createQueryBuilder(AuditLogEntity, 'a')
      .leftJoin('user_account', 'u', 'u.id = a.actor_id')
      .leftJoin('organization', 'o', 'o.id = a.organization_id');
    const scope = this.access.scopeCondition(user, 'o');
    if (user.role === 'admin') {
      builder.where(scope.clause, scope.params);
    } else {
      builder.where('a.organization_id IS NOT NULL').andWhere(`(${scope.clause})`, scope.params);
    }
    return builder;
  }

  private async page(user: AuthUser, builder: SelectQueryBuilder<AuditLogEntity>, page = 1, pageSize = DEFAULT_PAGE_SIZE): Promise<Page<AuditEntry>> {
    const total = await builder.clone().getCount();
    const rows = await builder
      .select([
        'a.id AS id',
        'a.at AS at',
        'a.action AS action',
        'a.entity_type AS entity_type',
        'a.entity_id AS entity_id',
        'a.before AS before',
        'a.after AS after',
        'a.ip AS ip',
        'a.request_id AS request_id',
        'a.actor_id AS actor_id',
        'u.full_name AS actor_full_name',
        'u.email AS actor_email',
        'a.organization_id AS organization_id',
        'o.short_name AS organization_short_name',
      ])
      .orderBy('a.at', 'DESC')
      .addOrderBy('a.id', 'DESC')
      .offset((page - 1) * pageSize)
      .limit(pageSize)
      .getRawMany<AuditRow>();
    const showTechnical = can(user.role, 'audit.read');
    return { items: rows.map((row) => toEntry(row, showTechnical)), total, page, pageSize };
  }
}

function toEntry(row: AuditRow, showTechnical: boolean): AuditEntry {
  return {
    id: String(row.id),
    at: new Date(row.at).toISOString(),
    actor: row.actor_id ? { id: row.actor_id, fullName: row.actor_full_name ?? '—', email: row.actor_email ?? '' } : null,
    action: row.action,
    entityType: row.entity_type,
    entityId: row.entity_id,
    organization: row.organization_id ? { id: row.organization_id, shortName: row.organization_short_name ?? '—' } : null,
    before: row.before,
    after: row.after,
    ip: showTechnical ? row.ip : null,
    requestId: showTechnical ? row.request_id : null,
  };
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
