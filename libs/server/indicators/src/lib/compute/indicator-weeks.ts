import type { EntityManager } from 'typeorm';
import { MEASURE_COLUMNS } from '@karta/db';
import { addDays, daysBetween, INNER_ORGANIZATION_KINDS, isoWeekday, type LocalDate, MEASURES, parseLocalDate } from '@karta/domain';

export interface IndicatorWeeksOptions {
  /** Monday of the first week to compute. */
  from: LocalDate;
  /** Monday of the last week to compute (inclusive); `from` when omitted. */
  to?: LocalDate;
  /** Only this roadmap's indicators; every active roadmap when omitted. */
  roadmapId?: string;
  /** Stamped into `computed_at` of the rows that change. */
  now: Date;
  /** Called after each block of weeks is written (inside the transaction): weeks done so far and in all. */
  onProgress?: (weeksDone: number, weeksTotal: number) => Promise<void>;
}

export interface IndicatorWeeksResult {
  weeks: number;
  /** Organization snapshots inserted or changed (unchanged rows are not rewritten). */
  snapshots: number;
  /** Snapshots of organizations no longer in an indicator's scope, removed. */
  removedSnapshots: number;
  /** Rollups of inner nodes inserted or changed. */
  rollups: number;
  removedRollups: number;
  /** Tasks of `indicator` actions whose `indicator_status` changed. */
  tasks: number;
}

// One computation at a time per database: the schedule, late data and a retry may overlap.
export const COMPUTE_LOCK_KEY = 7_600_811;
/** Memory for the hashes of a computation (its transaction only); benchmarks give their floor the same. */
export const COMPUTE_WORK_MEM = '64MB';

/**
 * Indicators of active roadmaps (or of :roadmapId only) with their owner's path, the headcount kind
 * their denominator reads and one flag per measure summed into the numerator. Materialized: the flags
 * are computed once per indicator, not once per organization row.
 */
const INDICATORS_CTE = `indicators AS MATERIALIZED (
  SELECT i.id, i.denominator_source, i.organization_kinds, owner.path AS owner_path,
         CASE i.denominator_source WHEN 'students_stat_x2' THEN 'students_stat' WHEN 'sferum_users_total' THEN NULL ELSE i.denominator_source END AS headcount_kind,
         ${MEASURES.map((m) => `i.numerator_measures ? '${m}' AS has_${m}`).join(', ')}
  FROM indicator i
  JOIN roadmap r ON r.id = i.roadmap_id AND r.status = 'active'
  JOIN organization owner ON owner.id = r.owner_organization_id
  WHERE CAST(:roadmapId AS uuid) IS NULL OR r.id = :roadmapId
)`;

/**
 * Weeks computed by one statement: a longer range goes in blocks, which bounds what a statement hashes,
 * sorts and keeps (a whole year in one statement spilled gigabytes to temporary files). Blocks of four
 * and of thirteen weeks measured the same time per week; blocks of one, 1.4× (a year: 176 s against
 * 128 s), as every statement walks the whole primary key once. The four weeks of a block share their
 * pages, so a later read of one of them through the BRIN on the week reads all four; the weekly job
 * computes one week at a time, whose rows fill pages of their own.
 */
const WEEKS_PER_BLOCK = 4;

/** The Mondays :fromWeek…:toWeek (date arithmetic, so the planner knows how many). */
const WEEKS_CTE = `weeks AS (
  SELECT CAST(:fromWeek AS date) + 7 * n AS week_start FROM generate_series(0, (CAST(:toWeek AS date) - CAST(:fromWeek AS date)) / 7) n
)`;

/** The table of (indicator, organization) pairs computed, private to the computing transaction. */
const SCOPE_TABLE = 'pg_temp.indicator_compute_scope';

/**
 * Every organization an indicator applies to: active, of its kinds, inside the roadmap owner's
 * subtree, with what the numerator and denominator need, and the node whose rollup it enters first:
 * an inner node (a department evaluated for its officials) its own, any other its parent. A temporary
 * table, analyzed, because no estimate of the subtree condition exists: with a guess of a few rows the
 * planner would hash the week's hundreds of thousands of rows over and over instead of the reports and
 * headcounts.
 */
