// Weekly-numbers import benchmark (issue #4): a 100,000-row district sheet imported end to end through
// importWeeklySheet (decode, parse, then per batch one statement: validate, upsert, revisions, row report —
// the code the worker runs, without the HTTP upload) beside its floors measured in the same run:
//   CSV:  COPY of the same rows, already in COPY format, into a staging table + one upsert;
//   XLSX: exceljs's streaming reader reading the same file and doing nothing else.
// Run: npx tsx --tsconfig tools/tsconfig.json tools/bench/weekly-import.ts   (rewrites its section of docs/benchmarks.md)
import { createReadStream, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { cpus, tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import ExcelJS from 'exceljs';
import iconv from 'iconv-lite';
import pg from 'pg';
import { from as copyFrom } from 'pg-copy-streams';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@karta/db';
import { toLocalDate, weekStartOf } from '@karta/domain';
import { importWeeklySheet, type WeeklySheetFormat, WEEKLY_SHEET_HEADERS } from '@karta/server-indicators';
import { ensureDatabase, resolveServices } from '../dev/services';

const ROOT = resolve(__dirname, '../..');
const DOC = join(ROOT, 'docs/benchmarks.md');
const ORGANIZATIONS = 100_000;
const RUNS = 5;
const WEEK = '2025-W40';
const WEEK_START = '2025-09-29';
const REGION = '00000000-0000-4000-8000-000000000001';
const DISTRICT = '00000000-0000-4000-8000-000000000002';
const ROADMAP = '00000000-0000-4000-8000-0000000000aa';

const SEED_SQL = `
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
VALUES ('${REGION}', NULL, '/${REGION}/', 'B-REGION', 'Регион', 'Регион', 'region'),
       ('${DISTRICT}', '${REGION}', '/${REGION}/${DISTRICT}/', 'B-DISTRICT', 'Отдел образования', 'Отдел образования', 'department');
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
SELECT id, '${DISTRICT}', '/${REGION}/${DISTRICT}/' || id || '/', 'B-' || lpad(n::text, 6, '0'), 'Школа №' || n, 'Школа №' || n, 'school'
FROM (SELECT gen_random_uuid() AS id, n FROM generate_series(1, ${ORGANIZATIONS}) AS n) AS s;
INSERT INTO organization_headcount (organization_id, kind, value, effective_from)
SELECT o.id, k.kind, k.value, '2025-09-01' FROM organization o
CROSS JOIN (VALUES ('staff_stat', 60), ('students_stat', 500), ('actual_headcount_ministry', 20)) AS k(kind, value)
WHERE o.kind = 'school';
INSERT INTO roadmap (id, code, title, order_number, order_date, issuer, owner_organization_id)
VALUES ('${ROADMAP}', 'bench', 'Бенчмарк', '76', '2025-08-01', 'Отдел образования', '${DISTRICT}');
INSERT INTO roadmap_action (roadmap_id, number, title, full_text, responsible, responsible_text, schedule, deadline_text, result_type, result_text)
VALUES ('${ROADMAP}', 2, 'Показатель', 'Текст', '{"type":"owner"}', 'Отдел', '{"kind":"weekly","startDate":"2025-09-01"}', 'еженедельно', 'indicator', 'Доля');
ANALYZE;`;

/** The same numbers for every format: organization n reports values derived from n, all within their ceilings. */
function values(n: number): number[] {
  return [n % 60, n % 500, (n * 7) % 500, n % 300, 300 + (n % 200), n % 20];
}

const code = (n: number) => `B-${String(n).padStart(6, '0')}`;

function csvFile(dir: string): string {
  const lines = [WEEKLY_SHEET_HEADERS.join(';')];
  for (let n = 1; n <= ORGANIZATIONS; n++) lines.push(`${code(n)};${WEEK};${values(n).join(';')}`);
  const path = join(dir, 'district.csv');
  // Windows-1251, as Excel saves a CSV on Russian Windows: the decoder's fallback path is measured too.
  writeFileSync(path, iconv.encode(`${lines.join('\r\n')}\r\n`, 'win1251'));
  return path;
}

async function xlsxFile(dir: string): Promise<string> {
  const path = join(dir, 'district.xlsx');
  const workbook = new ExcelJS.stream.xlsx.WorkbookWriter({ filename: path, useSharedStrings: true, useStyles: false });
  const sheet = workbook.addWorksheet('Неделя');
  sheet.addRow([...WEEKLY_SHEET_HEADERS]).commit();
  for (let n = 1; n <= ORGANIZATIONS; n++) sheet.addRow([code(n), WEEK, ...values(n)]).commit();
  sheet.commit();
  await workbook.commit();
  return path;
}

function median(samples: number[]): number {
  const sorted = [...samples].sort((a, b) => a - b);
  return sorted[Math.floor(sorted.length / 2)];
}

async function timed(work: () => Promise<unknown>): Promise<number> {
  const start = process.hrtime.bigint();
  await work();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

/** Every run starts from the same state: no reports, revisions or imports. */
async function reset(pool: pg.Pool): Promise<void> {
  await pool.query('TRUNCATE weekly_report, weekly_report_revision, weekly_import_issue, weekly_import');
  await pool.query('VACUUM ANALYZE weekly_report');
}

async function ours(pool: pg.Pool, path: string, format: WeeklySheetFormat, currentWeek: string): Promise<void> {
  const { rows } = await pool.query<{ id: string }>(
    `INSERT INTO weekly_import (roadmap_id, organization_id, file_name, format, size_bytes, sha256, storage_key, status, started_at)
     VALUES ($1, $2, 'district', $3, 0, '', 'bench', 'running', now()) RETURNING id`,
    [ROADMAP, DISTRICT, format],
  );
  const importId = rows[0].id;
  const client = await pool.connect();
  try {
    const result = await importWeeklySheet(
      client,
      createReadStream(path, { highWaterMark: 256 * 1024 }),
      format,
      { importId, roadmapId: ROADMAP, scopeOrganizationId: DISTRICT, userId: null, currentWeek: currentWeek as never },
      // Progress through another connection, as the worker does.
      async (progress) => void (await pool.query('UPDATE weekly_import SET processed_rows = $2, total_rows = $3 WHERE id = $1', [importId, progress.processedRows, progress.totalRows])),
    );
    if (result.appliedRows !== ORGANIZATIONS) throw new Error(`expected ${ORGANIZATIONS} applied rows, got ${JSON.stringify(result)}`);
  } finally {
    client.release();
  }
}

/** The floor: rows already in COPY text format, COPY into a staging table, one upsert joining organizations by code. */
async function floor(pool: pg.Pool, copyText: string): Promise<void> {
  const client = await pool.connect();
  try {
    await client.query('BEGIN');
    await client.query(`CREATE TEMP TABLE floor_row (code text, week_start date, staff_wrote int, students_active int, parents_active int,
      sferum_in_max int, sferum_total int, officials_wrote int) ON COMMIT DROP`);
    const copy = client.query(copyFrom('COPY floor_row FROM STDIN'));
    await new Promise<void>((done, fail) => {
      copy.on('finish', done).on('error', fail);
      copy.end(copyText);
    });
    const { rowCount } = await client.query(`INSERT INTO weekly_report (organization_id, week_start, staff_wrote, students_active, parents_active,
        sferum_in_max, sferum_total, officials_wrote, source, version)
      SELECT o.id, f.week_start, f.staff_wrote, f.students_active, f.parents_active, f.sferum_in_max, f.sferum_total, f.officials_wrote, 'import', 1
      FROM floor_row f JOIN organization o ON o.code = f.code
      ON CONFLICT (organization_id, week_start) DO UPDATE SET staff_wrote = EXCLUDED.staff_wrote, students_active = EXCLUDED.students_active,
        parents_active = EXCLUDED.parents_active, sferum_in_max = EXCLUDED.sferum_in_max, sferum_total = EXCLUDED.sferum_total,
        officials_wrote = EXCLUDED.officials_wrote, source = 'import', version = weekly_report.version + 1, updated_at = now()`);
    if (rowCount !== ORGANIZATIONS) throw new Error(`floor upserted ${rowCount}`);
    await client.query('COMMIT');
  } finally {
    client.release();
  }
}

/** exceljs's streaming reader over the same file, touching every row and nothing else. */
async function parseXlsxOnly(path: string): Promise<void> {
  const reader = new ExcelJS.stream.xlsx.WorkbookReader(createReadStream(path, { highWaterMark: 256 * 1024 }), {
    sharedStrings: 'cache',
    styles: 'cache',
    hyperlinks: 'ignore',
    worksheets: 'emit',
    entries: 'ignore',
  });
  let rows = 0;
  for await (const sheet of reader) {
    for await (const row of sheet as AsyncIterable<ExcelJS.Row>) rows += (row.values as unknown[]).length > 0 ? 1 : 0;
    break;
  }
  if (rows !== ORGANIZATIONS + 1) throw new Error(`exceljs read ${rows} rows`);
}

/**
 * Runs the floor and the import alternately (after one warm-up of each), so that load from other
 * processes on a shared machine hits both alike; answers the medians.
 */
async function pair(label: string, before: () => Promise<void>, floorWork: () => Promise<unknown>, oursWork: () => Promise<unknown>): Promise<[number, number]> {
  const floors: number[] = [];
  const ourRuns: number[] = [];
  for (let run = 0; run <= RUNS; run++) {
    await before();
    const floorMs = await timed(floorWork);
    await before();
    const oursMs = await timed(oursWork);
    // Run 0 warms caches and the JIT: not counted.
    if (run > 0) {
      floors.push(floorMs);
      ourRuns.push(oursMs);
    }
  }
  const show = (samples: number[]) => `${samples.map((ms) => ms.toFixed(0)).join(', ')} ms → median ${median(samples).toFixed(0)} ms`;
  process.stdout.write(`[bench] ${label} floor: ${show(floors)}\n[bench] ${label} import: ${show(ourRuns)}\n`);
  return [median(floors), median(ourRuns)];
}

function writeResults(section: string): void {
  const doc = readFileSync(DOC, 'utf8');
  const start = '<!-- results:weekly-import -->';
  const end = '<!-- /results:weekly-import -->';
  const from = doc.indexOf(start);
  const to = doc.indexOf(end);
  if (from < 0 || to < 0) throw new Error(`markers ${start} … ${end} missing in docs/benchmarks.md`);
  writeFileSync(DOC, `${doc.slice(0, from + start.length)}\n${section}\n${doc.slice(to)}`);
}

async function main(): Promise<void> {
  const services = await resolveServices();
  const dir = mkdtempSync(join(tmpdir(), 'karta-bench-import-'));
  try {
    const databaseUrl = await ensureDatabase(services.postgresServerUrl, 'karta_bench_import', { fresh: true });
    const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 'karta-bench-import')).initialize();
    await runMigrations(dataSource);
    await dataSource.destroy();
    const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 });
    try {
      const seedStart = Date.now();
      await pool.query(SEED_SQL);
      process.stdout.write(`[bench] seeded ${ORGANIZATIONS} organizations with headcounts in ${Date.now() - seedStart} ms\n`);
      const csvPath = csvFile(dir);
      const xlsxPath = await xlsxFile(dir);
      const { rows: organizations } = await pool.query<{ code: string }>(`SELECT code FROM organization WHERE kind = 'school' ORDER BY code`);
      const copyText = organizations.map(({ code: c }) => `${c}\t${WEEK_START}\t${values(Number(c.slice(2))).join('\t')}\n`).join('');
      const today = toLocalDate(new Date());
      const currentWeek = weekStartOf(today);

      const [csvFloor, csvOurs] = await pair('CSV', () => reset(pool), () => floor(pool, copyText), () => ours(pool, csvPath, 'csv', currentWeek));
      const [xlsxFloor, xlsxOurs] = await pair('XLSX', () => reset(pool), () => parseXlsxOnly(xlsxPath), () => ours(pool, xlsxPath, 'xlsx', currentWeek));

      const rate = (ms: number) => Math.round((ORGANIZATIONS / ms) * 1000);
      const csvRatio = rate(csvOurs) / rate(csvFloor);
      const xlsxRatio = rate(xlsxOurs) / rate(xlsxFloor);
      const verdict = (ratio: number, target: number) => `**${ratio.toFixed(2)}×** (target ≥ ${target}×${ratio >= target ? ', met' : ', NOT MET'})`;
      const format = (n: number) => n.toLocaleString('en-US');
      const stamp = new Date().toISOString().slice(0, 16).replace('T', ' ');
      writeResults(
        [
          `Measured ${stamp} UTC on ${cpus().length} × ${cpus()[0]?.model.split(' ').slice(0, 2).join(' ') ?? 'CPU'}, Node ${process.version}; ${format(ORGANIZATIONS)} organizations, ${format(ORGANIZATIONS)} rows, median of ${RUNS} runs after a warm-up, import and floor alternating.`,
          '',
          '| run | ms | rows/s |',
          '|---|---|---|',
          `| CSV (Windows-1251, \`;\`) end to end: decode, parse, validate, upsert, revisions | ${csvOurs.toFixed(0)} | ${format(rate(csvOurs))} |`,
          `| floor: COPY of the same rows into a staging table + one upsert | ${csvFloor.toFixed(0)} | ${format(rate(csvFloor))} |`,
          `| XLSX end to end (same data) | ${xlsxOurs.toFixed(0)} | ${format(rate(xlsxOurs))} |`,
          `| floor: exceljs streaming parse of the same file alone | ${xlsxFloor.toFixed(0)} | ${format(rate(xlsxFloor))} |`,
          '',
          `CSV / floor: ${verdict(csvRatio, 0.5)}; XLSX / exceljs alone: ${verdict(xlsxRatio, 0.8)}.`,
        ].join('\n'),
      );
      process.stdout.write(`[bench] CSV ${csvRatio.toFixed(2)}× floor, XLSX ${xlsxRatio.toFixed(2)}× exceljs\n`);
    } finally {
      await pool.end();
    }
  } finally {
    rmSync(dir, { recursive: true, force: true });
    await services.stop();
  }
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
