import { BadRequestException, ConflictException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, In, QueryFailedError } from 'typeorm';
import {
  type IndicatorStatus,
  OrganizationEntity,
  RoadmapActionEntity,
  RoadmapEntity,
  TaskEntity,
  TaskEventEntity,
  type TaskEventKind,
  TaskEvidenceEntity,
  TaskExtensionRequestEntity,
  UserEntity,
} from '@karta/db';
import {
  allowedActions,
  decideExtension,
  isLocalDate,
  isOverdue,
  parseLocalTime,
  type TaskStatus,
  transitionTask,
  zonedInstant,
} from '@karta/domain';
import type { Page, TaskListItem, TaskUserRef } from '@karta/contracts';
import { AccessControl, type AuthUser, DEFAULT_PAGE_SIZE } from '@karta/api-core';
import { AuditLog } from '@karta/server-core';
import { TaskAccess, type TaskForCaller } from './task-access';
import { EDITABLE_STATUSES, fieldError, STALE_TASK_MESSAGE, transitionFailure } from './task-errors';
import { taskPeriod } from './task-period';
import type {
  TaskAssignableUserDto,
  TaskAssigneesDto,
  TaskDetailsDto,
  TaskEventDto,
  TaskEvidenceDto,
  TaskExtensionCreateDto,
  TaskExtensionDecisionDto,
  TaskExtensionDto,
  TaskFilterOptionsDto,
  TaskListQueryDto,
  TaskTransitionDto,
} from './tasks.dto';

const END_OF_DAY = parseLocalTime('23:59');
const AWAITING_EXECUTOR_SQL = `t.status IN ('open', 'in_progress', 'returned')`;

/** ORDER BY of each list sort (ties broken by id); «status» puts what needs action first. */
const SORT_ORDER: Readonly<Record<NonNullable<TaskListQueryDto['sort']>, string>> = {
  dueAt: 't.due_at ASC',
  '-dueAt': 't.due_at DESC',
  organization: 'o.short_name ASC',
  status: `CASE t.status WHEN 'returned' THEN 1 WHEN 'open' THEN 2 WHEN 'in_progress' THEN 3 WHEN 'submitted' THEN 4 WHEN 'accepted' THEN 5 ELSE 6 END ASC`,
  updatedAt: 't.updated_at DESC',
};
const PENDING_EXTENSION_INDEX = 'UQ_task_extension_request_pending';

const iso = (date: Date | null | undefined): string | null => (date ? new Date(date).toISOString() : null);

/** Fields of a task worth recording in the audit log's before/after. */
function auditView(task: TaskEntity): Record<string, unknown> {
  return {
    status: task.status,
    dueAt: iso(task.dueAt),
    executorId: task.executorId,
    coExecutorIds: task.coExecutorIds,
    submittedAt: iso(task.submittedAt),
    acceptedAt: iso(task.acceptedAt),
    cancelReason: task.cancelReason,
    progressRequestedAt: iso(task.progressRequestedAt),
    version: task.version,
  };
}