const SCOPE_SQL = `
CREATE TEMP TABLE indicator_compute_scope ON COMMIT DROP AS
WITH ${INDICATORS_CTE}
SELECT ind.id AS indicator_id, o.id AS organization_id, o.kind AS organization_kind,
       CASE WHEN o.kind = ANY(CAST(:innerKinds AS text[])) THEN o.id ELSE o.parent_id END AS rollup_parent_id,
       ind.denominator_source, ind.headcount_kind, ${MEASURES.map((m) => `ind.has_${m}`).join(', ')}
FROM indicators ind
CROSS JOIN LATERAL jsonb_array_elements_text(ind.organization_kinds) AS k(kind)
JOIN organization o ON o.kind = k.kind AND o.is_active AND starts_with(o.path, ind.owner_path)`;

/** The stages in force per (indicator, organization kind), private to the computing transaction. */
const TARGETS_TABLE = 'pg_temp.indicator_compute_targets';

/**
 * Each indicator's target stages per organization kind as intervals [valid_from, valid_to): the
 * stages naming the kind or every kind, each until the next of them. A table of its own, analyzed:
 * expanded from the indicators' kind lists in the big statement, its size was guessed at hundreds of
 * times the few rows it has, and the planner sorted the week's rows twice to merge-join it.
 */
const TARGETS_SQL = `
CREATE TEMP TABLE indicator_compute_targets ON COMMIT DROP AS
SELECT t.indicator_id, k.kind, t.target::float8 AS target, t.effective_from AS valid_from,
       coalesce(lead(t.effective_from) OVER (PARTITION BY t.indicator_id, k.kind ORDER BY t.effective_from), 'infinity'::date) AS valid_to
FROM indicator_target t
JOIN indicator i ON i.id = t.indicator_id
CROSS JOIN LATERAL jsonb_array_elements_text(i.organization_kinds) AS k(kind)
WHERE t.indicator_id = ANY(CAST(:indicatorIds AS uuid[])) AND (t.organization_kinds IS NULL OR t.organization_kinds ? k.kind)`;

/** libs/domain `computeNumerator`: the sum of the indicator's measures, null when any is missing. */
function numeratorSql(report: string): string {
  const known = MEASURES.map((m) => `(NOT s.has_${m} OR ${report}.${MEASURE_COLUMNS[m]} IS NOT NULL)`).join(' AND ');
  const sum = MEASURES.map((m) => `CASE WHEN s.has_${m} THEN ${report}.${MEASURE_COLUMNS[m]} ELSE 0 END`).join(' + ');
  return `CASE WHEN ${known} THEN ${sum} END`;
}

/** libs/domain `computeDenominator`: a headcount in force (students × 2: one parent per student) or the week's Sferum total. */
function denominatorSql(report: string, headcount: string): string {
  return `CASE s.denominator_source WHEN 'sferum_users_total' THEN ${report}.sferum_total WHEN 'students_stat_x2' THEN ${headcount} * 2 ELSE ${headcount} END`;
}

/** libs/domain `computeShare`: a double-precision fraction, null for a missing numerator or a missing/zero denominator. */
function shareSql(numerator: string, denominator: string): string {
  return `CASE WHEN ${numerator} IS NOT NULL AND ${denominator} <> 0 THEN (${numerator})::float8 / (${denominator}) END`;
}

/** libs/domain `lacksDenominator`, over columns `denominator_source`, `numerator` and `denominator`. */
const LACKS_DENOMINATOR_SQL = `(coalesce(denominator, 0) = 0 AND (denominator_source <> 'sferum_users_total' OR numerator IS NOT NULL))`;

/**
 * libs/domain `evaluate` (no_target > no_denominator > no_data > met/not_met) over columns `share` and
 * `target`; `lacksDenominator` tells the two kinds of missing share apart (rollups: FALSE).
 */
const statusSql = (lacksDenominator: string) =>
  `CASE WHEN target IS NULL THEN 'no_target' WHEN share IS NULL THEN CASE WHEN ${lacksDenominator} THEN 'no_denominator' ELSE 'no_data' END WHEN share >= target THEN 'met' ELSE 'not_met' END`;
