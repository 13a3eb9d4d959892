import type { Readable } from 'node:stream';
import type { ClientBase } from 'pg';
import { revisionColumns } from '@karta/db';
import { type LocalDate, MEASURES, type Measure, type MeasureLimit } from '@karta/domain';
import { cellText, parseCountCell, parseWeekCell, plainCount, type SheetCell } from './cells';
import { WeeklySheetError } from './errors';
import { CODE_HEADER, MEASURE_HEADERS, mapHeader, type SheetColumns, WEEK_HEADER } from './layout';
import { readSheetRowRuns, type WeeklySheetFormat } from './read';

/** Whose file it is and what it may touch. */
export interface WeeklySheetTarget {
  /** The `weekly_import` row: issues hang off it and it is marked done in the same transaction. */
  importId: string;
  roadmapId: string;
  /** Rows for organizations outside this subtree are rejected; `null` = every organization (administrators). */
  scopeOrganizationId: string | null;
  /** Author of the reports and revisions. */
  userId: string | null;
  /** Monday of the current week (Europe/Moscow): later weeks are rejected. */
  currentWeek: LocalDate;
}

export interface WeeklySheetProgress {
  /** `applying`: after each batch is judged and applied; `finishing`: every row done, counting up. */
  phase: 'applying' | 'finishing';
  /** Data rows read and applied or rejected so far. */
  processedRows: number;
  /** Known once the whole file was read. */
  totalRows: number | null;
}

export interface WeeklySheetResult {
  totalRows: number;
  appliedRows: number;
  unchangedRows: number;
  rejectedRows: number;
  /** Valid rows left alone because their report changed after the file was uploaded (`outdated`). */
  skippedRows: number;
  /** Mondays of the weeks whose reports changed (to recompute). */
  weeks: LocalDate[];
}

/**
 * Reasons in the row report (`weekly_import_issue.reason`), in the order a row's issues are reported:
 * faults reject the row; `outdated` is the one reason of a valid row skipped because its report changed
 * after the upload.
 */
const REASONS = [
  'missing_code',
  'unknown_organization',
  'outside_scope',
  'invalid_week',
  'week_outside_roadmap',
  'duplicate_row',
  'not_a_count',
  'exceeds_denominator',
  'outdated',
] as const;

export type WeeklySheetReason = (typeof REASONS)[number];

/** What each ceiling is called in a row report («… больше предела — <label> N»). */
const LIMIT_LABELS: Readonly<Record<MeasureLimit, string>> = {
  staff_stat: 'численность работников по формам статнаблюдения',
  students_stat: 'численность обучающихся по формам статнаблюдения',
  actual_headcount_ministry: 'фактическая численность по данным Минпросвещения',
  sferum_total: 'пользователей «Сферума» всего',
};

const COUNT_PROBLEMS = {
  not_a_number: (text: string) => `«${text}» — не число`,
  negative: (text: string) => `отрицательное число (${text})`,
  fractional: (text: string) => `дробное число (${text}), нужно целое`,
  too_large: (text: string) => `слишком большое число (${text})`,
} as const;

/**
 * A batch goes to PostgreSQL as soon as it is idle and at least this many rows wait: while it judges
 * and applies one batch, the next one is read and parsed, so the two cores work at once, and the
 * first batch starts early. Organizations and headcounts are looked up by index, so a small batch
 * costs about as much per row as a big one.
 */
const MIN_BATCH_ROWS = 1_000;
/** When PostgreSQL is slower than the reader, reading waits once this many rows are staged. */
const MAX_BATCH_ROWS = 50_000;

/** A count cell that is not a count travels to SQL as this (counts are ≥ 0): the row is rejected, and no ceiling is checked with that measure. */
const UNREADABLE = -1;

/** Issues found while reading rows, kept column-wise for one `unnest` insert. */
class RowIssues {
  rows: number[] = [];
  columns: (string | null)[] = [];
  codes: (string | null)[] = [];
  reasons: WeeklySheetReason[] = [];
  messages: string[] = [];

  add(row: number, column: string | null, code: string, reason: WeeklySheetReason, message: string): void {
    this.rows.push(row);
    this.columns.push(column);
    this.codes.push(code ? code.slice(0, 64) : null);
    this.reasons.push(reason);
    this.messages.push(message);
  }

