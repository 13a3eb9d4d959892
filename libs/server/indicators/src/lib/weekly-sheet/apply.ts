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
  phase: 'parsing' | 'validating' | 'applying';
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

const PROGRESS_EVERY_ROWS = 5_000;
const COPY_BATCH_CHARS = 64 * 1024;

/** Issues found while reading rows, kept column-wise for one `unnest` insert. */
class RowIssues {
  readonly rows: number[] = [];
  readonly columns: (string | null)[] = [];
  readonly codes: (string | null)[] = [];
  readonly reasons: WeeklySheetReason[] = [];
  readonly messages: string[] = [];

  add(row: number, column: string | null, code: string, reason: WeeklySheetReason, message: string): void {
    this.rows.push(row);
    this.columns.push(column);
    this.codes.push(code ? code.slice(0, 64) : null);
    this.reasons.push(reason);
    this.messages.push(message);
  }
}

function copyText(value: string): string {
  return value.replace(/[\\\t\n\r]/g, (character) => ({ '\\': '\\\\', '\t': '\\t', '\n': '\\n', '\r': '\\r' })[character] as string);
}

function isBlank(cells: readonly SheetCell[]): boolean {
  return cells.every((cell) => cell === null || (typeof cell === 'string' && cell.trim() === ''));
}

/**
 * Checks one data row on its own (code present, week, counts) and renders it as a COPY line. Rows with
 * such problems are staged as rejected (they count), everything else is judged in SQL.
 */
function stageRow(rowNumber: number, cells: readonly SheetCell[], columns: SheetColumns, issues: RowIssues, weeks: Map<string, LocalDate | null>): { line: string; rejected: boolean } {
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
  return { line: `${rowNumber}\t${code ? copyText(code) : '\\N'}\t${week ?? '\\N'}\t${values.join('\t')}\t${rejected ? 't' : 'f'}\n`, rejected };
}

const STAGE_SQL = `CREATE TEMP TABLE weekly_sheet_row (
  row_no integer NOT NULL, code text, week_start date,
  ${MEASURES.map((measure) => `${measure} integer`).join(', ')},
  rejected boolean NOT NULL
) ON COMMIT DROP`;

const LOCK_SQL = `SELECT count(*) FROM (
  SELECT 1 FROM weekly_report wr
  JOIN organization o ON o.id = wr.organization_id
  JOIN weekly_sheet_row s ON s.code = o.code AND s.week_start = wr.week_start AND NOT s.rejected
  FOR UPDATE OF wr
) locked`;

const old = (measure: Measure) => `wr.${measure} AS old_${measure}`;
const merged = (measure: Measure) => `coalesce(r.${measure}, wr.${measure}) AS new_${measure}`;
const headcount = (kind: string) =>
  `(SELECT h.value FROM organization_headcount h WHERE h.organization_id = r.organization_id AND h.kind = '${kind}' AND h.effective_from <= r.week_start ORDER BY h.effective_from DESC LIMIT 1) AS ${kind}`;

/**
 * The SQL form of `checkWeeklyValues` (libs/domain): each value of the report as it will be stored
 * against its ceiling; a missing value or ceiling checks nothing. An integration test proves both agree.
 */
const EXCEEDS = `(new_staff_wrote > staff_stat OR new_students_active > students_stat OR new_parents_active > students_stat
  OR new_sferum_in_max > new_sferum_total OR new_officials_wrote > actual_headcount_ministry)`;

/**
 * One verdict per staged row that passed the row checks: organization by code, scope, the roadmap's
 * weeks, the first of duplicates, the stored report (locked above) merged with the file's values
 * (an empty cell keeps the stored one) and the headcounts in force on the week's Monday.
 */