const GAP_SQL = `CASE WHEN target IS NULL OR share IS NULL THEN NULL WHEN share >= target THEN 0::float8 ELSE target - share END`;

/**
 * Ends a subquery the planner must not flatten into its caller: flattened, every reference to a column
 * repeats its whole expression (the share's numerator sum ≈ 14 times per row through status and gap).
 */
const EVALUATED_ONCE = 'OFFSET 0';

const IN_FORCE = (row: string, week: string) => `${week} >= ${row}.valid_from AND ${week} < ${row}.valid_to`;

/** The first Monday on or after a date: the first week a value dated that day is read in. */
const FIRST_MONDAY = (date: string) => `(${date} + (8 - extract(isodow FROM ${date})::int) % 7)`;

/**
 * Headcounts in force on weeks' Mondays as intervals of Mondays [valid_from, valid_to), each with the
 * value of the interval before it: a week and the week before are read with one join. A value
 * superseded before the next Monday is never read and is left out, so the intervals are contiguous
 * and the interval before holds the previous Monday's value whenever this one starts on the week's.
 */
const HEADCOUNTS_CTE = `headcount_mondays AS (
  SELECT organization_id, kind, value, effective_from, ${FIRST_MONDAY('effective_from')} AS valid_from,
         coalesce(lead(${FIRST_MONDAY('effective_from')}) OVER by_key, 'infinity'::date) AS valid_to
  FROM organization_headcount WHERE effective_from <= :toWeek
  WINDOW by_key AS (PARTITION BY organization_id, kind ORDER BY effective_from)
),
headcounts AS (
  SELECT organization_id, kind, value, valid_from, valid_to,
         lag(value) OVER (PARTITION BY organization_id, kind ORDER BY effective_from) AS previous_value
  FROM headcount_mondays WHERE valid_from < valid_to
)`;
/** The headcount \`h\` read for the week before \`week\`. */
const PREVIOUS_HEADCOUNT = (h: string, week: string) => `CASE WHEN ${h}.valid_from <= ${week} - 7 THEN ${h}.value ELSE ${h}.previous_value END`;

const SNAPSHOT_COLUMNS = ['numerator', 'denominator', 'share', 'target', 'status', 'gap', 'change'];
const ROLLUP_COLUMNS = [
  ...SNAPSHOT_COLUMNS,
  'reported_denominator',
  'organizations_total',
  'organizations_reported',
  'organizations_met',
  'organizations_not_met',
  'organizations_no_data',
  'organizations_no_denominator',
];

/**
 * The reports of the weeks, or of the weeks before (\`daysBefore\` 7). Read from the table in each join
 * (by the week index) rather than from one shared CTE: with the table's statistics the planner hashes
 * the reports and streams the (indicator, organization) rows through, instead of hashing those wide
 * rows again at every join.
 */
function reportsSql(daysBefore: number): string {
  return `SELECT organization_id, week_start, ${MEASURES.map((m) => MEASURE_COLUMNS[m]).join(', ')}
    FROM weekly_report WHERE week_start BETWEEN CAST(:fromWeek AS date) - ${daysBefore} AND CAST(:toWeek AS date) - ${daysBefore}`;
}

/** Rows of \`table\` of the indicators computed in the weeks :fromWeek…:toWeek (a primary-key range per indicator). */
const IN_RANGE = (row: string) => `${row}.indicator_id = ANY(CAST(:indicatorIds AS uuid[])) AND ${row}.week_start BETWEEN :fromWeek AND :toWeek`;
const SAME_KEY = (a: string, b: string) => ['indicator_id', 'week_start', 'organization_id'].map((c) => `${a}.${c} = ${b}.${c}`).join(' AND ');

/**
 * Data-modifying CTEs writing the rows of CTE \`source\` into \`table\`, and the count of rows written.
 * Weeks with nothing stored yet (\`stored\` false: the weekly run, a first computation) get a plain
 * INSERT. Otherwise a plain INSERT of the keys not stored yet and an UPDATE of the stored rows whose
 * values differ (a re-run writes nothing); both see the table as it was before the statement, so they
 * touch disjoint keys, and the advisory lock keeps other computations out. Not ON CONFLICT: its
 * speculative insertion probes the primary key once more per row (≈ 1.6× the INSERT's CPU here).
 */