  /** Hands the collected issues over (for one batch's insert) and starts afresh. */
  take(): [number[], (string | null)[], (string | null)[], WeeklySheetReason[], string[]] {
    const taken: [number[], (string | null)[], (string | null)[], WeeklySheetReason[], string[]] = [this.rows, this.columns, this.codes, this.reasons, this.messages];
    this.rows = [];
    this.columns = [];
    this.codes = [];
    this.reasons = [];
    this.messages = [];
    return taken;
  }
}

/** An element of a PostgreSQL array literal. */
function arrayElement<T extends number | string>(value: T | null): T | 'NULL' {
  return value === null ? 'NULL' : value;
}

/** Codes are joined quoted (`{"a","b"}`); only a code with a quote or a backslash needs escaping. */
function quotedContent(text: string): string {
  return /["\\]/.test(text) ? text.replace(/["\\]/g, '\\$&') : text;
}

/**
 * Every data row, column-wise, handed over as PostgreSQL array literals for SQL to judge what reading
 * could not (built here rather than by the driver element by element: the reader's thread is the one
 * that parses the file). A row that failed a check of its own travels too, with an empty code, no week
 * or `UNREADABLE` counts, so SQL checks whatever of it is readable. A row repeating an earlier row's
 * organization code and week carries that row's number: one code is one organization, so this is the
 * duplicate check, done once here instead of looked up in SQL for every batch.
 */
class StagedRows {
  /** Week → organization code → first row with both. */
  private readonly firstRowOf = new Map<LocalDate, Map<string, number>>();
  private rows: number[] = [];
  private codes: string[] = [];
  private weeks: (LocalDate | 'NULL')[] = [];
  private firstRows: (number | string)[] = [];
  /** One column per measure, in `MEASURES` order. */
  private measures: (number | string)[][] = MEASURES.map(() => []);

  get size(): number {
    return this.rows.length;
  }

  /** `code` empty and `week` null when the row has none; `values` in `MEASURES` order, read at once (the caller reuses the array). */
  add(row: number, code: string, week: LocalDate | null, values: readonly (number | null)[]): void {
    let first: number | undefined;
    if (code && week) {
      let firstRows = this.firstRowOf.get(week);
      if (!firstRows) this.firstRowOf.set(week, (firstRows = new Map()));
      first = firstRows.get(code);
      if (first === undefined) firstRows.set(code, row);
    }
    this.rows.push(row);
    this.codes.push(code);
    this.weeks.push(arrayElement(week));
    this.firstRows.push(arrayElement(first ?? null));
    for (let index = 0; index < values.length; index++) this.measures[index].push(arrayElement(values[index]));
  }

  /** Row numbers, codes, weeks, first rows, then the measures (`$6`… of `BATCH_SQL`); starts afresh, duplicates are still found across batches. */
  take(): string[] {
    const literals = [
      `{${this.rows.join(',')}}`,
      this.codes.length ? `{"${this.codes.map(quotedContent).join('","')}"}` : '{}',
      `{${this.weeks.join(',')}}`,
      `{${this.firstRows.join(',')}}`,
      ...this.measures.map((column) => `{${column.join(',')}}`),
    ];
    this.rows = [];
    this.codes = [];
    this.weeks = [];
    this.firstRows = [];
    this.measures = MEASURES.map(() => []);
    return literals;
  }
}

function isBlank(cells: readonly SheetCell[]): boolean {
  for (const cell of cells) if (cell !== null && !(typeof cell === 'string' && cell.trim() === '')) return false;
  return true;
}

/** Where each measure of `MEASURES` is in a row (-1: no such column). */
function measureIndexes(columns: SheetColumns): number[] {
  return MEASURES.map((measure) => columns.measures.find((column) => column.measure === measure)?.index ?? -1);
}

/** Mondays of the week cells seen so far (a file names a handful of weeks). */
class WeekCells {
  private readonly byValue = new Map<string | number | null, LocalDate | null>();
  private readonly byDate = new Map<number, LocalDate | null>();

  weekOf(cell: SheetCell): LocalDate | null {
    const cache = cell instanceof Date ? this.byDate : this.byValue;
    const key = cell instanceof Date ? cell.getTime() : cell;
    let week = (cache as Map<unknown, LocalDate | null>).get(key);
    if (week === undefined) {
      week = parseWeekCell(cell);
      (cache as Map<unknown, LocalDate | null>).set(key, week);
    }
    return week;
  }
}

