import type { EntityManager } from 'typeorm';
import { type ActionResponsible, OrganizationEntity, RoadmapActionEntity, RoadmapEntity } from '@karta/db';
import { addDays, expandSchedule, type LocalDate, maxLocalDate, parseSchedule, type Period, periodDueInstant, type Schedule } from '@karta/domain';
import type { AuditSink } from './roadmap-import';

export const PERIOD_EXCLUDED_REASON = 'Период исключён из графика';
export const NO_LONGER_RESPONSIBLE_REASON = 'Организация больше не отвечает за мероприятие';

export interface MaterializeOptions {
  /** Today in Europe/Moscow, from the caller's clock; tasks are created up to today + the roadmap's horizon. */
  today: LocalDate;
  /** Only this roadmap; every active roadmap when omitted. */
  roadmapId?: string;
}

export interface MaterializeResult {
  created: number;
  /** Open tasks without evidence whose period left the schedule or whose organization is no longer responsible. */
  cancelled: number;
  /** Unfinished tasks whose deadline followed a changed schedule (never one the controller extended). */
  rescheduled: number;
  roadmaps: number;
  /** Actions skipped because their stored schedule is not valid (never expected: imports validate it). */
  invalidSchedules: string[];
}

/** SQL condition choosing the organizations (alias `o`) responsible for an action; its parameters start at `$<first>`. */
function responsibleCondition(responsible: ActionResponsible, owner: OrganizationEntity, first: number): { sql: string; params: unknown[] } {
  const [a, b, c, d] = [first, first + 1, first + 2, first + 3].map((n) => `$${n}`);
  switch (responsible.type) {
    case 'owner':
      return { sql: `o.id = ${a}`, params: [owner.id] };
    case 'organization_kinds':
      return {
        sql: `((o.is_active AND o.kind = ANY(${b}::varchar[]) AND o.path LIKE ${c} AND o.id <> ${a}) OR (${d}::boolean AND o.id = ${a}))`,
        params: [owner.id, responsible.kinds, `${owner.path.replace(/[\\%_]/g, (ch) => `\\${ch}`)}%`, responsible.includeOwner],
      };
    case 'organizations':
      return { sql: `o.is_active AND o.code = ANY(${a}::varchar[])`, params: [responsible.codes] };
  }
}

function scheduleStart(schedule: Schedule): LocalDate {
  return schedule.kind === 'once' ? (schedule.startDate ?? schedule.dueDate) : schedule.startDate;
}

/**
 * Creates the tasks every active roadmap owes up to today + its horizon: one per action, responsible
 * organization and period. Set-based: one INSERT … SELECT per action over all its periods and
 * organizations, de-duplicated by the unique (action, organization, period) index, so running it
 * again never doubles anything and a new organization or a new period simply gets its rows.
 * Open tasks of periods the schedule no longer has, without evidence, are cancelled (never deleted).
 */
export async function materializeTasks(manager: EntityManager, options: MaterializeOptions, audit: AuditSink): Promise<MaterializeResult> {
  // One materialization at a time per database: the daily run and an import's run may overlap.
  await manager.query('SELECT pg_advisory_xact_lock(7600810)');
  const roadmaps = await manager.findBy(RoadmapEntity, options.roadmapId ? { id: options.roadmapId, status: 'active' } : { status: 'active' });
  const result: MaterializeResult = { created: 0, cancelled: 0, rescheduled: 0, roadmaps: roadmaps.length, invalidSchedules: [] };
  for (const roadmap of roadmaps) {
    const owner = await manager.findOneByOrFail(OrganizationEntity, { id: roadmap.ownerOrganizationId });
    const horizon = addDays(options.today, roadmap.materializeDaysAhead);
    const actions = await manager.find(RoadmapActionEntity, { where: { roadmapId: roadmap.id }, order: { number: 'ASC' } });
    for (const action of actions) {
      const parsed = parseSchedule(action.schedule);
      if (!parsed.ok) {
        result.invalidSchedules.push(action.id);
        continue;
      }
      const start = scheduleStart(parsed.schedule);
      const periods = expandSchedule(parsed.schedule, start, horizon);
      result.created += await insertTasks(manager, roadmap, owner, action, periods);
      result.cancelled += await cancelExcludedPeriods(manager, action, parsed.schedule, start, horizon);
      result.cancelled += await cancelNoLongerResponsible(manager, owner, action);
      result.rescheduled += await followScheduleDeadlines(manager, action, periods);
    }
  }
  await audit(
    [{ action: 'tasks.materialized', entityType: 'roadmap', entityId: options.roadmapId, after: { today: options.today, created: result.created, cancelled: result.cancelled, rescheduled: result.rescheduled, roadmaps: result.roadmaps } }],
    manager,
  );
  return result;
}

