import { randomUUID } from 'node:crypto';
import { BadRequestException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessControl, AuthStateCache, type AuthUser, FieldConflictException, isUniqueViolation } from '@karta/api-core';
import {
  type CurrentHeadcounts,
  type HeadcountKindValue,
  type HeadcountRecord,
  type OrganizationDetails,
  type OrganizationSummary,
  type OrganizationTreeNode,
  type Page,
} from '@karta/contracts';
import { OrganizationEntity, OrganizationHeadcountEntity } from '@karta/db';
import type { LocalDate } from '@karta/domain';
import { JobName, JobProducer, JobRequests, TASKS_MATERIALIZE_DEDUPLICATION_ID } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { requestRecomputationsOf, startRecomputations } from '@karta/server-indicators';
import type {
  CreateOrganizationDto,
  OrganizationListQueryDto,
  UpdateOrganizationDto,
  UpsertHeadcountDto,
} from './organizations.dto';

const ENTITY = 'organization';
const DEFAULT_PAGE_SIZE = 50;
/** Fields whose change is recorded in the audit log (and compared by imports). */
export const AUDITED_FIELDS = [
  'parentId',
  'name',
  'shortName',
  'kind',
  'headName',
  'phone',
  'email',
  'address',
  'maxChannelUrl',
  'isActive',
] as const satisfies readonly (keyof OrganizationEntity)[];
type AuditedField = (typeof AUDITED_FIELDS)[number];

export function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

export function snapshot(organization: OrganizationEntity): Record<string, unknown> {
  return {
    code: organization.code,
    path: organization.path,
    ...Object.fromEntries(AUDITED_FIELDS.map((field) => [field, organization[field]])),
  };
}

/** The audited fields that `changes` would actually change, as before/after pairs. */
export function diff(
  organization: OrganizationEntity,
  changes: Partial<Pick<OrganizationEntity, AuditedField>>,
): { before: Record<string, unknown>; after: Record<string, unknown> } {
  const before: Record<string, unknown> = {};
  const after: Record<string, unknown> = {};
  for (const field of AUDITED_FIELDS) {
    const value = changes[field];
    if (value === undefined || value === organization[field]) continue;
    before[field] = organization[field];
    after[field] = value;
  }
  return { before, after };
}

function noHeadcounts(): CurrentHeadcounts {
  return { staff_stat: null, students_stat: null, actual_headcount_ministry: null };
}

/** Headcounts in force today (Moscow date), one query for a list of organizations. */
export async function currentHeadcounts(manager: EntityManager, ids: string[]): Promise<Map<string, CurrentHeadcounts>> {
  const result = new Map<string, CurrentHeadcounts>(ids.map((id) => [id, noHeadcounts()]));
  if (!ids.length) return result;
  const rows: { organization_id: string; kind: HeadcountKindValue; value: number }[] = await manager.query(
    `SELECT DISTINCT ON (organization_id, kind) organization_id, kind, value
       FROM organization_headcount
      WHERE organization_id = ANY($1::uuid[])
        AND effective_from <= (now() AT TIME ZONE 'Europe/Moscow')::date
      ORDER BY organization_id, kind, effective_from DESC`,
    [ids],
  );
  for (const row of rows) {
    const counts = result.get(row.organization_id);
    if (counts) counts[row.kind] = row.value;
  }
  return result;
}

function toSummary(organization: OrganizationEntity, headcounts: CurrentHeadcounts): OrganizationSummary {
  return {
    id: organization.id,
    parentId: organization.parentId,
    code: organization.code,
    name: organization.name,
    shortName: organization.shortName,
    kind: organization.kind,
    headName: organization.headName,
    phone: organization.phone,
    email: organization.email,
    address: organization.address,
    maxChannelUrl: organization.maxChannelUrl,
    isActive: organization.isActive,
    headcounts,
  };
}

function toHeadcountRecord(row: OrganizationHeadcountEntity): HeadcountRecord {
  return { id: row.id, kind: row.kind, value: row.value, effectiveFrom: row.effectiveFrom, createdAt: row.createdAt.toISOString() };
}