/**
 * Checks one data row on its own (code present, week, counts), records its issues and stages it, faulty
 * or not, for SQL to check the rest. `values` is scratch space of `MEASURES.length`.
 */
function stageRow(
  rowNumber: number,
  cells: readonly SheetCell[],
  columns: SheetColumns,
  measureAt: readonly number[],
  staged: StagedRows,
  issues: RowIssues,
  weeks: WeekCells,
  values: (number | null)[],
): void {
  const code = cellText(cells[columns.code] ?? null);
  if (!code) issues.add(rowNumber, CODE_HEADER, '', 'missing_code', 'Не указан код организации');
  const weekCell = cells[columns.week] ?? null;
  const week = weeks.weekOf(weekCell);
  if (!week) {
    const text = cellText(weekCell);
    issues.add(rowNumber, WEEK_HEADER, code, 'invalid_week', text ? `Неделя «${text}» не распознана: укажите неделю (2025-W36) или дату (01.09.2025)` : 'Не указана неделя');
  }
  for (let measure = 0; measure < measureAt.length; measure++) {
    const index = measureAt[measure];
    const cell = index < 0 ? null : (cells[index] ?? null);
    const plain = plainCount(cell);
    if (plain !== undefined) {
      values[measure] = plain;
      continue;
    }
    const parsed = parseCountCell(cell);
    values[measure] = parsed.ok ? parsed.value : UNREADABLE;
    if (!parsed.ok) {
      const header = MEASURE_HEADERS[MEASURES[measure]];
      issues.add(rowNumber, header, code, 'not_a_count', `«${header}»: ${COUNT_PROBLEMS[parsed.problem](parsed.text)}`);
    }
  }
  staged.add(rowNumber, code, week, values);
}

const HEADCOUNT_KINDS = ['staff_stat', 'students_stat', 'actual_headcount_ministry'] as const;

/** The first week the roadmap collects numbers (its weekly indicator actions' earliest start) and the scope root's path. */
const BOUNDS_SQL = `SELECT
  (SELECT min(date_trunc('week', (a.schedule->>'startDate')::date))::date::text FROM roadmap_action a
   WHERE a.roadmap_id = $1 AND a.result_type = 'indicator' AND a.schedule->>'kind' = 'weekly'
     AND a.schedule->>'startDate' ~ '^\\d{4}-\\d{2}-\\d{2}$') AS first_week,
  (SELECT path FROM organization WHERE id = $2::uuid) AS scope_path`;

/**
 * The SQL form of `checkWeeklyValues` (libs/domain): each value of the report as it will be stored
 * against its ceiling; a missing value or ceiling checks nothing. An integration test proves both agree.
 */
const EXCEEDS = `(${[
  'new_staff_wrote > staff_stat',
  'new_students_active > students_stat',
  'new_parents_active > students_stat',
  'new_sferum_in_max > new_sferum_total',
  'new_officials_wrote > actual_headcount_ministry',
]
  .map((comparison) => `coalesce(${comparison}, false)`)
  .join(' OR ')})`;

const WEEK_KEY = (column: string) => `to_char(${column}, 'IYYY-"W"IW')`;

const CEILINGS: readonly [Measure, string, MeasureLimit][] = [
  ['staff_wrote', 'staff_stat', 'staff_stat'],
  ['students_active', 'students_stat', 'students_stat'],
  ['parents_active', 'students_stat', 'students_stat'],
  ['sferum_in_max', 'new_sferum_total', 'sferum_total'],
  ['officials_wrote', 'actual_headcount_ministry', 'actual_headcount_ministry'],
];

/** The code and week headers, then each ceiling's measure header and label (`$21`… of `BATCH_SQL`). */
const ISSUE_LABELS = [CODE_HEADER, WEEK_HEADER, ...CEILINGS.flatMap(([measure, , limit]) => [MEASURE_HEADERS[measure], LIMIT_LABELS[limit]])];

/** Parameters of `BATCH_SQL` after the staged rows' columns ($6…$15): the row checks' issues, the code and week headers, then the ceiling labels. */
const ISSUES_AT = 10 + MEASURES.length;
const HEADERS_AT = ISSUES_AT + 5;
const LABELS_AT = HEADERS_AT + 2;