const VERDICT_SQL = `CREATE TEMP TABLE weekly_sheet_verdict ON COMMIT DROP AS
WITH bounds AS (
  SELECT min(date_trunc('week', (a.schedule->>'startDate')::date))::date AS first_week
  FROM roadmap_action a
  WHERE a.roadmap_id = $1 AND a.result_type = 'indicator' AND a.schedule->>'kind' = 'weekly'
    AND a.schedule->>'startDate' ~ '^\\d{4}-\\d{2}-\\d{2}$'
),
located AS (
  SELECT s.*, o.id AS organization_id, b.first_week,
    CASE
      WHEN o.id IS NULL THEN 'unknown_organization'
      WHEN $2::uuid IS NOT NULL AND NOT starts_with(o.path, (SELECT path FROM organization WHERE id = $2::uuid)) THEN 'outside_scope'
      WHEN b.first_week IS NULL OR s.week_start < b.first_week OR s.week_start > $3::date THEN 'week_outside_roadmap'
    END AS reason
  FROM weekly_sheet_row s CROSS JOIN bounds b LEFT JOIN organization o ON o.code = s.code
  WHERE NOT s.rejected
),
ranked AS (
  SELECT l.*, CASE WHEN l.reason IS NULL THEN min(l.row_no) OVER (PARTITION BY l.reason IS NULL, l.organization_id, l.week_start) END AS first_row
  FROM located l
),
judged AS (
  SELECT r.row_no, r.code, r.organization_id, r.week_start, r.first_week, r.first_row,
    coalesce(r.reason, CASE WHEN r.first_row <> r.row_no THEN 'duplicate_row' END) AS reason,
    wr.organization_id IS NOT NULL AS existed,
    ${MEASURES.map(old).join(', ')},
    ${MEASURES.map(merged).join(', ')},
    ${['staff_stat', 'students_stat', 'actual_headcount_ministry'].map(headcount).join(',\n    ')}
  FROM ranked r
  LEFT JOIN weekly_report wr ON r.reason IS NULL AND r.first_row = r.row_no AND wr.organization_id = r.organization_id AND wr.week_start = r.week_start
)
SELECT j.*, j.reason IS NULL AND (${MEASURES.map((m) => `new_${m} IS DISTINCT FROM old_${m}`).join(' OR ')}) AS changed
FROM judged j`;

const MARK_EXCEEDING_SQL = `UPDATE weekly_sheet_verdict SET reason = 'exceeds_denominator', changed = false WHERE reason IS NULL AND ${EXCEEDS}`;

const WEEK_KEY = (column: string) => `to_char(${column}, 'IYYY-"W"IW')`;

const CEILINGS: readonly [Measure, string, MeasureLimit][] = [
  ['staff_wrote', 'staff_stat', 'staff_stat'],
  ['students_active', 'students_stat', 'students_stat'],
  ['parents_active', 'students_stat', 'students_stat'],
  ['sferum_in_max', 'new_sferum_total', 'sferum_total'],
  ['officials_wrote', 'actual_headcount_ministry', 'actual_headcount_ministry'],
];