function writeSql(name: string, table: string, source: string, columns: string[], stored: boolean): { ctes: string; written: string } {
  const values = (row: string) => columns.map((c) => `${row}.${c}`).join(', ');
  const inserted = `${name}_inserted AS (
    INSERT INTO ${table} (indicator_id, week_start, organization_id, ${columns.join(', ')}, computed_at)
    SELECT c.indicator_id, c.week_start, c.organization_id, ${values('c')}, :now
    FROM ${source} c
    ${stored ? `WHERE NOT EXISTS (SELECT 1 FROM ${table} x WHERE ${IN_RANGE('x')} AND ${SAME_KEY('x', 'c')})` : ''}
    -- In the order of the primary key (indicator, organization, week): its inserts then walk its pages once, in order.
    ORDER BY c.indicator_id, c.organization_id, c.week_start
    RETURNING 1
  )`;
  if (!stored) return { ctes: inserted, written: `(SELECT count(*) FROM ${name}_inserted)` };
  return {
    ctes: `${inserted},
  ${name}_updated AS (
    UPDATE ${table} t SET (${columns.join(', ')}, computed_at) = (${values('c')}, :now)
    FROM ${source} c
    WHERE ${IN_RANGE('t')} AND ${SAME_KEY('t', 'c')} AND (${values('t')}) IS DISTINCT FROM (${values('c')})
    RETURNING 1
  )`,
    written: `((SELECT count(*) FROM ${name}_inserted) + (SELECT count(*) FROM ${name}_updated))`,
  };
}

/**
 * Whether rollups are stored for the weeks :fromWeek…:toWeek: one probe of their primary key
 * (indicator, week) per indicator, an index page or two whatever the statistics say.
 */
const ROLLUPS_STORED_SQL = `
SELECT EXISTS (
  SELECT 1 FROM unnest(CAST(:indicatorIds AS uuid[])) AS i(id), LATERAL (
    SELECT 1 FROM indicator_rollup x WHERE x.indicator_id = i.id AND x.week_start BETWEEN :fromWeek AND :toWeek ORDER BY x.week_start LIMIT 1
  ) found
) AS stored`;

/**
 * Whether snapshots are stored for the weeks (an indicator may evaluate only roots, which have no
 * rollup), read through the BRIN on the week, which skips the other weeks' page ranges. The other
 * plans are turned off for it: the primary key, led by the indicator, is read whole for a week not
 * stored yet, and a sequential scan expecting an early match reads every week before the one stored.
 */
const SNAPSHOTS_STORED_SQL = `SELECT EXISTS (SELECT 1 FROM indicator_snapshot x WHERE ${IN_RANGE('x')}) AS stored`;

const INDICATOR_IDS_SQL = `WITH ${INDICATORS_CTE} SELECT coalesce(array_agg(id), '{}') AS ids FROM indicators`;

/** Snapshots in the weeks of organizations that left an indicator's scope (closed, moved, kind changed). */
const REMOVE_OUT_OF_SCOPE_SQL = `
WITH removed AS (
  DELETE FROM indicator_snapshot x
  WHERE ${IN_RANGE('x')}
    AND NOT EXISTS (SELECT 1 FROM ${SCOPE_TABLE} s WHERE s.indicator_id = x.indicator_id AND s.organization_id = x.organization_id)
  RETURNING 1
)
SELECT count(*)::int AS removed FROM removed`;

/**
 * One statement for the weeks:
 * - organization snapshots of every (indicator, in-scope organization, week): share, target in force
 *   for the organization's kind, status, gap, and the change against the previous week's share,
 *   computed from that week's data (so a corrected week never leaves its successor's change stale
 *   within a range);
 * - rollups (libs/domain `rollUp`) of every ancestor of the evaluated organizations and of every
 *   evaluated inner node (department, region), from the same rows (not re-read): the numerators of the
 *   organizations with a share over the denominators of all of them, the denominator of those with a
 *   share, the target weighted by denominators, and counts by status. Grouped first by the node each
 *   row enters first, then the (few) groups are added up along that node's path. The previous week's
 *   rollup share comes from the same range, or from the stored rollup for the week before it.
 */