/** Rows that change their report: valid, different from it, and the report not changed after the upload. */
const APPLIED = 'NOT rejected AND differs AND NOT outdated';

/** The changed reports of the batch, completed by `IS NULL` (new ones) or `IS NOT NULL` (stored ones). */
const WRITE_REPORTS = `INSERT INTO weekly_report (organization_id, week_start, ${MEASURES.join(', ')}, source, updated_by, import_id, version, created_at, updated_at)
  SELECT organization_id, week_start, ${MEASURES.map((m) => `new_${m}`).join(', ')}, 'import', $2, $1, coalesce(old_version, 0) + 1, now(), now()
  FROM verdict WHERE ${APPLIED} AND old_version IS`;

/**
 * One batch in one statement: every row judged on whatever of it is readable, all its faults at once —
 * organization by code, scope, the roadmap's weeks, duplicates (found while reading), the stored report
 * — locked, so an entry saved meanwhile waits for this import and is never overwritten unseen — merged
 * with the file's values (an empty cell keeps the stored one, an unreadable one is no value), the
 * headcounts in force on the week's Monday, ceilings (only for an organization of the scope and a known
 * week: nothing is said about a ceiling that cannot be known); a row with any fault, found here or
 * while reading, is rejected whole. A valid row whose report was changed after this file was uploaded
 * — by hand, through the API, or by a file uploaded later — is skipped as `outdated`: an older upload never
 * replaces newer data. The other rows' changed reports written with one revision each (before and after
 * of the measures that changed); every issue reported, a row's in `REASONS` order; the batch's counts
 * answered.
 * $1 import, $2 author, $3 first week of the roadmap, $4 scope path (null = everywhere), $5 current
 * week, $6… the staged rows' columns as array literals, then the row checks' issues, the code and week
 * headers and the ceiling labels.
 */
