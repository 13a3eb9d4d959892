import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager, SelectQueryBuilder } from 'typeorm';
import type { Page, TaskCountsByStatus, TaskStatusDto } from '@karta/contracts';
import { OrganizationEntity, RoadmapActionEntity, RoadmapEntity, TaskEntity } from '@karta/db';
import { TASK_STATUSES } from '@karta/domain';
import { AccessControl, type AuthUser, RequestValidationException } from '@karta/api-core';
import { JobName, JobProducer, JobRequests, tasksMaterializeDeduplicationId } from '@karta/jobs';
import { AuditLog } from '@karta/server-core';
import { Clock, changedFields, importRoadmap, parseRoadmapFile } from '@karta/server-setup';
import { startRecomputations } from '@karta/server-indicators';
import type {
  ImportRoadmapResponseDto,
  RoadmapActionDto,
  RoadmapDetailDto,
  RoadmapListQueryDto,
  RoadmapSummaryDto,
  UpdateRoadmapSettingsDto,
} from './dto/roadmap.dto';

type RoadmapWithOwner = RoadmapEntity & { ownerOrganization: OrganizationEntity };

function emptyCounts(): TaskCountsByStatus {
  return { open: 0, in_progress: 0, submitted: 0, accepted: 0, returned: 0, cancelled: 0, total: 0, overdue: 0 };
}