function computeSql(stored: boolean): string {
  const snapshotsWritten = writeSql('snapshots', 'indicator_snapshot', 'snapshots', SNAPSHOT_COLUMNS, stored);
  const rollupsWritten = writeSql('rollups', 'indicator_rollup', 'rollups', ROLLUP_COLUMNS, stored);
  return `
WITH ${WEEKS_CTE},
${HEADCOUNTS_CTE},
computed AS (
  SELECT s.indicator_id, w.week_start, s.organization_id, s.rollup_parent_id, s.denominator_source,
         ${numeratorSql('r')} AS numerator, ${denominatorSql('r', 'h.value')} AS denominator,
         ${numeratorSql('pr')} AS previous_numerator, ${denominatorSql('pr', PREVIOUS_HEADCOUNT('h', 'w.week_start'))} AS previous_denominator,
         t.target
  FROM ${SCOPE_TABLE} s CROSS JOIN weeks w
  LEFT JOIN (${reportsSql(0)}) r ON r.organization_id = s.organization_id AND r.week_start = w.week_start
  LEFT JOIN (${reportsSql(7)}) pr ON pr.organization_id = s.organization_id AND pr.week_start = w.week_start - 7
  LEFT JOIN headcounts h ON h.organization_id = s.organization_id AND h.kind = s.headcount_kind AND ${IN_FORCE('h', 'w.week_start')}
  LEFT JOIN ${TARGETS_TABLE} t ON t.indicator_id = s.indicator_id AND t.kind = s.organization_kind AND ${IN_FORCE('t', 'w.week_start')}
  ${EVALUATED_ONCE}
),
shares AS (
  SELECT indicator_id, week_start, organization_id, rollup_parent_id, denominator_source, numerator, denominator, target,
         ${shareSql('numerator', 'denominator')} AS share,
         ${shareSql('previous_numerator', 'previous_denominator')} AS previous_share
  FROM computed
  ${EVALUATED_ONCE}
),
snapshots AS (
  SELECT indicator_id, week_start, organization_id, rollup_parent_id, numerator, denominator, share, target,
         ${statusSql(LACKS_DENOMINATOR_SQL)} AS status, ${GAP_SQL} AS gap, share - previous_share AS change
  FROM shares
),
${snapshotsWritten.ctes},
by_parent AS (
  SELECT indicator_id, week_start, rollup_parent_id,
         sum(numerator) FILTER (WHERE share IS NOT NULL) AS numerator,
         sum(denominator) AS denominator,
         sum(denominator) FILTER (WHERE share IS NOT NULL) AS reported_denominator,
         min(target) AS min_target, max(target) AS max_target,
         sum(target * denominator) FILTER (WHERE denominator > 0) AS weighted_target,
         sum(denominator) FILTER (WHERE target IS NOT NULL AND denominator > 0) AS target_weight,
         count(*) AS total,
         count(*) FILTER (WHERE share IS NOT NULL) AS with_share,
         count(*) FILTER (WHERE numerator IS NOT NULL) AS reported,
         count(*) FILTER (WHERE status = 'met') AS met,
         count(*) FILTER (WHERE status = 'not_met') AS not_met,
         count(*) FILTER (WHERE status = 'no_data') AS no_data,
         count(*) FILTER (WHERE status = 'no_denominator') AS no_denominator
  FROM snapshots
  WHERE rollup_parent_id IS NOT NULL
  GROUP BY indicator_id, week_start, rollup_parent_id
),
by_node AS (
  SELECT b.indicator_id, b.week_start, node.id::uuid AS organization_id,
         coalesce(sum(b.numerator), 0)::bigint AS numerator, coalesce(sum(b.denominator), 0)::bigint AS denominator,
         coalesce(sum(b.reported_denominator), 0)::bigint AS reported_denominator,
         -- libs/domain rollupTarget: the common target, else the mean weighted by denominators, else the highest.
         CASE WHEN min(b.min_target) = max(b.max_target) THEN min(b.min_target)
              WHEN sum(b.target_weight) > 0 THEN sum(b.weighted_target) / sum(b.target_weight)
              ELSE max(b.max_target) END AS target,
         sum(b.total)::int AS organizations_total, sum(b.with_share) AS with_share, sum(b.reported)::int AS organizations_reported, sum(b.met)::int AS organizations_met,
         sum(b.not_met)::int AS organizations_not_met, sum(b.no_data)::int AS organizations_no_data, sum(b.no_denominator)::int AS organizations_no_denominator
  FROM by_parent b
  JOIN organization p ON p.id = b.rollup_parent_id
  CROSS JOIN LATERAL unnest(string_to_array(btrim(p.path, '/'), '/')) AS node(id)
  GROUP BY b.indicator_id, b.week_start, node.id
),
node_shares AS (
  -- No share while nobody has one: nobody reported is no data, not 0 %.
  SELECT *, CASE WHEN with_share > 0 THEN ${shareSql('numerator', 'denominator')} END AS share FROM by_node
),
node_evaluated AS (
  SELECT *, ${statusSql('FALSE')} AS status, ${GAP_SQL} AS gap FROM node_shares
),
rollups AS (
  SELECT c.*, c.share - CASE WHEN c.week_start = :fromWeek THEN stored.share ELSE previous.share END AS change
  FROM node_evaluated c
  LEFT JOIN node_evaluated previous ON previous.indicator_id = c.indicator_id AND previous.organization_id = c.organization_id AND previous.week_start = c.week_start - 7
  LEFT JOIN indicator_rollup stored ON stored.indicator_id = c.indicator_id AND stored.organization_id = c.organization_id AND stored.week_start = c.week_start - 7
),
${rollupsWritten.ctes}${
    stored
      ? `,
rollups_removed AS (
  DELETE FROM indicator_rollup x
  WHERE ${IN_RANGE('x')}
    AND NOT EXISTS (SELECT 1 FROM rollups c WHERE c.indicator_id = x.indicator_id AND c.week_start = x.week_start AND c.organization_id = x.organization_id)
  RETURNING 1
)`
      : ''
  }
SELECT ${snapshotsWritten.written}::int AS snapshots, ${rollupsWritten.written}::int AS rollups,
       ${stored ? '(SELECT count(*) FROM rollups_removed)' : '0'}::int AS "removedRollups"`;
}