const BATCH_SQL = `WITH located AS (
  SELECT s.*, o.id AS organization_id,
    s.code <> '' AND o.id IS NULL AS unknown_organization,
    NOT coalesce(o.in_scope, true) AS outside_scope,
    s.week_start IS NOT NULL AND ($3::date IS NULL OR s.week_start < $3::date OR s.week_start > $5::date) AS week_outside_roadmap,
    -- What reading found (reported from its issues): no code, no week, a count that is not one.
    s.code = '' OR s.week_start IS NULL OR coalesce(least(${MEASURES.map((m) => `s.${m}`).join(', ')}) = ${UNREADABLE}, false) AS unreadable,
    -- An organization of the scope and a week: its stored report and headcounts are read, the ceilings checked.
    coalesce(o.in_scope, false) AND s.week_start IS NOT NULL AS known
  FROM unnest($6::int[], $7::text[], $8::date[], $9::int[], ${MEASURES.map((_, index) => `$${10 + index}::int[]`).join(', ')})
    AS s(row_no, code, week_start, first_row, ${MEASURES.join(', ')})
  -- One index search per row (LIMIT keeps it a lookup): no batch pays for hashing every organization.
  LEFT JOIN LATERAL (
    SELECT o.id, $4::text IS NULL OR starts_with(o.path, $4::text) AS in_scope FROM organization o WHERE o.code = s.code AND s.code <> '' LIMIT 1
  ) o ON true
),
-- Locked for every known row, faulty ones included (they are checked against it). Only a row without
-- faults is written, and such a row is the file's first with its organization and week, so no report is written twice.
-- When the stored values date from: for values a file brought, that file's upload (the data are as old
-- as the file, however late it was applied); for values saved by hand or through the API, their save
-- (updated_at). Not updated_at alone: an upload applied after a later one would see the later one's
-- values as older than itself only by when they happened to be applied.
stored AS (
  SELECT l.row_no, wr.*, coalesce(wi.created_at, wr.updated_at) AS dated
  FROM located l
  JOIN weekly_report wr ON wr.organization_id = l.organization_id AND wr.week_start = l.week_start
  LEFT JOIN weekly_import wi ON wi.id = wr.import_id AND wr.source = 'import'
  WHERE l.known
  FOR UPDATE OF wr
),
judged AS (
  SELECT l.row_no, l.code, l.organization_id, l.week_start, l.first_row, l.unknown_organization, l.outside_scope, l.week_outside_roadmap,
    l.unreadable, l.known, wr.version AS old_version, wr.source AS old_source, wr.dated AS old_dated,
    ${MEASURES.map((m) => `wr.${m} AS old_${m}`).join(', ')},
    ${MEASURES.map((m) => `nullif(coalesce(l.${m}, wr.${m}), ${UNREADABLE}) AS new_${m}`).join(', ')},
    ${HEADCOUNT_KINDS.map((kind) => `hc.${kind}`).join(', ')}
  FROM located l
  LEFT JOIN stored wr ON wr.row_no = l.row_no
  -- The value of each headcount with the latest start on or before the week's Monday, from one index
  -- range of the organization's headcounts: start and value packed into one bigint (value ≥ 0 < 2³¹),
  -- so max() compares integers and the low 32 bits are the value.
  CROSS JOIN LATERAL (
    SELECT ${HEADCOUNT_KINDS.map((kind) => `(max((h.effective_from - DATE '1970-01-01')::bigint << 32 | h.value) FILTER (WHERE h.kind = '${kind}') & 4294967295)::int AS ${kind}`).join(',\n      ')}
    FROM organization_headcount h
    WHERE l.known AND h.organization_id = l.organization_id AND h.effective_from <= l.week_start
  ) hc
),
verdict AS (
  SELECT *, unreadable OR unknown_organization OR outside_scope OR week_outside_roadmap OR first_row IS NOT NULL OR (known AND ${EXCEEDS}) AS rejected,
    ${MEASURES.map((m) => `new_${m} IS DISTINCT FROM old_${m}`).join(' OR ')} AS differs,
    -- Equal times are not later: a file's own writes are dated by its upload.
    coalesce(old_dated > (SELECT created_at FROM weekly_import WHERE id = $1), false) AS outdated
  FROM judged
),
-- New reports by a plain insert: one created by someone else after this statement began violates the
-- primary key, and the import rolls back for the queue to retry rather than overwrite it unseen.
inserted AS (
  ${WRITE_REPORTS} NULL
),
-- Stored reports (locked above) through their primary key, whatever the planner thinks of the batch.
updated AS (
  ${WRITE_REPORTS} NOT NULL
  ON CONFLICT (organization_id, week_start) DO UPDATE SET
    ${MEASURES.map((m) => `${m} = EXCLUDED.${m}`).join(', ')},
    source = 'import', updated_by = EXCLUDED.updated_by, import_id = EXCLUDED.import_id, version = EXCLUDED.version, updated_at = now()
),
revised AS (
  INSERT INTO weekly_report_revision (organization_id, week_start, ${MEASURES.flatMap(revisionColumns).join(', ')}, source, author_id, import_id)
  SELECT organization_id, week_start,
    ${MEASURES.map((m) => `CASE WHEN old_${m} IS DISTINCT FROM new_${m} THEN old_${m} END, CASE WHEN old_${m} IS DISTINCT FROM new_${m} THEN new_${m} END`).join(',\n    ')},
    'import', $2, $1
  FROM verdict WHERE ${APPLIED}
),
reported AS (
  INSERT INTO weekly_import_issue (import_id, row_number, "column", organization_code, reason, message)
  SELECT $1, i.row_no, i.col, i.code, i.reason, i.message FROM (
    SELECT * FROM unnest($${ISSUES_AT}::int[], $${ISSUES_AT + 1}::text[], $${ISSUES_AT + 2}::text[], $${ISSUES_AT + 3}::text[], $${ISSUES_AT + 4}::text[]) WITH ORDINALITY AS t(row_no, col, code, reason, message, ord)
    UNION ALL
    SELECT v.row_no, x.col, nullif(left(v.code, 64), ''), x.reason, x.message, x.ord
    FROM verdict v
    CROSS JOIN LATERAL (VALUES
      (v.unknown_organization, $${HEADERS_AT}::text, 'unknown_organization', format('Организация с кодом «%s» не найдена', v.code), 0),
      (v.outside_scope, $${HEADERS_AT}::text, 'outside_scope', format('Организация «%s» не входит в вашу область: загружать можно только данные своих организаций', v.code), 0),
      (v.week_outside_roadmap, $${HEADERS_AT + 1}::text, 'week_outside_roadmap', CASE WHEN $3::date IS NULL
        THEN 'В дорожной карте нет еженедельных показателей'
        ELSE format('Неделя %s вне дорожной карты: принимаются недели с %s по текущую (%s)', ${WEEK_KEY('v.week_start')}, ${WEEK_KEY('$3::date')}, ${WEEK_KEY('$5::date')}) END, 0),
      (v.first_row IS NOT NULL, NULL, 'duplicate_row', format('Повтор: организация «%s» и неделя %s уже есть в строке %s', v.code, ${WEEK_KEY('v.week_start')}, v.first_row), 0),
      ${CEILINGS.map(
        ([measure, ceiling], index) =>
          `(v.known AND v.new_${measure} > v.${ceiling}, $${LABELS_AT + index * 2}::text, 'exceeds_denominator', format('«%s»: %s больше предела — %s %s', $${LABELS_AT + index * 2}::text, v.new_${measure}, $${LABELS_AT + 1 + index * 2}::text, v.${ceiling}), ${index})`,
      ).join(',\n      ')}
    ) AS x(fault, col, reason, message, ord)
    WHERE v.rejected AND x.fault
    UNION ALL
    SELECT v.row_no, NULL, nullif(left(v.code, 64), ''), 'outdated',
      format('Данные организации за эту неделю изменены позже загрузки этого файла (%s %s): строка не применена',
        CASE v.old_source WHEN 'import' THEN 'файлом, загруженным' WHEN 'api' THEN 'через API' ELSE 'вручную' END,
        to_char(v.old_dated AT TIME ZONE 'Europe/Moscow', 'DD.MM.YYYY HH24:MI:SS')), 0
    FROM verdict v WHERE NOT v.rejected AND v.differs AND v.outdated
  ) i
  ORDER BY i.row_no, array_position('{${REASONS.join(',')}}'::text[], i.reason), i.ord
)
SELECT coalesce(sum(applied), 0)::int AS applied, coalesce(sum(unchanged), 0)::int AS unchanged, coalesce(sum(skipped), 0)::int AS skipped,
  coalesce(array_agg(week_start::text) FILTER (WHERE applied > 0), '{}') AS weeks
FROM (
  SELECT week_start, count(*) FILTER (WHERE differs AND NOT outdated) AS applied, count(*) FILTER (WHERE NOT differs) AS unchanged,
    count(*) FILTER (WHERE differs AND outdated) AS skipped
  FROM verdict WHERE NOT rejected GROUP BY week_start
) w`;