@Injectable()
export class RoadmapsService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly audit: AuditLog,
    private readonly jobs: JobProducer,
    private readonly jobRequests: JobRequests,
    private readonly clock: Clock,
  ) {}

  /**
   * Roadmaps the caller works under: owned by their organization or one of its ancestors (a school
   * sees its department's roadmap), or owned inside their scope.
   */
  private visible(user: AuthUser): SelectQueryBuilder<RoadmapEntity> {
    const readable = this.access.ownedByReadableCondition(user, 'owner');
    return this.dataSource.getRepository(RoadmapEntity).createQueryBuilder('roadmap').innerJoinAndSelect('roadmap.ownerOrganization', 'owner').where(readable.clause, readable.params);
  }

  async list(user: AuthUser, query: RoadmapListQueryDto): Promise<Page<RoadmapSummaryDto>> {
    this.access.requirePermission(user, 'roadmaps.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? 50;
    const [roadmaps, total] = await this.visible(user)
      .orderBy('roadmap.orderDate', 'DESC')
      .addOrderBy('roadmap.code', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    const actionCounts = await this.actionCounts(roadmaps.map((r) => r.id));
    return { items: roadmaps.map((r) => this.toSummary(r as RoadmapWithOwner, actionCounts.get(r.id) ?? 0)), total, page, pageSize };
  }

  async get(user: AuthUser, id: string): Promise<RoadmapDetailDto> {
    this.access.requirePermission(user, 'roadmaps.read');
    const roadmap = await this.findVisible(user, id);
    const actions = await this.dataSource.getRepository(RoadmapActionEntity).find({ where: { roadmapId: id }, order: { number: 'ASC' } });
    const counts = await this.taskCounts(user, id);
    return {
      ...this.toSummary(roadmap, actions.length),
      controllerName: roadmap.controllerName,
      grounds: roadmap.grounds,
      goals: roadmap.goals,
      materializeDaysAhead: roadmap.materializeDaysAhead,
      actions: actions.map(
        (action): RoadmapActionDto => ({
          id: action.id,
          number: action.number,
          title: action.title,
          fullText: action.fullText,
          responsibleText: action.responsibleText,
          responsible: action.responsible,
          deadlineText: action.deadlineText,
          schedule: action.schedule,
          resultType: action.resultType,
          resultText: action.resultText,
          indicatorCodes: action.indicatorCodes,
          taskCounts: counts.get(action.id) ?? emptyCounts(),
        }),
      ),
    };
  }

  async update(user: AuthUser, id: string, dto: UpdateRoadmapSettingsDto): Promise<RoadmapDetailDto> {
    this.access.requirePermission(user, 'roadmaps.write');
    const roadmap = await this.findVisible(user, id);
    // Settings belong to whoever owns the roadmap: a school reads its department's roadmap but cannot change it.
    await this.access.requireInScope(user, roadmap.ownerOrganization, { entityType: 'roadmap', entityId: id });
    const wanted: Partial<RoadmapEntity> = {};
    if (dto.materializeDaysAhead !== undefined) wanted.materializeDaysAhead = dto.materializeDaysAhead;
    if (dto.status !== undefined) wanted.status = dto.status;
    const diff = changedFields(roadmap, wanted, Object.keys(wanted) as (keyof RoadmapEntity)[]);
    if (Object.keys(diff.after).length) {
      const request = await this.dataSource.transaction(async (manager) => {
        await manager.update(RoadmapEntity, { id }, diff.after);
        await this.audit.record({ action: 'roadmap.updated', entityType: 'roadmap', entityId: id, organizationId: roadmap.ownerOrganizationId, ...diff }, manager);
        // A longer horizon or a re-activated roadmap owes tasks now, not after the nightly run.
        return this.requestMaterialization(manager, id);
      });
      await this.jobRequests.relay([request]);
    }
    return this.get(user, id);
  }

  async import(user: AuthUser, yaml: string): Promise<ImportRoadmapResponseDto> {
    this.access.requirePermission(user, 'roadmaps.write');
    const parsed = parseRoadmapFile(yaml);
    if (!parsed.ok) throw new RequestValidationException(parsed.errors);
    const owner = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ code: parsed.file.ownerOrganizationCode });
    if (!owner || !this.access.isInScope(user, owner)) {
      // Outside the caller's scope reads as not found: no hint that the code exists.
      throw new RequestValidationException([
        { field: 'ownerOrganizationCode', messages: [`Организация с кодом «${parsed.file.ownerOrganizationCode}» не найдена`] },
      ]);
    }
    const result = await this.dataSource.transaction(async (manager) => {
      const imported = await importRoadmap(manager, parsed.file, (entries, transaction) => this.audit.record(entries, transaction));
      return imported.ok ? { ...imported, request: await this.requestMaterialization(manager, imported.summary.roadmapId) } : imported;
    });
    if (!result.ok) throw new RequestValidationException(result.errors);
    const { summary, request } = result;
    const materializeJobId = (await this.jobRequests.relay([request])).get(request) ?? null;
    // After the commit; a lost enqueue is made again by the worker's recompute-requeue job.
    if (summary.recomputationId) await startRecomputations(this.dataSource, this.jobs, [summary.recomputationId]);
    return { ...summary, materializeJobId };
  }

  /** In the change's transaction: the roadmap's task materialization, relayed after the commit. */
  private requestMaterialization(manager: EntityManager, roadmapId: string): Promise<string> {
    return this.jobRequests.record(manager, JobName.TasksMaterialize, { roadmapId }, { deduplicationId: tasksMaterializeDeduplicationId(roadmapId) });
  }

  private async findVisible(user: AuthUser, id: string): Promise<RoadmapWithOwner> {
    const roadmap = /^[0-9a-f-]{36}$/i.test(id) ? await this.visible(user).andWhere('roadmap.id = :id', { id }).getOne() : null;
    // requireInScope with no organization audits the attempt and answers 404.
    if (!roadmap) await this.access.requireInScope(user, null, { entityType: 'roadmap', entityId: id });
    return roadmap as RoadmapWithOwner;
  }

  private async actionCounts(roadmapIds: string[]): Promise<Map<string, number>> {
    if (!roadmapIds.length) return new Map();
    const rows = await this.dataSource
      .getRepository(RoadmapActionEntity)
      .createQueryBuilder('action')
      .select('action.roadmapId', 'roadmapId')
      .addSelect('count(*)::int', 'count')
      .where('action.roadmapId IN (:...roadmapIds)', { roadmapIds })
      .groupBy('action.roadmapId')
      .getRawMany<{ roadmapId: string; count: number }>();
    return new Map(rows.map((row) => [row.roadmapId, row.count]));
  }

  /** One grouped query: counts per action and status, only for tasks of organizations in the caller's scope. */
  private async taskCounts(user: AuthUser, roadmapId: string): Promise<Map<string, TaskCountsByStatus>> {
    const scope = this.access.scopeCondition(user, 'organization');
    const rows = await this.dataSource
      .getRepository(TaskEntity)
      .createQueryBuilder('task')
      .innerJoin(OrganizationEntity, 'organization', 'organization.id = task.organizationId')
      .select('task.actionId', 'actionId')
      .addSelect('task.status', 'status')
      .addSelect('count(*)::int', 'count')
      .addSelect(`count(*) FILTER (WHERE task.status IN ('open', 'in_progress', 'returned') AND task.dueAt < :now)::int`, 'overdue')
      .where('task.roadmapId = :roadmapId', { roadmapId })
      .andWhere(scope.clause, scope.params)
      .setParameter('now', this.clock.now())
      .groupBy('task.actionId')
      .addGroupBy('task.status')
      .getRawMany<{ actionId: string; status: TaskStatusDto; count: number; overdue: number }>();
    const counts = new Map<string, TaskCountsByStatus>();
    for (const row of rows) {
      const entry = counts.get(row.actionId) ?? emptyCounts();
      if ((TASK_STATUSES as readonly string[]).includes(row.status)) entry[row.status] += row.count;
      entry.total += row.count;
      entry.overdue += row.overdue;
      counts.set(row.actionId, entry);
    }
    return counts;
  }

  private toSummary(roadmap: RoadmapWithOwner, actionCount: number): RoadmapSummaryDto {
    return {
      id: roadmap.id,
      code: roadmap.code,
      title: roadmap.title,
      orderNumber: roadmap.orderNumber,
      orderDate: roadmap.orderDate,
      issuer: roadmap.issuer,
      status: roadmap.status,
      ownerOrganization: { id: roadmap.ownerOrganization.id, code: roadmap.ownerOrganization.code, shortName: roadmap.ownerOrganization.shortName },
      actionCount,
    };
  }
}