/** Every rejected row's issues, in row order: the row checks ($2…$6), the SQL verdicts, one per exceeded ceiling. */
const ISSUES_SQL = `INSERT INTO weekly_import_issue (import_id, row_number, "column", organization_code, reason, message)
SELECT $1, i.row_no, i.col, i.code, i.reason, i.message FROM (
  SELECT * FROM unnest($2::int[], $3::text[], $4::text[], $5::text[], $6::text[]) WITH ORDINALITY AS t(row_no, col, code, reason, message, ord)
  UNION ALL
  SELECT v.row_no, NULL, left(v.code, 64), v.reason,
    CASE v.reason
      WHEN 'unknown_organization' THEN format('Организация с кодом «%s» не найдена', v.code)
      WHEN 'outside_scope' THEN format('Организация «%s» не входит в вашу область: загружать можно только данные своих организаций', v.code)
      WHEN 'week_outside_roadmap' THEN CASE WHEN v.first_week IS NULL
        THEN 'В дорожной карте нет еженедельных показателей'
        ELSE format('Неделя %s вне дорожной карты: принимаются недели с %s по текущую (%s)', ${WEEK_KEY('v.week_start')}, ${WEEK_KEY('v.first_week')}, ${WEEK_KEY('$7::date')}) END
      WHEN 'duplicate_row' THEN format('Повтор: организация «%s» и неделя %s уже есть в строке %s', v.code, ${WEEK_KEY('v.week_start')}, v.first_row)
    END, 0
  FROM weekly_sheet_verdict v WHERE v.reason IS NOT NULL AND v.reason <> 'exceeds_denominator'
  UNION ALL
  SELECT v.row_no, x.header, left(v.code, 64), 'exceeds_denominator', format('«%s»: %s больше предела — %s %s', x.header, x.value, x.label, x.ceiling), x.ord
  FROM weekly_sheet_verdict v
  CROSS JOIN LATERAL (VALUES
    ${CEILINGS.map(([measure, ceiling], index) => `($${8 + index * 2}::text, v.new_${measure}, v.${ceiling}, $${9 + index * 2}::text, ${index})`).join(',\n    ')}
  ) AS x(header, value, ceiling, label, ord)
  WHERE v.reason = 'exceeds_denominator' AND x.value > x.ceiling
) i
ORDER BY i.row_no, i.ord`;

const UPSERT_SQL = `INSERT INTO weekly_report (organization_id, week_start, ${MEASURES.join(', ')}, source, updated_by, import_id, version, created_at, updated_at)
SELECT organization_id, week_start, ${MEASURES.map((m) => `new_${m}`).join(', ')}, 'import', $2, $1, 1, now(), now()
FROM weekly_sheet_verdict WHERE changed
ON CONFLICT (organization_id, week_start) DO UPDATE SET
  ${MEASURES.map((m) => `${m} = EXCLUDED.${m}`).join(', ')},
  source = 'import', updated_by = EXCLUDED.updated_by, import_id = EXCLUDED.import_id,
  version = weekly_report.version + 1, updated_at = now()`;

const REVISIONS_SQL = `INSERT INTO weekly_report_revision (organization_id, week_start, changes, source, author_id, import_id)
SELECT v.organization_id, v.week_start,
  (SELECT jsonb_object_agg(x.measure, jsonb_build_array(x.before, x.after))
   FROM (VALUES ${MEASURES.map((m) => `('${m}', v.old_${m}, v.new_${m})`).join(', ')}) AS x(measure, before, after)
   WHERE x.before IS DISTINCT FROM x.after),
  'import', $2, $1
FROM weekly_sheet_verdict v WHERE v.changed
ORDER BY v.row_no`;

const COUNTS_SQL = `SELECT (SELECT count(*) FROM weekly_sheet_row)::int AS total,
  (count(*) FILTER (WHERE changed))::int AS applied,
  (count(*) FILTER (WHERE reason IS NULL AND NOT changed))::int AS unchanged,
  coalesce((SELECT array_agg(DISTINCT week_start::text ORDER BY week_start::text) FROM weekly_sheet_verdict WHERE changed), '{}') AS weeks
FROM weekly_sheet_verdict`;

const DONE_SQL = `UPDATE weekly_import SET status = 'done', error = NULL, total_rows = $2, processed_rows = $2,
  applied_rows = $3, unchanged_rows = $4, rejected_rows = $5, finished_at = now() WHERE id = $1`;

/**
 * Imports a district sheet in one transaction on `client`: rows stream through the decoder and the
 * parser straight into a COPY to a temporary staging table; SQL then judges every row at once, upserts
 * the changed reports, writes their revisions and the row report, and marks the import done. A file
 * that cannot be read throws `WeeklySheetError` and leaves nothing behind (the transaction rolls back).
 * `onProgress` is called from outside the transaction's work; it should write through another connection.
 */