/** finished_at by clock_timestamp(): now() would be the transaction's start, the import's first moment. */
const DONE_SQL = `UPDATE weekly_import SET status = 'done', error = NULL, total_rows = $2, processed_rows = $2,
  applied_rows = $3, unchanged_rows = $4, rejected_rows = $5, skipped_rows = $6, finished_at = clock_timestamp() WHERE id = $1`;

interface Bounds {
  firstWeek: string | null;
  scopePath: string | null;
}

interface BatchCounts {
  applied: number;
  unchanged: number;
  skipped: number;
  weeks: string[];
}

/** One batch: judged, applied, revised and reported by one statement. */
async function applyBatch(client: ClientBase, target: WeeklySheetTarget, bounds: Bounds, staged: string[], issues: ReturnType<RowIssues['take']>): Promise<BatchCounts> {
  const { rows } = await client.query<BatchCounts>(BATCH_SQL, [
    target.importId,
    target.userId,
    bounds.firstWeek,
    bounds.scopePath,
    target.currentWeek,
    ...staged,
    ...issues,
    ...ISSUE_LABELS,
  ]);
  return rows[0];
}

/**
 * Imports a district sheet in one transaction on `client`: rows stream through the decoder and the
 * parser; every batch of rows is judged, reported and applied set-based by one statement while the
 * next batch is being read. The import is marked done in the same transaction. A file that cannot be
 * read throws `WeeklySheetError` and leaves nothing behind (the transaction rolls back). `onProgress`
 * should write through another connection.
 */
