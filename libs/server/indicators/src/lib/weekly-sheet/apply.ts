import { once } from 'node:events';
import type { Readable } from 'node:stream';
import { finished } from 'node:stream/promises';
import type { ClientBase } from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { type LocalDate, MEASURES, type Measure, type MeasureLimit } from '@karta/domain';
import { cellText, parseCountCell, parseWeekCell, type SheetCell } from './cells';
import { WeeklySheetError } from './errors';
import { CODE_HEADER, MEASURE_HEADERS, mapHeader, type SheetColumns, WEEK_HEADER } from './layout';
import { readSheetRows, type WeeklySheetFormat } from './read';

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
  /** Mondays of the weeks whose reports changed (to recompute). */
  weeks: LocalDate[];
}

/** Reasons a row is rejected (`weekly_import_issue.reason`). */
export type WeeklySheetReason =
  | 'missing_code'
  | 'unknown_organization'
  | 'outside_scope'
  | 'invalid_week'
  | 'week_outside_roadmap'
  | 'duplicate_row'
  | 'not_a_count'
  | 'exceeds_denominator';

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
 * Rows judged and applied per round. While PostgreSQL judges and applies one batch, the next one is
 * read and parsed: the two cores work at once instead of one after the other.
 */
const BATCH_ROWS = 10_000;
const COPY_CHUNK_CHARS = 64 * 1024;

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

function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[character] as string);
}

