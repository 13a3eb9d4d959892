// The task-list query as the API runs it for the benchmarked request (the controller's review queue
// of one action and one week, as linked from the roadmap card: submitted or returned tasks), written out so the bare
// Fastify floor executes exactly the same SQL (libs/api/tasks TasksService.list): one statement, the page
// with its total.

/** The benchmarked request: the district's review queue of action 2 for one week. */
export const DISTRICT_PATH = '/00000000-0000-4000-8000-000000000001/00000000-0000-4000-8000-000000000002/';
export const LIST_FILTER = { actionNumber: 2, statuses: ['submitted', 'returned'], periodKey: '2026-W10' } as const;

export const TASK_LIST_PAGE_SQL = `
SELECT t.id AS id, t.organization_id AS "organizationId", o.short_name AS "organizationShortName",
  t.roadmap_id AS "roadmapId", t.action_id AS "actionId", a.number AS "actionNumber", a.title AS "actionTitle",
  t.period_key AS "periodKey", to_char(t.period_start, 'YYYY-MM-DD') AS "periodStart",
  to_char(t.period_end, 'YYYY-MM-DD') AS "periodEnd", t.status AS status,
  to_char(t.due_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "dueAt", (extract(epoch FROM t.due_at) * 1000)::float8 AS "dueAtMs",
  to_char(t.updated_at AT TIME ZONE 'UTC', 'YYYY-MM-DD"T"HH24:MI:SS.MS"Z"') AS "updatedAt",
  t.indicator_status AS "indicatorStatus", t.executor_id AS "executorId", u.full_name AS "executorName",
  (count(*) OVER ())::int AS total
FROM task t
INNER JOIN organization o ON o.id = t.organization_id
INNER JOIN roadmap_action a ON a.id = t.action_id
LEFT JOIN user_account u ON u.id = t.executor_id
WHERE o.path LIKE $1 AND t.action_id = $2 AND t.status IN ($3, $4) AND t.period_key = $5
ORDER BY t.due_at ASC, t.id ASC
LIMIT $6 OFFSET $7`;