export async function importWeeklySheet(
  client: ClientBase,
  source: Readable,
  format: WeeklySheetFormat,
  target: WeeklySheetTarget,
  onProgress: (progress: WeeklySheetProgress) => Promise<void> | void = () => undefined,
): Promise<WeeklySheetResult> {
  let pendingProgress: Promise<void> | null = null;
  const progress = (state: WeeklySheetProgress, final = false): void => {
    // Best-effort: intermediate updates never queue behind a slow one (the final one does), never fail the import.
    if (pendingProgress && !final) return;
    const update: Promise<void> = (pendingProgress ?? Promise.resolve())
      .then(() => onProgress(state))
      .catch(() => undefined)
      .finally(() => {
        if (pendingProgress === update) pendingProgress = null;
      });
    pendingProgress = update;
  };

  await client.query('BEGIN');
  // Enough memory for a big batch's joins, sorts and materialized verdicts not to spill to disk; no JIT,
  // whose compilation of the batch statement costs more than it saves (measured).
  await client.query(`SET LOCAL work_mem = '64MB'`);
  await client.query('SET LOCAL jit = off');
  // The batch being applied on the connection while the next one is read; at most one at a time.
  let inFlight: Promise<void> = Promise.resolve();
  try {
    const { rows: boundRows } = await client.query<{ first_week: string | null; scope_path: string | null }>(BOUNDS_SQL, [target.roadmapId, target.scopeOrganizationId]);
    const bounds: Bounds = { firstWeek: boundRows[0].first_week, scopePath: boundRows[0].scope_path };
    if (target.scopeOrganizationId && !bounds.scopePath) throw new Error(`scope organization ${target.scopeOrganizationId} does not exist`);

    const staged = new StagedRows();
    const issues = new RowIssues();
    const weeks = new WeekCells();
    const values: (number | null)[] = MEASURES.map(() => null);
    const changedWeeks = new Set<string>();
    let applied = 0;
    let unchanged = 0;
    let skipped = 0;
    let columns: SheetColumns | null = null;
    let measureAt: number[] = [];
    let dataRows = 0;
    let applying = false;
    let failed = false;
    /** Rows read since the last batch (every row is staged, a faulty one with its issues). */
    const waiting = (): number => staged.size;
    /**
     * Hands what is staged to the connection, behind the batch running there (if any); answers that
     * batch, so that awaiting it keeps reading at most one batch ahead (and rethrows its error).
     */
    const launch = (): Promise<void> => {
      const submitted = { staged: staged.take(), issues: issues.take(), rows: dataRows };
      const previous = inFlight;
      inFlight = previous.then(async () => {
        applying = true;
        const counts = await applyBatch(client, target, bounds, submitted.staged, submitted.issues);
        applying = false;
        applied += counts.applied;
        unchanged += counts.unchanged;
        skipped += counts.skipped;
        for (const week of counts.weeks) changedWeeks.add(week);
        progress({ phase: 'applying', processedRows: submitted.rows, totalRows: null });
        // The connection is free: the rows read meanwhile go now, not after the reader's next chunk.
        if (waiting() >= MIN_BATCH_ROWS) void launch();
      });
      inFlight.catch(() => {
        failed = true;
      });
      return previous;
    };

    for await (const rows of readSheetRowRuns(source, format)) {
      for (const { rowNumber, cells } of rows) {
        if (isBlank(cells)) continue;
        if (!columns) {
          columns = mapHeader(cells.map(cellText));
          measureAt = measureIndexes(columns);
          continue;
        }
        dataRows++;
        stageRow(rowNumber, cells, columns, measureAt, staged, issues, weeks, values);
        const rowsWaiting = waiting();
        // A failed batch ends the import at once (launch answers it, and awaiting rethrows) rather than after the whole file is read.
        if ((!applying && rowsWaiting >= MIN_BATCH_ROWS) || rowsWaiting >= MAX_BATCH_ROWS || failed) await launch();
      }
    }
    if (!columns) throw new WeeklySheetError('В файле нет строки заголовков: скачайте шаблон');
    if (waiting() > 0 || dataRows === 0) await launch();
    await inFlight;
    progress({ phase: 'finishing', processedRows: dataRows, totalRows: dataRows }, true);

    const result: WeeklySheetResult = {
      totalRows: dataRows,
      appliedRows: applied,
      unchangedRows: unchanged,
      skippedRows: skipped,
      rejectedRows: dataRows - applied - unchanged - skipped,
      weeks: [...changedWeeks].sort() as LocalDate[],
    };
    await client.query(DONE_SQL, [target.importId, result.totalRows, result.appliedRows, result.unchangedRows, result.rejectedRows, result.skippedRows]);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    // Let a batch still running on the connection end before rolling back.
    await inFlight.catch(() => undefined);
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await pendingProgress;
  }
}