function isBlank(cells: readonly SheetCell[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}

/**
 * Checks one data row on its own (code present, week, counts): a COPY line for SQL to judge the rest,
 * or `null` when the row is already rejected (its issues are recorded).
 */
function stageRow(batch: number, rowNumber: number, cells: readonly SheetCell[], columns: SheetColumns, issues: RowIssues, weeks: Map<string, LocalDate | null>): string | null {
  const code = cellText(cells[columns.code] ?? null);
  let rejected = false;
  if (!code) {
    issues.add(rowNumber, CODE_HEADER, '', 'missing_code', 'Не указан код организации');
    rejected = true;
  }
  const weekCell = cells[columns.week] ?? null;
  const weekKey = weekCell instanceof Date ? `d${weekCell.getTime()}` : typeof weekCell === 'number' ? `n${weekCell}` : `s${weekCell ?? ''}`;
  let week = weeks.get(weekKey);
  if (week === undefined) {
    week = parseWeekCell(weekCell);
    weeks.set(weekKey, week);
  }
  if (!week) {
    const text = cellText(weekCell);
    issues.add(rowNumber, WEEK_HEADER, code, 'invalid_week', text ? `Неделя «${text}» не распознана: укажите неделю (2025-W36) или дату (01.09.2025)` : 'Не указана неделя');
    rejected = true;
  }
  const values: string[] = ['\\N', '\\N', '\\N', '\\N', '\\N', '\\N'];
  for (const { measure, index } of columns.measures) {
    const parsed = parseCountCell(cells[index] ?? null);
    if (parsed.ok) {
      if (parsed.value !== null) values[MEASURES.indexOf(measure)] = String(parsed.value);
    } else {
      issues.add(rowNumber, MEASURE_HEADERS[measure], code, 'not_a_count', `«${MEASURE_HEADERS[measure]}»: ${COUNT_PROBLEMS[parsed.problem](parsed.text)}`);
      rejected = true;
    }
  }
  return rejected ? null : `${batch}\t${rowNumber}\t${copyText(code)}\t${week}\t${values.join('\t')}\n`;
}

const MEASURE_COLUMNS = MEASURES.map((measure) => `${measure} integer`).join(', ');
const HEADCOUNT_KINDS = ['staff_stat', 'students_stat', 'actual_headcount_ministry'] as const;

const SETUP_SQL = [
  // Staged rows of every batch (a batch column instead of a TRUNCATE per batch, which costs more).
  `CREATE TEMP TABLE weekly_sheet_row (batch integer NOT NULL, row_no integer NOT NULL, code text NOT NULL, week_start date NOT NULL, ${MEASURE_COLUMNS}) ON COMMIT DROP`,
  `CREATE TEMP TABLE weekly_sheet_verdict (
    row_no integer NOT NULL, batch integer NOT NULL, code text NOT NULL, organization_id uuid, week_start date NOT NULL,
    first_row integer, eligible boolean NOT NULL, reason text, existed boolean,
    ${MEASURES.map((m) => `old_${m} integer`).join(', ')}, ${MEASURES.map((m) => `new_${m} integer`).join(', ')},
    ${HEADCOUNT_KINDS.map((kind) => `${kind} integer`).join(', ')}, changed boolean NOT NULL
  ) ON COMMIT DROP`,
  // Duplicates are looked up among the rows of earlier batches.
  `CREATE INDEX ON weekly_sheet_verdict (organization_id, week_start) WHERE eligible`,
  `CREATE INDEX ON weekly_sheet_verdict (batch)`,
];

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

/**
 * One verdict per staged row of the batch: organization by code, scope, the roadmap's weeks, the first
 * of duplicates (earlier batches included), the stored report — locked, so an entry saved meanwhile
 * waits for this import and is never overwritten unseen — merged with the file's values (an empty cell
 * keeps the stored one), the headcounts in force on the week's Monday, ceilings.
 * $1 first week of the roadmap, $2 scope path (null = everywhere), $3 current week, $4 batch.
 */
const VERDICT_SQL = `INSERT INTO weekly_sheet_verdict (row_no, batch, code, organization_id, week_start, first_row, eligible, reason, existed,
  ${MEASURES.map((m) => `old_${m}`).join(', ')}, ${MEASURES.map((m) => `new_${m}`).join(', ')}, ${HEADCOUNT_KINDS.join(', ')}, changed)
WITH located AS (
  SELECT s.*, o.id AS organization_id,
    CASE
      WHEN o.id IS NULL THEN 'unknown_organization'
      WHEN $2::text IS NOT NULL AND NOT starts_with(o.path, $2::text) THEN 'outside_scope'
      WHEN $1::date IS NULL OR s.week_start < $1::date OR s.week_start > $3::date THEN 'week_outside_roadmap'
    END AS reason
  FROM weekly_sheet_row s LEFT JOIN organization o ON o.code = s.code
  WHERE s.batch = $4
),
stored AS (
  SELECT wr.* FROM weekly_report wr
  WHERE (wr.organization_id, wr.week_start) IN (SELECT l.organization_id, l.week_start FROM located l WHERE l.reason IS NULL)
  FOR UPDATE OF wr
),
ranked AS (
  SELECT l.*, CASE WHEN l.reason IS NULL THEN least(
      min(l.row_no) OVER (PARTITION BY l.reason IS NULL, l.organization_id, l.week_start),
      (SELECT min(v.row_no) FROM weekly_sheet_verdict v WHERE v.eligible AND v.organization_id = l.organization_id AND v.week_start = l.week_start)
    ) END AS first_row
  FROM located l
),
judged AS (
  SELECT r.row_no, r.code, r.organization_id, r.week_start, r.first_row, r.reason IS NULL AS eligible,
    coalesce(r.reason, CASE WHEN r.first_row <> r.row_no THEN 'duplicate_row' END) AS reason,
    wr.organization_id IS NOT NULL AS existed,
    ${MEASURES.map((m) => `wr.${m} AS old_${m}`).join(', ')},
    ${MEASURES.map((m) => `coalesce(r.${m}, wr.${m}) AS new_${m}`).join(', ')},
    ${HEADCOUNT_KINDS.map((kind) => `hc.${kind}`).join(', ')}
  FROM ranked r
  LEFT JOIN stored wr ON r.reason IS NULL AND r.first_row = r.row_no AND wr.organization_id = r.organization_id AND wr.week_start = r.week_start
  LEFT JOIN LATERAL (
    SELECT ${HEADCOUNT_KINDS.map((kind) => `max(h.value) FILTER (WHERE h.kind = '${kind}') AS ${kind}`).join(', ')}
    FROM (
      SELECT DISTINCT ON (h.kind) h.kind, h.value FROM organization_headcount h
      WHERE h.organization_id = r.organization_id AND h.effective_from <= r.week_start
      ORDER BY h.kind, h.effective_from DESC
    ) h
  ) hc ON r.reason IS NULL AND r.first_row = r.row_no
)
SELECT row_no, $4, code, organization_id, week_start, first_row, eligible,
  CASE WHEN reason IS NULL AND ${EXCEEDS} THEN 'exceeds_denominator' ELSE reason END, existed,
  ${MEASURES.map((m) => `old_${m}`).join(', ')}, ${MEASURES.map((m) => `new_${m}`).join(', ')}, ${HEADCOUNT_KINDS.join(', ')},
  reason IS NULL AND NOT ${EXCEEDS} AND (${MEASURES.map((m) => `new_${m} IS DISTINCT FROM old_${m}`).join(' OR ')})
FROM judged`;

const WEEK_KEY = (column: string) => `to_char(${column}, 'IYYY-"W"IW')`;

const CEILINGS: readonly [Measure, string, MeasureLimit][] = [
  ['staff_wrote', 'staff_stat', 'staff_stat'],
  ['students_active', 'students_stat', 'students_stat'],
  ['parents_active', 'students_stat', 'students_stat'],
  ['sferum_in_max', 'new_sferum_total', 'sferum_total'],
  ['officials_wrote', 'actual_headcount_ministry', 'actual_headcount_ministry'],
];

/**
 * The batch's rejected rows, in row order: the row checks ($3…$7), the SQL verdicts, one issue per
 * exceeded ceiling. $1 import, $2 batch, $8 first week, $9 current week, $10… ceiling labels.
 */
const ISSUES_SQL = `INSERT INTO weekly_import_issue (import_id, row_number, "column", organization_code, reason, message)
SELECT $1, i.row_no, i.col, i.code, i.reason, i.message FROM (
  SELECT * FROM unnest($3::int[], $4::text[], $5::text[], $6::text[], $7::text[]) WITH ORDINALITY AS t(row_no, col, code, reason, message, ord)
  UNION ALL
  SELECT v.row_no, NULL, left(v.code, 64), v.reason,
    CASE v.reason
      WHEN 'unknown_organization' THEN format('Организация с кодом «%s» не найдена', v.code)
      WHEN 'outside_scope' THEN format('Организация «%s» не входит в вашу область: загружать можно только данные своих организаций', v.code)
      WHEN 'week_outside_roadmap' THEN CASE WHEN $8::date IS NULL
        THEN 'В дорожной карте нет еженедельных показателей'
        ELSE format('Неделя %s вне дорожной карты: принимаются недели с %s по текущую (%s)', ${WEEK_KEY('v.week_start')}, ${WEEK_KEY('$8::date')}, ${WEEK_KEY('$9::date')}) END
      WHEN 'duplicate_row' THEN format('Повтор: организация «%s» и неделя %s уже есть в строке %s', v.code, ${WEEK_KEY('v.week_start')}, v.first_row)
    END, 0
  FROM weekly_sheet_verdict v WHERE v.batch = $2 AND v.reason IS NOT NULL AND v.reason <> 'exceeds_denominator'
  UNION ALL
  SELECT v.row_no, x.header, left(v.code, 64), 'exceeds_denominator', format('«%s»: %s больше предела — %s %s', x.header, x.value, x.label, x.ceiling), x.ord
  FROM weekly_sheet_verdict v
  CROSS JOIN LATERAL (VALUES
    ${CEILINGS.map(([measure, ceiling], index) => `($${10 + index * 2}::text, v.new_${measure}, v.${ceiling}, $${11 + index * 2}::text, ${index})`).join(',\n    ')}
  ) AS x(header, value, ceiling, label, ord)
  WHERE v.batch = $2 AND v.reason = 'exceeds_denominator' AND x.value > x.ceiling
) i
ORDER BY i.row_no, i.ord`;

const ISSUE_LABELS = CEILINGS.flatMap(([measure, , limit]) => [MEASURE_HEADERS[measure], LIMIT_LABELS[limit]]);

/** One revision per changed report: `{measure: [before, after]}` of the measures that changed. $1 import, $2 author, $3 batch. */
const REVISIONS_SQL = `INSERT INTO weekly_report_revision (organization_id, week_start, changes, source, author_id, import_id)
SELECT organization_id, week_start,
  -- Written as text and parsed once: several times cheaper than building jsonb piece by piece.
  ('{' || concat_ws(',', ${MEASURES.map(
    (m) => `CASE WHEN old_${m} IS DISTINCT FROM new_${m} THEN '"${m}":[' || coalesce(old_${m}::text, 'null') || ',' || coalesce(new_${m}::text, 'null') || ']' END`,
  ).join(',\n    ')}) || '}')::jsonb,
  'import', $2, $1
FROM weekly_sheet_verdict WHERE batch = $3 AND changed`;

/** $1 import, $2 author, $3 batch. */
const UPSERT_SQL = `INSERT INTO weekly_report (organization_id, week_start, ${MEASURES.join(', ')}, source, updated_by, import_id, version, created_at, updated_at)
SELECT organization_id, week_start, ${MEASURES.map((m) => `new_${m}`).join(', ')}, 'import', $2, $1, 1, now(), now()
FROM weekly_sheet_verdict WHERE batch = $3 AND changed
ON CONFLICT (organization_id, week_start) DO UPDATE SET
  ${MEASURES.map((m) => `${m} = EXCLUDED.${m}`).join(', ')},
  source = 'import', updated_by = EXCLUDED.updated_by, import_id = EXCLUDED.import_id,
  version = weekly_report.version + 1, updated_at = now()`;

const COUNTS_SQL = `SELECT (count(*) FILTER (WHERE changed))::int AS applied,
  (count(*) FILTER (WHERE reason IS NULL AND NOT changed))::int AS unchanged,
  coalesce(array_agg(DISTINCT week_start::text) FILTER (WHERE changed), '{}') AS weeks
FROM weekly_sheet_verdict`;

const DONE_SQL = `UPDATE weekly_import SET status = 'done', error = NULL, total_rows = $2, processed_rows = $2,
  applied_rows = $3, unchanged_rows = $4, rejected_rows = $5, finished_at = now() WHERE id = $1`;

interface Bounds {
  firstWeek: string | null;
  scopePath: string | null;
}

/** One batch: COPY its staged rows, judge, report, write revisions, upsert. */
async function applyBatch(client: ClientBase, target: WeeklySheetTarget, bounds: Bounds, batch: number, chunks: string[], issues: ReturnType<RowIssues['take']>): Promise<void> {
  if (chunks.length) {
    const copy = client.query(copyFrom('COPY weekly_sheet_row FROM STDIN'));
    for (const chunk of chunks) {
      if (!copy.write(chunk)) await once(copy, 'drain');
    }
    copy.end();
    await finished(copy);
    await client.query(VERDICT_SQL, [bounds.firstWeek, bounds.scopePath, target.currentWeek, batch]);
  }
  await client.query(ISSUES_SQL, [target.importId, batch, ...issues, bounds.firstWeek, target.currentWeek, ...ISSUE_LABELS]);
  if (chunks.length) {
    await client.query(REVISIONS_SQL, [target.importId, target.userId, batch]);
    await client.query(UPSERT_SQL, [target.importId, target.userId, batch]);
  }
}

/**
 * Imports a district sheet in one transaction on `client`: rows stream through the decoder and the
 * parser; every batch of rows is staged by COPY into a temporary table and judged, reported and
 * applied set-based while the next batch is being read. The import is marked done in the same
 * transaction. A file that cannot be read throws `WeeklySheetError` and leaves nothing behind (the
 * transaction rolls back). `onProgress` should write through another connection.
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
  // The batch being applied on the connection while the next one is read; at most one at a time.
  let inFlight: Promise<void> = Promise.resolve();
  try {
    for (const statement of SETUP_SQL) await client.query(statement);
    const { rows: boundRows } = await client.query<{ first_week: string | null; scope_path: string | null }>(BOUNDS_SQL, [target.roadmapId, target.scopeOrganizationId]);
    const bounds: Bounds = { firstWeek: boundRows[0].first_week, scopePath: boundRows[0].scope_path };
    if (target.scopeOrganizationId && !bounds.scopePath) throw new Error(`scope organization ${target.scopeOrganizationId} does not exist`);

    const issues = new RowIssues();
    const weeks = new Map<string, LocalDate | null>();
    let columns: SheetColumns | null = null;
    let dataRows = 0;
    let batch = 0;
    let chunks: string[] = [];
    let chunk = '';
    const submit = async (): Promise<void> => {
      if (chunk) chunks.push(chunk);
      const submitted = { number: ++batch, chunks, issues: issues.take(), rows: dataRows };
      chunks = [];
      chunk = '';
      const previous = inFlight;
      // The connection runs one batch after the other; parsing goes on meanwhile.
      inFlight = previous.then(async () => {
        await applyBatch(client, target, bounds, submitted.number, submitted.chunks, submitted.issues);
        progress({ phase: 'applying', processedRows: submitted.rows, totalRows: null });
      });
      inFlight.catch(() => undefined);
      await previous;
    };

    for await (const { rowNumber, cells } of readSheetRows(source, format)) {
      if (isBlank(cells)) continue;
      if (!columns) {
        columns = mapHeader(cells.map(cellText));
        continue;
      }
      dataRows++;
      const line = stageRow(batch + 1, rowNumber, cells, columns, issues, weeks);
      if (line !== null) {
        chunk += line;
        if (chunk.length >= COPY_CHUNK_CHARS) {
          chunks.push(chunk);
          chunk = '';
        }
      }
      if (dataRows % BATCH_ROWS === 0) await submit();
    }
    if (!columns) throw new WeeklySheetError('В файле нет строки заголовков: скачайте шаблон');
    if (dataRows % BATCH_ROWS !== 0 || dataRows === 0) await submit();
    await inFlight;
    progress({ phase: 'finishing', processedRows: dataRows, totalRows: dataRows }, true);

    const { rows } = await client.query<{ applied: number; unchanged: number; weeks: string[] }>(COUNTS_SQL);
    const counts = rows[0];
    const result: WeeklySheetResult = {
      totalRows: dataRows,
      appliedRows: counts.applied,
      unchangedRows: counts.unchanged,
      rejectedRows: dataRows - counts.applied - counts.unchanged,
      weeks: [...counts.weeks].sort() as LocalDate[],
    };
    await client.query(DONE_SQL, [target.importId, result.totalRows, result.appliedRows, result.unchangedRows, result.rejectedRows]);
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