@Injectable()
export class OrganizationsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly audit: AuditLog,
    private readonly jobs: JobProducer,
    private readonly jobRequests: JobRequests,
    private readonly authState: AuthStateCache,
  ) {}

  /**
   * New, moved or (re)activated organizations may owe tasks: one de-duplicated materialization run,
   * requested in the change's transaction; relay the answered request after the commit (`jobRequests.relay`).
   */
  requestMaterialization(manager: EntityManager): Promise<string> {
    return this.jobRequests.record(manager, JobName.TasksMaterialize, {}, { deduplicationId: TASKS_MATERIALIZE_DEDUPLICATION_ID });
  }

  /** After a commit that recorded recomputations (scope or headcounts changed): their jobs, or later by the requeue job while Redis is away. */
  async startRecomputations(): Promise<void> {
    await startRecomputations(this.dataSource, this.jobs);
  }

  async list(user: AuthUser, query: OrganizationListQueryDto): Promise<Page<OrganizationSummary>> {
    this.access.requirePermission(user, 'organizations.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const scope = this.access.scopeCondition(user, 'o');
    const builder = this.dataSource.getRepository(OrganizationEntity).createQueryBuilder('o').where(scope.clause, scope.params);
    if (query.parentId) builder.andWhere('o.parentId = :parentId', { parentId: query.parentId });
    if (query.kind) builder.andWhere('o.kind = :kind', { kind: query.kind });
    if (!query.includeInactive) builder.andWhere('o.isActive = TRUE');
    if (query.q) {
      builder.andWhere('(o.name ILIKE :q OR o.shortName ILIKE :q OR o.code ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    }
    const [organizations, total] = await builder
      .orderBy('o.code', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const counts = await currentHeadcounts(this.dataSource.manager, organizations.map((o) => o.id));
    return { items: organizations.map((o) => toSummary(o, counts.get(o.id) ?? noHeadcounts())), total, page, pageSize };
  }

  /** The caller's visible tree in one query on `path`; nodes whose parent is invisible are roots. */
  async tree(user: AuthUser): Promise<OrganizationTreeNode[]> {
    this.access.requirePermission(user, 'organizations.read');
    const scope = this.access.scopeCondition(user, 'o');
    const { clause, params } = scope;
    const [sql, parameters] = this.dataSource
      .createQueryBuilder()
      .select(['o.id AS id', 'o.parent_id AS "parentId"', 'o.code AS code', 'o.short_name AS "shortName"', 'o.kind AS kind'])
      .addSelect('o.is_active', 'isActive')
      .from(OrganizationEntity, 'o')
      .where(clause, params)
      .getQueryAndParameters();
    const rows: (Omit<OrganizationTreeNode, 'childCount'> & { childCount: string })[] = await this.dataSource.query(
      `WITH visible AS (${sql})
       SELECT v.*, (SELECT count(*) FROM visible c WHERE c."parentId" = v.id) AS "childCount"
         FROM visible v
         JOIN organization p ON p.id = v.id
        ORDER BY p.path`,
      parameters,
    );
    return rows.map((row) => ({ ...row, childCount: Number(row.childCount) }));
  }

  async get(user: AuthUser, id: string): Promise<OrganizationDetails> {
    this.access.requirePermission(user, 'organizations.read');
    const organization = await this.findInScope(user, id);
    const parent = organization.parentId
      ? await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: organization.parentId })
      : null;
    const counts = await currentHeadcounts(this.dataSource.manager, [organization.id]);
    return {
      ...toSummary(organization, counts.get(organization.id) ?? noHeadcounts()),
      path: organization.path,
      parentName: parent?.shortName ?? null,
      createdAt: organization.createdAt.toISOString(),
      updatedAt: organization.updatedAt.toISOString(),
    };
  }

  async create(user: AuthUser, dto: CreateOrganizationDto): Promise<OrganizationDetails> {
    this.access.requirePermission(user, 'organizations.write');
    const parent = await this.findInScope(user, dto.parentId);
    const id = randomUUID();
    let materialization: string;
    try {
      materialization = await this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(OrganizationEntity, { code: dto.code })) {
          throw new FieldConflictException('code', 'Организация с таким кодом уже есть');
        }
        const organization = manager.create(OrganizationEntity, {
          id,
          parentId: parent.id,
          path: `${parent.path}${id}/`,
          code: dto.code,
          name: dto.name,
          shortName: dto.shortName,
          kind: dto.kind,
          headName: dto.headName ?? null,
          phone: dto.phone ?? null,
          email: dto.email ?? null,
          address: dto.address ?? null,
          maxChannelUrl: dto.maxChannelUrl ?? null,
          isActive: true,
        });
        await manager.insert(OrganizationEntity, organization);
        await this.audit.record(
          { action: 'organization.created', entityType: ENTITY, entityId: id, organizationId: id, after: snapshot(organization) },
          manager,
        );
        return this.requestMaterialization(manager);
      });
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_organization_code')) throw new FieldConflictException('code', 'Организация с таким кодом уже есть');
      throw error;
    }
    await this.jobRequests.relay([materialization]);
    return this.get(user, id);
  }

  async update(user: AuthUser, id: string, dto: UpdateOrganizationDto): Promise<OrganizationDetails> {
    this.access.requirePermission(user, 'organizations.write');
    const organization = await this.findInScope(user, id);
    let structural = false;
    let recompute = false;
    const requests: string[] = [];
    await this.dataSource.transaction(async (manager) => {
      const current = await manager.findOneOrFail(OrganizationEntity, { where: { id }, lock: { mode: 'pessimistic_write' } });
      const { parentId, ...fields } = dto;
      const { before, after } = diff(current, { ...fields, parentId });
      if (!Object.keys(after).length) return;
      if (parentId !== undefined && parentId !== current.parentId) {
        const parent = await this.findInScope(user, parentId);
        if (parent.path.startsWith(current.path)) {
          throw new BadRequestException('Нельзя переместить организацию внутрь её самой или её подчинённой организации');
        }
        const newPath = `${parent.path}${current.id}/`;
        // The whole subtree in one statement: the old prefix is replaced by the new one.
        await manager.query(
          `UPDATE organization SET path = $1 || substr(path, length($2) + 1) WHERE path LIKE $3`,
          [newPath, current.path, `${escapeLike(current.path)}%`],
        );
        before['path'] = current.path;
        after['path'] = newPath;
      }
      await manager.update(OrganizationEntity, { id }, { ...fields, ...(parentId !== undefined ? { parentId } : {}) });
      structural = 'parentId' in after || 'isActive' in after;
      if (structural) requests.push(await this.requestMaterialization(manager));
      // Which organizations an indicator counts changed: the stored weeks of the roadmaps around them are computed again.
      if (structural || 'kind' in after) {
        const paths = [current.path, ...(after['path'] ? [after['path'] as string] : [])];
        recompute = (await requestRecomputationsOf(manager, { paths, fromWeek: null, reason: 'scope', requestedBy: user.id })).length > 0;
      }
      await this.audit.record(
        {
          action: fields.isActive === false && current.isActive ? 'organization.deactivated' : 'organization.updated',
          entityType: ENTITY,
          entityId: id,
          organizationId: id,
          before,
          after,
        },
        manager,
      );
    });
    // A move changes the path (the scope) of every user in the subtree.
    if (structural) await this.authState.changed();
    await this.jobRequests.relay(requests);
    if (recompute) await this.startRecomputations();
    return this.get(user, organization.id);
  }

  async headcounts(user: AuthUser, id: string): Promise<HeadcountRecord[]> {
    this.access.requirePermission(user, 'organizations.read');
    await this.findInScope(user, id);
    const rows = await this.dataSource.getRepository(OrganizationHeadcountEntity).find({
      where: { organizationId: id },
      order: { effectiveFrom: 'DESC', kind: 'ASC' },
    });
    return rows.map(toHeadcountRecord);
  }

  async upsertHeadcount(user: AuthUser, id: string, dto: UpsertHeadcountDto): Promise<HeadcountRecord> {
    this.access.requirePermission(user, 'organizations.write');
    await this.findInScope(user, id);
    const record = await this.dataSource.transaction((manager) => upsertHeadcount(manager, this.audit, id, dto, user.id));
    await this.startRecomputations();
    return toHeadcountRecord(record);
  }

  /** Loads an organization and answers 404 (audited) when it is missing or outside the caller's scope. */
  async findInScope(user: AuthUser, id: string): Promise<OrganizationEntity> {
    const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id });
    await this.access.requireInScope(user, organization, { entityType: ENTITY, entityId: id });
    if (!organization) throw new NotFoundException('Не найдено');
    return organization;
  }
}