/** A timestamptz column as `Date#toISOString()` writes it (UTC, milliseconds), formatted by PostgreSQL. */
function isoInstantSql(column: string): string {
  return `to_char(${column} AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"')`;
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

@Injectable()
export class TasksService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly tasks: TaskAccess,
    private readonly audit: AuditLog,
  ) {}

  // ───────────────────────────── list ─────────────────────────────

  async list(user: AuthUser, query: TaskListQueryDto, options: { mine?: boolean } = {}): Promise<Page<TaskListItem>> {
    this.access.requirePermission(user, 'tasks.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const now = new Date();
    const filter = await this.listFilter(user, query, now, options.mine === true);
    const run = <T>(sql: string): Promise<T[]> => {
      // Plain SQL with named parameters: the list is the API's busiest read, and the query builder's
      // per-request SQL generation showed in its profile.
      const [text, values] = this.dataSource.driver.escapeQueryWithParameters(sql, { ...filter.params, limit: pageSize, offset: (page - 1) * pageSize }, {});
      return this.dataSource.query(text, values);
    };
    // The page carries the total (a window count over the filtered rows, before LIMIT): one statement
    // instead of a separate count, about a third less database work per request.
    const rows = await run<Record<string, unknown>>(
      `SELECT t.id AS id, t.organization_id AS "organizationId", o.short_name AS "organizationShortName",
              t.roadmap_id AS "roadmapId", t.action_id AS "actionId", a.number AS "actionNumber", a.title AS "actionTitle",
              t.period_key AS "periodKey", to_char(t.period_start, 'YYYY-MM-DD') AS "periodStart",
              to_char(t.period_end, 'YYYY-MM-DD') AS "periodEnd", t.status AS status,
              -- Instants leave as the API's ISO text (not timestamps parsed into Dates and formatted back per
              -- row); the deadline also as epoch milliseconds for the overdue check.
              ${isoInstantSql('t.due_at')} AS "dueAt", (extract(epoch FROM t.due_at) * 1000)::float8 AS "dueAtMs", ${isoInstantSql('t.updated_at')} AS "updatedAt",
              t.indicator_status AS "indicatorStatus", t.executor_id AS "executorId", u.full_name AS "executorName",
              (count(*) OVER ())::int AS total
       FROM task t
       JOIN organization o ON o.id = t.organization_id
       JOIN roadmap_action a ON a.id = t.action_id
       LEFT JOIN user_account u ON u.id = t.executor_id
       WHERE ${filter.where}
       ORDER BY ${SORT_ORDER[query.sort ?? 'dueAt']}, t.id ASC
       LIMIT :limit OFFSET :offset`,
    );
    // A page past the end has no row to carry the total: count separately (the filters read only the
    // task and its organization).
    let total = rows.length ? (rows[0]['total'] as number) : 0;
    if (!rows.length && page > 1) {
      const [counted] = await run<{ total: number }>(`SELECT count(*)::int AS total FROM task t JOIN organization o ON o.id = t.organization_id WHERE ${filter.where}`);
      total = counted?.total ?? 0;
    }
    return {
      items: rows.map((row) => {
        const status = row['status'] as TaskStatus;
        return {
          id: row['id'] as string,
          organizationId: row['organizationId'] as string,
          organizationShortName: row['organizationShortName'] as string,
          roadmapId: row['roadmapId'] as string,
          actionId: row['actionId'] as string,
          actionNumber: Number(row['actionNumber']),
          actionTitle: row['actionTitle'] as string,
          period: taskPeriod(row['periodKey'] as string, row['periodStart'] as string, row['periodEnd'] as string),
          dueAt: row['dueAt'] as string,
          status,
          overdue: isOverdue({ status, dueAt: new Date(row['dueAtMs'] as number) }, now),
          indicatorStatus: (row['indicatorStatus'] as IndicatorStatus | null) ?? null,
          executorId: (row['executorId'] as string | null) ?? null,
          executorName: (row['executorName'] as string | null) ?? null,
          updatedAt: row['updatedAt'] as string,
        };
      }),
      total,
      page,
      pageSize,
    };
  }

  /** FROM … WHERE of the list: task ⨝ organization ⨝ roadmap_action ⟕ executor, in the caller's scope, filtered. */
  private async listFilter(user: AuthUser, query: TaskListQueryDto, now: Date, mine: boolean): Promise<{ where: string; params: Record<string, unknown> }> {
    const scope = this.access.scopeCondition(user, 'o');
    const where: string[] = [scope.clause];
    const params: Record<string, unknown> = { ...scope.params };
    const add = (clause: string, values: Record<string, unknown> = {}) => {
      where.push(clause);
      Object.assign(params, values);
    };
    if (mine) {
      add('t.organization_id = :ownOrganizationId', { ownOrganizationId: user.organizationId });
      add('(t.executor_id IS NULL OR t.executor_id = :me OR t.co_executor_ids @> ARRAY[:me]::uuid[])', { me: user.id });
    }
    if (query.organizationId) {
      if (query.includeSubtree) {
        const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: query.organizationId });
        add('o.path LIKE :subtreePath', { subtreePath: `${escapeLike(organization?.path ?? '/-/')}%` });
      } else {
        add('t.organization_id = :organizationId', { organizationId: query.organizationId });
      }
    }
    if (query.roadmapId) add('t.roadmap_id = :roadmapId', { roadmapId: query.roadmapId });
    if (query.actionId) add('t.action_id = :actionId', { actionId: query.actionId });
    if (query.status?.length) add('t.status IN (:...statuses)', { statuses: query.status });
    if (query.overdue === true) add(`(${AWAITING_EXECUTOR_SQL} AND t.due_at < :now)`, { now });
    if (query.overdue === false) add(`NOT (${AWAITING_EXECUTOR_SQL} AND t.due_at < :now)`, { now });
    if (query.periodKey) add('t.period_key = :periodKey', { periodKey: query.periodKey });
    if (query.periodFrom) add('t.period_end >= :periodFrom', { periodFrom: query.periodFrom });
    if (query.periodTo) add('t.period_start <= :periodTo', { periodTo: query.periodTo });
    if (query.assignee) {
      add('(t.executor_id = :assignee OR t.co_executor_ids @> ARRAY[:assignee]::uuid[])', { assignee: query.assignee === 'me' ? user.id : query.assignee });
    }
    if (query.q?.trim()) add('(o.short_name ILIKE :q OR o.name ILIKE :q)', { q: `%${escapeLike(query.q.trim())}%` });
    // Conditions on the task (t) and its organization (o) only: the count joins nothing else.
    return { where: where.map((clause) => `(${clause})`).join(' AND '), params };
  }

  /** Roadmaps that are not archived, with their actions (roadmaps are not organization-owned data). */
  async filterOptions(user: AuthUser): Promise<TaskFilterOptionsDto> {
    this.access.requirePermission(user, 'tasks.read');
    const roadmaps = await this.dataSource.getRepository(RoadmapEntity).find({ where: { status: In(['active', 'draft']) }, order: { orderDate: 'DESC' } });
    const actions = roadmaps.length
      ? await this.dataSource.getRepository(RoadmapActionEntity).find({ where: { roadmapId: In(roadmaps.map((r) => r.id)) }, order: { number: 'ASC' } })
      : [];
    return {
      roadmaps: roadmaps.map((r) => ({
        id: r.id,
        title: r.title,
        actions: actions.filter((a) => a.roadmapId === r.id).map((a) => ({ id: a.id, number: a.number, title: a.title })),
      })),
    };
  }

  // ───────────────────────────── details ─────────────────────────────

  async details(user: AuthUser, taskId: string): Promise<TaskDetailsDto> {
    const loaded = await this.tasks.load(user, taskId);
    return this.describe(user, loaded);
  }

  private async describe(user: AuthUser, { task, isExecutor, isReviewer }: TaskForCaller): Promise<TaskDetailsDto> {
    const m = this.dataSource.manager;
    const action = await m.getRepository(RoadmapActionEntity).findOneByOrFail({ id: task.actionId });
    const roadmap = await m.getRepository(RoadmapEntity).findOneByOrFail({ id: task.roadmapId });
    const [evidence, events, extensions, currentRound] = await Promise.all([
      m.getRepository(TaskEvidenceEntity).find({ where: { taskId: task.id }, order: { round: 'DESC', createdAt: 'ASC' } }),
      m.getRepository(TaskEventEntity).find({ where: { taskId: task.id }, order: { createdAt: 'ASC' } }),
      m.getRepository(TaskExtensionRequestEntity).find({ where: { taskId: task.id }, order: { createdAt: 'DESC' } }),
      this.currentRound(m, task.id),
    ]);
    const userIds = new Set<string>([
      ...(task.executorId ? [task.executorId] : []),
      ...task.coExecutorIds,
      ...evidence.map((e) => e.createdBy),
      ...events.flatMap((e) => (e.authorId ? [e.authorId] : [])),
      ...extensions.flatMap((x) => [x.requestedBy, ...(x.decidedBy ? [x.decidedBy] : [])]),
    ]);
    const users = new Map(
      (userIds.size ? await m.getRepository(UserEntity).findBy({ id: In([...userIds]) }) : []).map((u) => [u.id, { id: u.id, fullName: u.fullName }]),
    );
    const ref = (id: string | null): TaskUserRef | null => (id ? (users.get(id) ?? { id, fullName: 'Удалённый пользователь' }) : null);
    const evidenceDtos = evidence.map((e): TaskEvidenceDto => this.evidenceDto(e, ref(e.createdBy)));
    const extensionDtos = extensions.map((x): TaskExtensionDto => ({
      id: x.id,
      status: x.status,
      reason: x.reason,
      requestedDueAt: x.requestedDueAt.toISOString(),
      requestedBy: ref(x.requestedBy),
      decidedBy: ref(x.decidedBy),
      decidedAt: iso(x.decidedAt),
      grantedDueAt: iso(x.grantedDueAt),
      decisionComment: x.decisionComment,
      createdAt: x.createdAt.toISOString(),
    }));
    const editable = EDITABLE_STATUSES.includes(task.status);
    const pendingExtension = extensionDtos.find((x) => x.status === 'pending') ?? null;
    return {
      id: task.id,
      version: task.version,
      status: task.status,
      overdue: isOverdue(task, new Date()),
      indicatorStatus: task.indicatorStatus,
      organization: { id: task.organization.id, shortName: task.organization.shortName, name: task.organization.name, code: task.organization.code },
      roadmap: { id: roadmap.id, title: roadmap.title },
      action: {
        id: action.id,
        number: action.number,
        title: action.title,
        fullText: action.fullText,
        resultText: action.resultText,
        deadlineText: action.deadlineText,
        responsibleText: action.responsibleText,
      },
      period: taskPeriod(task.periodKey, task.periodStart, task.periodEnd),
      dueAt: task.dueAt.toISOString(),
      originalDueAt: task.originalDueAt.toISOString(),
      submittedAt: iso(task.submittedAt),
      acceptedAt: iso(task.acceptedAt),
      cancelReason: task.cancelReason,
      progressRequestedAt: iso(task.progressRequestedAt),
      executor: ref(task.executorId),
      coExecutors: task.coExecutorIds.map((id) => ref(id) as TaskUserRef),
      currentRound,
      allowedActions: allowedActions(task.status, { isExecutor, isReviewer }),
      permissions: {
        isExecutor,
        isReviewer,
        canEditEvidence: isExecutor && editable,
        canAssign: this.mayAssign(user, task),
        canComment: isExecutor || isReviewer,
        canRequestExtension: isExecutor && editable && pendingExtension === null,
        canDecideExtension: isReviewer && pendingExtension !== null,
        canRequestProgress: isReviewer && editable && task.progressRequestedAt === null,
        canReportProgress: isExecutor && editable,
      },
      evidence: evidenceDtos.filter((e) => e.round === currentRound && e.removedAt === null),
      evidenceHistory: evidenceDtos,
      timeline: events.map((e): TaskEventDto => ({
        id: e.id,
        kind: e.kind,
        author: ref(e.authorId),
        body: e.body,
        data: e.data,
        createdAt: e.createdAt.toISOString(),
      })),
      pendingExtension,
      extensions: extensionDtos,
    };
  }

  evidenceDto(e: TaskEvidenceEntity, createdBy: TaskUserRef | null): TaskEvidenceDto {
    return {
      id: e.id,
      kind: e.kind,
      round: e.round,
      fileName: e.fileName,
      mimeType: e.mimeType,
      sizeBytes: e.sizeBytes === null ? null : Number(e.sizeBytes),
      sha256: e.sha256,
      url: e.url,
      text: e.text,
      createdAt: e.createdAt.toISOString(),
      createdBy,
      removedAt: iso(e.removedAt),
    };
  }

  /** Round 1 until the first return; every return (or reopen of accepted work) starts the next one. */
  async currentRound(m: EntityManager, taskId: string): Promise<number> {
    const returns = await m
      .getRepository(TaskEventEntity)
      .createQueryBuilder('e')
      .where('e.task_id = :taskId', { taskId })
      .andWhere(`e.kind = 'status_changed'`)
      .andWhere(`e.data->>'to' = 'returned'`)
      .getCount();
    return returns + 1;
  }

  // ───────────────────────────── transitions ─────────────────────────────

  async transition(user: AuthUser, taskId: string, body: TaskTransitionDto): Promise<TaskDetailsDto> {
    const loaded = await this.tasks.load(user, taskId);
    const { task, isExecutor, isReviewer } = loaded;
    const comment = body.comment?.trim() || undefined;
    const result = transitionTask(task.status, body.action, { isExecutor, isReviewer, comment });
    if (!result.ok) throw transitionFailure(result.reason, task.status);
    if (body.expectedVersion !== task.version) throw new ConflictException(STALE_TASK_MESSAGE);
    const now = new Date();
    await this.dataSource.transaction(async (m) => {
      if (body.action === 'submit') {
        const round = await this.currentRound(m, task.id);
        const live = await m
          .getRepository(TaskEvidenceEntity)
          .createQueryBuilder('v')
          .where('v.task_id = :taskId AND v.round = :round AND v.removed_at IS NULL', { taskId: task.id, round })
          .getCount();
        if (live === 0) {
          throw new BadRequestException('Приложите хотя бы одно подтверждение (файл, ссылку или текст) перед отправкой на проверку');
        }
      }
      const patch: Partial<TaskEntity> = { status: result.status };
      if (result.status === 'submitted') patch.submittedAt = now;
      if (result.status === 'accepted') patch.acceptedAt = now;
      if (body.action === 'cancel') patch.cancelReason = comment ?? null;
      if (body.action === 'reopen') {
        patch.acceptedAt = null;
        patch.cancelReason = null;
      }
      const after = await this.updateTask(m, task, patch, body.expectedVersion);
      await this.addEvent(m, task.id, user.id, 'status_changed', comment ?? null, { from: task.status, to: result.status, action: body.action });
      await this.audit.record(
        { action: `task.${body.action}`, entityType: 'task', entityId: task.id, organizationId: task.organizationId, before: auditView(task), after: auditView(after) },
        m,
      );
    });
    return this.details(user, taskId);
  }

  /** Applies `patch` only if nobody changed the task since `expectedVersion`; the version moves on. */
  private async updateTask(m: EntityManager, task: TaskEntity, patch: Partial<TaskEntity>, expectedVersion: number): Promise<TaskEntity> {
    const result = await m
      .createQueryBuilder()
      .update(TaskEntity)
      .set(patch)
      .where('id = :id AND version = :version', { id: task.id, version: expectedVersion })
      .execute();
    if (!result.affected) throw new ConflictException(STALE_TASK_MESSAGE);
    return m.getRepository(TaskEntity).findOneByOrFail({ id: task.id });
  }

  async addEvent(m: EntityManager, taskId: string, authorId: string, kind: TaskEventKind, body: string | null, data: Record<string, unknown> | null): Promise<void> {
    await m.getRepository(TaskEventEntity).save(m.create(TaskEventEntity, { taskId, authorId, kind, body, data }));
  }

  // ───────────────────────────── assignment ─────────────────────────────

  private mayAssign(user: AuthUser, task: TaskEntity): boolean {
    switch (user.role) {
      case 'admin':
      case 'controller':
        return true;
      case 'org_head':
      case 'org_coordinator':
        return user.organizationId === task.organizationId;
      default:
        return false;
    }
  }

  async assignableUsers(user: AuthUser, taskId: string): Promise<TaskAssignableUserDto[]> {
    const { task } = await this.tasks.load(user, taskId);
    const users = await this.dataSource.getRepository(UserEntity).find({
      where: { organizationId: task.organizationId, isActive: true },
      order: { fullName: 'ASC' },
    });
    return users.map((u) => ({ id: u.id, fullName: u.fullName, role: u.role }));
  }

  async assign(user: AuthUser, taskId: string, body: TaskAssigneesDto): Promise<TaskDetailsDto> {
    const { task } = await this.tasks.load(user, taskId);
    if (!this.mayAssign(user, task)) throw new ForbiddenException('Назначать исполнителей может руководитель или координатор организации либо контролёр');
    const executorId = body.executorId ?? null;
    const coExecutorIds = [...new Set(body.coExecutorIds)].filter((id) => id !== executorId);
    const ids = [...(executorId ? [executorId] : []), ...coExecutorIds];
    if (ids.length) {
      const found = await this.dataSource.getRepository(UserEntity).findBy({ id: In(ids), organizationId: task.organizationId, isActive: true });
      const known = new Set(found.map((u) => u.id));
      if (executorId && !known.has(executorId)) throw fieldError('executorId', 'Исполнитель должен быть сотрудником организации задачи');
      if (coExecutorIds.some((id) => !known.has(id))) throw fieldError('coExecutorIds', 'Соисполнители должны быть сотрудниками организации задачи');
    }
    await this.dataSource.transaction(async (m) => {
      const after = await this.updateTask(m, task, { executorId, coExecutorIds }, task.version);
      await this.addEvent(m, task.id, user.id, 'assigned', null, { executorId, coExecutorIds });
      await this.audit.record(
        { action: 'task.assigned', entityType: 'task', entityId: task.id, organizationId: task.organizationId, before: auditView(task), after: auditView(after) },
        m,
      );
    });
    return this.details(user, taskId);
  }

  // ───────────────────────────── comments and progress ─────────────────────────────

  async comment(user: AuthUser, taskId: string, text: string): Promise<TaskDetailsDto> {
    const { task, isExecutor, isReviewer } = await this.tasks.load(user, taskId);
    if (!isExecutor && !isReviewer) throw new ForbiddenException('Комментировать могут исполнители и контролёры');
    await this.dataSource.transaction(async (m) => {
      await this.addEvent(m, task.id, user.id, 'comment', text.trim(), null);
      await this.audit.record({ action: 'task.commented', entityType: 'task', entityId: task.id, organizationId: task.organizationId, after: { text: text.trim() } }, m);
    });
    return this.details(user, taskId);
  }

  async requestProgress(user: AuthUser, taskId: string): Promise<TaskDetailsDto> {
    const { task, isReviewer } = await this.tasks.load(user, taskId, 'tasks.review');
    if (!isReviewer) throw new ForbiddenException('Недостаточно прав для этого действия');
    if (!EDITABLE_STATUSES.includes(task.status)) throw new ConflictException('Запросить ход исполнения можно только по задаче, которая ещё исполняется');
    await this.dataSource.transaction(async (m) => {
      const after = await this.updateTask(m, task, { progressRequestedAt: new Date() }, task.version);
      await this.addEvent(m, task.id, user.id, 'progress_requested', null, null);
      await this.audit.record(
        { action: 'task.progress_requested', entityType: 'task', entityId: task.id, organizationId: task.organizationId, before: auditView(task), after: auditView(after) },
        m,
      );
    });
    return this.details(user, taskId);
  }

  async reportProgress(user: AuthUser, taskId: string, text: string): Promise<TaskDetailsDto> {
    const { task, isExecutor } = await this.tasks.load(user, taskId, 'tasks.execute');
    if (!isExecutor) throw new ForbiddenException('Сообщить о ходе исполнения может только исполнитель');
    if (!EDITABLE_STATUSES.includes(task.status)) throw new ConflictException('Задача уже не исполняется');
    await this.dataSource.transaction(async (m) => {
      const after = await this.updateTask(m, task, { progressRequestedAt: null }, task.version);
      await this.addEvent(m, task.id, user.id, 'progress_reported', text.trim(), null);
      await this.audit.record(
        { action: 'task.progress_reported', entityType: 'task', entityId: task.id, organizationId: task.organizationId, before: auditView(task), after: { ...auditView(after), text: text.trim() } },
        m,
      );
    });
    return this.details(user, taskId);
  }

  // ───────────────────────────── deadline extension ─────────────────────────────

  async requestExtension(user: AuthUser, taskId: string, body: TaskExtensionCreateDto): Promise<TaskDetailsDto> {
    const { task, isExecutor } = await this.tasks.load(user, taskId, 'tasks.execute');
    if (!isExecutor) throw new ForbiddenException('Продление срока может запросить только исполнитель');
    if (!EDITABLE_STATUSES.includes(task.status)) throw new ConflictException('Продление срока можно запросить только по задаче, которая ещё исполняется');
    const requestedDueAt = endOfMoscowDay(body.requestedDueDate, 'requestedDueDate');
    if (requestedDueAt.getTime() <= task.dueAt.getTime()) throw fieldError('requestedDueDate', 'Новый срок должен быть позже текущего');
    try {
      await this.dataSource.transaction(async (m) => {
        const inserted = await m.getRepository(TaskExtensionRequestEntity).save({ taskId: task.id, requestedBy: user.id, reason: body.reason.trim(), requestedDueAt });
        await this.addEvent(m, task.id, user.id, 'extension_requested', body.reason.trim(), { requestId: inserted.id, requestedDueAt: requestedDueAt.toISOString() });
        await this.audit.record(
          { action: 'task.extension_requested', entityType: 'task', entityId: task.id, organizationId: task.organizationId, after: { requestId: inserted.id, reason: inserted.reason, requestedDueAt: requestedDueAt.toISOString() } },
          m,
        );
      });
    } catch (error) {
      if (error instanceof QueryFailedError && (error.driverError as { constraint?: string }).constraint === PENDING_EXTENSION_INDEX) {
        throw new ConflictException('Запрос на продление срока уже ожидает решения');
      }
      throw error;
    }
    return this.details(user, taskId);
  }

  async decideExtension(user: AuthUser, taskId: string, requestId: string, body: TaskExtensionDecisionDto): Promise<TaskDetailsDto> {
    const { task, isReviewer } = await this.tasks.load(user, taskId, 'tasks.review');
    const request = await this.dataSource.getRepository(TaskExtensionRequestEntity).findOneBy({ id: requestId, taskId: task.id });
    if (!request) throw new NotFoundException('Запрос на продление не найден');
    const comment = body.comment?.trim() ?? '';
    const newDueAt =
      body.decision === 'grant' ? (body.newDueDate ? endOfMoscowDay(body.newDueDate, 'newDueDate') : request.requestedDueAt) : null;
    const result = decideExtension(
      { status: request.status, currentDueAt: task.dueAt },
      newDueAt ? { decision: 'grant', newDueAt } : { decision: 'refuse', comment },
      { isReviewer },
    );
    if (!result.ok) {
      switch (result.reason) {
        case 'not_pending':
          throw new ConflictException('Решение по этому запросу уже принято');
        case 'forbidden':
          throw new ForbiddenException('Недостаточно прав для этого действия');
        case 'due_not_later':
          throw fieldError('newDueDate', 'Новый срок должен быть позже текущего');
        case 'comment_required':
          throw fieldError('comment', 'Укажите причину отказа');
      }
    }
    const now = new Date();
    await this.dataSource.transaction(async (m) => {
      const decided = await m
        .createQueryBuilder()
        .update(TaskExtensionRequestEntity)
        .set({
          status: result.status,
          decidedBy: user.id,
          decidedAt: now,
          grantedDueAt: result.status === 'granted' ? result.dueAt : null,
          decisionComment: comment || null,
        })
        .where(`id = :id AND status = 'pending'`, { id: request.id })
        .execute();
      if (!decided.affected) throw new ConflictException('Решение по этому запросу уже принято');
      let after: TaskEntity = task;
      if (result.status === 'granted') after = await this.updateTask(m, task, { dueAt: result.dueAt }, task.version);
      await this.addEvent(m, task.id, user.id, 'extension_decided', comment || null, {
        requestId: request.id,
        decision: result.status,
        ...(result.status === 'granted' ? { dueAt: result.dueAt.toISOString(), previousDueAt: task.dueAt.toISOString() } : {}),
      });
      await this.audit.record(
        {
          action: `task.extension_${result.status}`,
          entityType: 'task',
          entityId: task.id,
          organizationId: task.organizationId,
          before: { ...auditView(task), requestId: request.id, requestStatus: 'pending' },
          after: { ...auditView(after), requestId: request.id, requestStatus: result.status, decisionComment: comment || null },
        },
        m,
      );
    });
    return this.details(user, taskId);
  }
}

/** 23:59 Moscow time of a `YYYY-MM-DD` date: deadlines are the end of a working day. */
export function endOfMoscowDay(date: string, field: string): Date {
  if (!isLocalDate(date)) throw fieldError(field, 'Некорректная дата');
  return zonedInstant(date, END_OF_DAY);
}