async function insertTasks(manager: EntityManager, roadmap: RoadmapEntity, owner: OrganizationEntity, action: RoadmapActionEntity, periods: Period[]): Promise<number> {
  if (!periods.length) return 0;
  const condition = responsibleCondition(action.responsible, owner, 7);
  const rows: { created: number }[] = await manager.query(
    `WITH periods AS (
       SELECT * FROM unnest($1::varchar[], $2::date[], $3::date[], $4::timestamptz[]) AS p(period_key, period_start, period_end, due_at)
     ), inserted AS (
       INSERT INTO task (action_id, roadmap_id, organization_id, period_key, period_start, period_end, due_at, original_due_at, status, version)
       SELECT $5::uuid, $6::uuid, o.id, p.period_key, p.period_start, p.period_end, p.due_at, p.due_at, 'open', 1
       FROM periods p CROSS JOIN organization o
       WHERE ${condition.sql}
       ON CONFLICT (action_id, organization_id, period_key) DO NOTHING
       RETURNING 1
     )
     SELECT count(*)::int AS created FROM inserted`,
    [
      periods.map((p) => p.key),
      periods.map((p) => p.start),
      periods.map((p) => p.end),
      periods.map((p) => periodDueInstant(p).toISOString()),
      action.id,
      roadmap.id,
      ...condition.params,
    ],
  );
  return rows[0]?.created ?? 0;
}

async function cancelExcludedPeriods(
  manager: EntityManager,
  action: RoadmapActionEntity,
  schedule: Schedule,
  start: LocalDate,
  horizon: LocalDate,
): Promise<number> {
  // Tasks created under a longer horizon are still valid periods: expand as far as the latest one.
  const [{ last }] = await manager.query(`SELECT max(period_end)::text AS last FROM task WHERE action_id = $1`, [action.id]);
  if (!last) return 0;
  const validKeys = expandSchedule(schedule, start, maxLocalDate(horizon, last as LocalDate)).map((p) => p.key);
  return cancelOpenTasks(manager, `t.action_id = $1 AND NOT (t.period_key = ANY($2::varchar[]))`, [action.id, validKeys], PERIOD_EXCLUDED_REASON);
}

/** An organization closed, moved out of the owner's subtree, or of a kind the action no longer names. */
async function cancelNoLongerResponsible(manager: EntityManager, owner: OrganizationEntity, action: RoadmapActionEntity): Promise<number> {
  const condition = responsibleCondition(action.responsible, owner, 2);
  return cancelOpenTasks(
    manager,
    `t.action_id = $1 AND NOT EXISTS (SELECT 1 FROM organization o WHERE o.id = t.organization_id AND ${condition.sql})`,
    [action.id, ...condition.params],
    NO_LONGER_RESPONSIBLE_REASON,
  );
}

/**
 * Cancels the open tasks matching `where` (alias `t`, its parameters from `$1`) that have no evidence —
 * work already started is left for the controller to decide — with an event on each task's timeline.
 */
async function cancelOpenTasks(manager: EntityManager, where: string, params: unknown[], reason: string): Promise<number> {
  const reasonParam = `$${params.length + 1}`;
  const rows: { cancelled: number }[] = await manager.query(
    `WITH cancelled AS (
       UPDATE task t SET status = 'cancelled', cancel_reason = ${reasonParam}, version = t.version + 1, updated_at = now()
       WHERE ${where} AND t.status = 'open'
         AND NOT EXISTS (SELECT 1 FROM task_evidence e WHERE e.task_id = t.id AND e.removed_at IS NULL)
       RETURNING t.id
     ), events AS (
       INSERT INTO task_event (task_id, kind, body, data)
       SELECT id, 'status_changed', ${reasonParam}, '{"from":"open","to":"cancelled"}'::jsonb FROM cancelled
     )
     SELECT count(*)::int AS cancelled FROM cancelled`,
    [...params, reason],
  );
  return rows[0]?.cancelled ?? 0;
}

/**
 * A changed due day (e.g. a one-off action's new date) moves the deadline of unfinished tasks of that
 * period — unless the deadline was extended, which is the controller's decision and stays.
 */
async function followScheduleDeadlines(manager: EntityManager, action: RoadmapActionEntity, periods: Period[]): Promise<number> {
  if (!periods.length) return 0;
  const rows: { rescheduled: number }[] = await manager.query(
    `WITH periods AS (
       SELECT * FROM unnest($2::varchar[], $3::timestamptz[]) AS p(period_key, due_at)
     ), moved AS (
       UPDATE task t SET due_at = p.due_at, original_due_at = p.due_at, version = t.version + 1, updated_at = now()
       FROM periods p
       WHERE t.action_id = $1 AND t.period_key = p.period_key AND t.status NOT IN ('accepted', 'cancelled')
         AND t.due_at = t.original_due_at AND t.due_at <> p.due_at
       RETURNING 1
     )
     SELECT count(*)::int AS rescheduled FROM moved`,
    [action.id, periods.map((p) => p.key), periods.map((p) => periodDueInstant(p).toISOString())],
  );
  return rows[0]?.rescheduled ?? 0;
}