/**
 * The week after the range keeps a change computed against the old values of the range's last week:
 * re-base it on the new ones (only rows whose change differs are written).
 */
const NEXT_WEEK_CHANGE_SQL = `
WITH snapshots AS (
  UPDATE indicator_snapshot n SET change = n.share - x.share
  FROM indicator_snapshot x
  WHERE n.indicator_id = ANY(CAST(:indicatorIds AS uuid[])) AND x.indicator_id = n.indicator_id AND x.organization_id = n.organization_id
    AND n.week_start = CAST(:toWeek AS date) + 7 AND x.week_start = :toWeek
    AND n.change IS DISTINCT FROM n.share - x.share
  RETURNING 1
),
rollups AS (
  UPDATE indicator_rollup n SET change = n.share - x.share
  FROM indicator_rollup x
  WHERE n.indicator_id = ANY(CAST(:indicatorIds AS uuid[])) AND x.indicator_id = n.indicator_id AND x.organization_id = n.organization_id
    AND n.week_start = CAST(:toWeek AS date) + 7 AND x.week_start = :toWeek
    AND n.change IS DISTINCT FROM n.share - x.share
  RETURNING 1
)
SELECT (SELECT count(*) FROM snapshots)::int + (SELECT count(*) FROM rollups)::int AS updated`;

/**
 * Weekly status of the tasks of `indicator` actions: the worst status of the action's indicators for
 * the organization and week (not_met > no_data > no_denominator > met; no_target ignored; null when
 * nothing is evaluated). A task of an inner node (the department answers for its district reaching the
 * target) is judged on the node's rollup, any other on the organization's snapshot.
 */