export async function importWeeklySheet(
  client: ClientBase,
  source: Readable,
  format: WeeklySheetFormat,
  target: WeeklySheetTarget,
  onProgress: (progress: WeeklySheetProgress) => Promise<void> | void = () => undefined,
): Promise<WeeklySheetResult> {
  let pendingProgress: Promise<void> | null = null;
  const progress = (state: WeeklySheetProgress, wait = false): Promise<void> | void => {
    // Progress is best-effort while parsing: never queue more than one update behind a slow one.
    if (pendingProgress && !wait) return;
    const next = Promise.resolve(pendingProgress)
      .then(() => onProgress(state))
      .finally(() => {
        if (pendingProgress === next) pendingProgress = null;
      });
    pendingProgress = next;
    return wait ? next : undefined;
  };

  await client.query('BEGIN');
  try {
    await client.query(STAGE_SQL);
    const issues = new RowIssues();
    const total = await stageRows(client, source, format, issues, (processedRows) => progress({ phase: 'parsing', processedRows, totalRows: null }));
    await progress({ phase: 'validating', processedRows: total, totalRows: total }, true);

    await client.query('ANALYZE weekly_sheet_row');
    await client.query(LOCK_SQL);
    await client.query(VERDICT_SQL, [target.roadmapId, target.scopeOrganizationId, target.currentWeek]);
    await client.query(MARK_EXCEEDING_SQL);
    await client.query(ISSUES_SQL, [
      target.importId,
      issues.rows,
      issues.columns,
      issues.codes,
      issues.reasons,
      issues.messages,
      target.currentWeek,
      ...CEILINGS.flatMap(([measure, , limit]) => [MEASURE_HEADERS[measure], LIMIT_LABELS[limit]]),
    ]);
    await progress({ phase: 'applying', processedRows: total, totalRows: total }, true);
    await client.query(REVISIONS_SQL, [target.importId, target.userId]);
    await client.query(UPSERT_SQL, [target.importId, target.userId]);
    const { rows } = await client.query<{ total: number; applied: number; unchanged: number; weeks: string[] }>(COUNTS_SQL);
    const counts = rows[0];
    const result: WeeklySheetResult = {
      totalRows: counts.total,
      appliedRows: counts.applied,
      unchangedRows: counts.unchanged,
      rejectedRows: counts.total - counts.applied - counts.unchanged,
      weeks: counts.weeks as LocalDate[],
    };
    await client.query(DONE_SQL, [target.importId, result.totalRows, result.appliedRows, result.unchangedRows, result.rejectedRows]);
    await client.query('COMMIT');
    return result;
  } catch (error) {
    await client.query('ROLLBACK').catch(() => undefined);
    throw error;
  } finally {
    await pendingProgress;
  }
}

/** Streams the data rows into COPY, batching lines; answers how many data rows there were. */
async function stageRows(client: ClientBase, source: Readable, format: WeeklySheetFormat, issues: RowIssues, onRows: (rows: number) => void): Promise<number> {
  const copy = client.query(copyFrom('COPY weekly_sheet_row FROM STDIN'));
  const weeks = new Map<string, LocalDate | null>();
  let columns: SheetColumns | null = null;
  let dataRows = 0;
  let batch = '';
  const flush = async (): Promise<void> => {
    if (!batch) return;
    const ok = copy.write(batch);
    batch = '';
    if (!ok) await once(copy, 'drain');
  };
  try {
    for await (const { rowNumber, cells } of readSheetRows(source, format)) {
      if (isBlank(cells)) continue;
      if (!columns) {
        columns = mapHeader(cells.map(cellText));
        continue;
      }
      dataRows++;
      batch += stageRow(rowNumber, cells, columns, issues, weeks).line;
      if (batch.length >= COPY_BATCH_CHARS) await flush();
      if (dataRows % PROGRESS_EVERY_ROWS === 0) onRows(dataRows);
    }
    if (!columns) throw new WeeklySheetError('В файле нет строки заголовков: скачайте шаблон');
    await flush();
    copy.end();
    await finished(copy);
  } catch (error) {
    copy.destroy(error as Error);
    await finished(copy).catch(() => undefined);
    throw error;
  }
  return dataRows;
}