/** Insert or replace the value in force from a date; audited only when something changed. */
export async function upsertHeadcount(
  manager: EntityManager,
  audit: AuditLog,
  organizationId: string,
  input: { kind: HeadcountKindValue; value: number; effectiveFrom: string },
  actorId: string,
): Promise<OrganizationHeadcountEntity> {
  const existing = await manager.findOne(OrganizationHeadcountEntity, {
    where: { organizationId, kind: input.kind, effectiveFrom: input.effectiveFrom },
    lock: { mode: 'pessimistic_write' },
  });
  if (existing?.value === input.value) return existing;
  // Denominators of the weeks from this date on change: those weeks are computed again.
  const [{ path }]: { path: string }[] = await manager.query(`SELECT path FROM organization WHERE id = $1`, [organizationId]);
  await requestRecomputationsOf(manager, { paths: [path], fromWeek: input.effectiveFrom as LocalDate, reason: 'headcounts', requestedBy: actorId });
  await manager.query(
    `INSERT INTO organization_headcount (organization_id, kind, value, effective_from, created_by)
     VALUES ($1, $2, $3, $4, $5)
     ON CONFLICT (organization_id, kind, effective_from) DO UPDATE SET value = EXCLUDED.value, created_by = EXCLUDED.created_by`,
    [organizationId, input.kind, input.value, input.effectiveFrom, actorId],
  );
  const saved = await manager.findOneByOrFail(OrganizationHeadcountEntity, {
    organizationId,
    kind: input.kind,
    effectiveFrom: input.effectiveFrom,
  });
  await audit.record(
    {
      action: 'organization.headcount_set',
      entityType: ENTITY,
      entityId: organizationId,
      organizationId,
      before: existing ? { kind: existing.kind, effectiveFrom: existing.effectiveFrom, value: existing.value } : null,
      after: { kind: saved.kind, effectiveFrom: saved.effectiveFrom, value: saved.value },
    },
    manager,
  );
  return saved;
}