const TASKS_SQL = `
WITH ${WEEKS_CTE},
actions AS (
  SELECT a.id, a.roadmap_id, a.indicator_codes
  FROM roadmap_action a JOIN roadmap r ON r.id = a.roadmap_id AND r.status = 'active'
  WHERE a.result_type = 'indicator' AND (CAST(:roadmapId AS uuid) IS NULL OR r.id = :roadmapId)
),
periods AS (SELECT week_start, to_char(week_start, 'IYYY-"W"IW') AS period_key FROM weeks),
rollups AS (
  SELECT indicator_id, organization_id, week_start, status FROM indicator_rollup x WHERE ${IN_RANGE('x')}
),
results AS (
  SELECT * FROM rollups
  UNION ALL
  SELECT x.indicator_id, x.organization_id, x.week_start, x.status
  FROM indicator_snapshot x
  WHERE ${IN_RANGE('x')}
    AND NOT EXISTS (SELECT 1 FROM rollups r WHERE r.indicator_id = x.indicator_id AND r.organization_id = x.organization_id AND r.week_start = x.week_start)
),
statuses AS (
  SELECT a.id AS action_id, x.organization_id, p.period_key,
         CASE WHEN bool_or(x.status = 'not_met') THEN 'not_met' WHEN bool_or(x.status = 'no_data') THEN 'no_data'
              WHEN bool_or(x.status = 'no_denominator') THEN 'no_denominator' WHEN bool_or(x.status = 'met') THEN 'met' END AS status
  FROM actions a
  JOIN indicator i ON i.roadmap_id = a.roadmap_id AND a.indicator_codes ? i.code
  JOIN results x ON x.indicator_id = i.id
  JOIN periods p ON p.week_start = x.week_start
  GROUP BY a.id, x.organization_id, p.period_key
),
wanted AS (
  SELECT k.id, st.status
  FROM task k
  JOIN actions a ON a.id = k.action_id
  JOIN periods p ON p.period_key = k.period_key
  LEFT JOIN statuses st ON st.action_id = k.action_id AND st.organization_id = k.organization_id AND st.period_key = k.period_key
),
updated AS (
  UPDATE task k SET indicator_status = wanted.status
  FROM wanted WHERE k.id = wanted.id AND k.indicator_status IS DISTINCT FROM wanted.status
  RETURNING 1
)
SELECT count(*)::int AS updated FROM updated`;

function assertMonday(date: string, name: string): LocalDate {
  const parsed = parseLocalDate(date);
  if (isoWeekday(parsed) !== 1) throw new RangeError(`${name} must be a Monday: ${date}`);
  return parsed;
}

/**
 * Computes weeks `from`…`to` of every indicator of every active roadmap (or one roadmap): organization
 * snapshots, rollups of inner nodes and the weekly status of indicator tasks, in a handful of
 * set-based statements for the whole range. Idempotent: re-running leaves exactly one row per key and
 * rewrites nothing that did not change. Run it inside a transaction (the lock is transaction-scoped).
 */
export async function computeIndicatorWeeks(manager: EntityManager, options: IndicatorWeeksOptions): Promise<IndicatorWeeksResult> {
  // The lock and the scope table live as long as the transaction: without one they would vanish after a statement.
  if (!manager.queryRunner?.isTransactionActive) throw new Error('computeIndicatorWeeks runs inside a transaction');
  const fromWeek = assertMonday(options.from, 'from');
  const toWeek = assertMonday(options.to ?? options.from, 'to');
  if (toWeek < fromWeek) throw new RangeError(`to (${toWeek}) is before from (${fromWeek})`);
  const parameters = { fromWeek, toWeek, roadmapId: options.roadmapId ?? null, now: options.now, indicatorIds: [] as string[], innerKinds: [...INNER_ORGANIZATION_KINDS] };
  const run = async <T>(sql: string, weeks: { fromWeek: LocalDate; toWeek: LocalDate } = { fromWeek, toWeek }): Promise<T> => {
    const [query, values] = manager.connection.driver.escapeQueryWithParameters(sql, { ...parameters, ...weeks }, {});
    const rows: T[] = await manager.query(query, values);
    return rows[0];
  };
  await manager.query('SELECT pg_advisory_xact_lock($1)', [COMPUTE_LOCK_KEY]);
  // The joins hash a week's (or a year's) reports and headcounts: give them memory for this transaction only.
  await manager.query(`SELECT set_config('work_mem', $1, true)`, [COMPUTE_WORK_MEM]);
  // Compiling the big statements' expressions (JIT) costs ≈ 0.3 s per run and earns less than that back.
  await manager.query(`SELECT set_config('jit', 'off', true)`);
  await manager.query(`DROP TABLE IF EXISTS ${SCOPE_TABLE}`);
  await run(SCOPE_SQL);
  // Statistics of the columns the joins and groupings use; the per-indicator flags are constant per indicator.
  await manager.query(`ANALYZE ${SCOPE_TABLE} (indicator_id, organization_id, organization_kind, rollup_parent_id, headcount_kind)`);
  ({ ids: parameters.indicatorIds } = await run<{ ids: string[] }>(INDICATOR_IDS_SQL));
  await manager.query(`DROP TABLE IF EXISTS ${TARGETS_TABLE}`);
  await run(TARGETS_SQL);
  await manager.query(`ANALYZE ${TARGETS_TABLE}`);
  const storedIn = async (weeks: { fromWeek: LocalDate; toWeek: LocalDate }): Promise<boolean> => {
    if ((await run<{ stored: boolean }>(ROLLUPS_STORED_SQL, weeks)).stored) return true;
    const plans = (enabled: 'on' | 'off') =>
      manager.query(`SELECT ${['enable_seqscan', 'enable_indexscan', 'enable_indexonlyscan'].map((plan) => `set_config('${plan}', '${enabled}', true)`).join(', ')}`);
    await plans('off');
    const { stored } = await run<{ stored: boolean }>(SNAPSHOTS_STORED_SQL, weeks);
    await plans('on');
    return stored;
  };
  // Stored weeks are joined with the computed ones as sets. The statistics are often stale for them
  // (the weeks written last are past the histogram until autovacuum analyzes a large table again), and
  // a plan for a few rows ran a year's re-run over the whole table at every block: analyze first.
  if (await storedIn({ fromWeek, toWeek })) await manager.query('ANALYZE indicator_snapshot, indicator_rollup');
  // Hash joins stay right whatever the estimates; nothing below needs a nested loop but over a few rows.
  await manager.query(`SELECT set_config('enable_nestloop', 'off', true)`);
  const { removed: removedSnapshots } = await run<{ removed: number }>(REMOVE_OUT_OF_SCOPE_SQL);
  let snapshots = 0;
  let rollups = 0;
  let removedRollups = 0;
  const weeksTotal = daysBetween(fromWeek, toWeek) / 7 + 1;
  // Block after block in week order: each block's first week reads the rollups the block before stored.
  for (let blockFrom = fromWeek; blockFrom <= toWeek; blockFrom = addDays(blockFrom, 7 * WEEKS_PER_BLOCK)) {
    const block = { fromWeek: blockFrom, toWeek: [addDays(blockFrom, 7 * (WEEKS_PER_BLOCK - 1)), toWeek].sort()[0] };
    const written = await run<{ snapshots: number; rollups: number; removedRollups: number }>(computeSql(await storedIn(block)), block);
    // Page ranges filled since the BRIN was last summarized match every week until they are: summarize
    // them now rather than at autovacuum's pace, so that the next reads of a week skip them.
    if (written.snapshots > 0) await manager.query(`SELECT brin_summarize_new_values('"IDX_indicator_snapshot_week"'::regclass)`);
    snapshots += written.snapshots;
    rollups += written.rollups;
    removedRollups += written.removedRollups;
    await options.onProgress?.(daysBetween(fromWeek, block.toWeek) / 7 + 1, weeksTotal);
  }
  await manager.query(`SELECT set_config('enable_nestloop', 'on', true)`);
  await run(NEXT_WEEK_CHANGE_SQL);
  const { updated: tasks } = await run<{ updated: number }>(TASKS_SQL);
  return { weeks: weeksTotal, snapshots, removedSnapshots, rollups, removedRollups, tasks };
}
