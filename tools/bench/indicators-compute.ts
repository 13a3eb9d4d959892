// npx tsx --tsconfig tools/tsconfig.json tools/bench/indicators-compute.ts
// Weekly indicator computation on a synthetic region of 100,000 organizations, beside its floor (a
// hand-written single INSERT … SELECT … ON CONFLICT of the same organization snapshots), measured in
// the same run; rewrites the indicators-compute results section of docs/benchmarks.md.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@karta/db';
import type { LocalDate } from '@karta/domain';
import { COMPUTE_WORK_MEM, computeIndicatorWeeks, type IndicatorWeeksResult } from '@karta/server-indicators';
import { ensureDatabase, resolveServices } from '../dev/services';

const DOC = join(resolve(__dirname, '../..'), 'docs/benchmarks.md');
const DEPARTMENTS = 100;
const ORGANIZATIONS_PER_DEPARTMENT = 1_000;
const FIRST_WEEK = '2025-09-01' as LocalDate;
const WEEKS = 52;
const LAST_WEEK = '2026-08-24' as LocalDate;
/** The week measured alone: mid-year, with a previous week and a stage change behind it. */
const MEASURED_WEEK = '2026-03-02' as LocalDate;
const RUNS = 5;
// A year takes about ten minutes on the shared 2-core machine (first run and unchanged re-run): one round.
const YEAR_RUNS = 1;

/** Deterministic ids: region 1, departments 101…200, organizations 1,000,001…. */
const ID = (n: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;

const SEED_SQL = `
SELECT setseed(0.76);
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
VALUES (${ID('1')}, NULL, '/' || ${ID('1')} || '/', 'BR', 'Регион', 'Регион', 'region');
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
SELECT ${ID('100 + d')}, ${ID('1')}, '/' || ${ID('1')} || '/' || ${ID('100 + d')} || '/', 'BD-' || d, 'Отдел образования ' || d, 'ОО ' || d, 'department'
FROM generate_series(1, ${DEPARTMENTS}) d;
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
SELECT ${ID('1000000 + k')}, ${ID('100 + dep')}, '/' || ${ID('1')} || '/' || ${ID('100 + dep')} || '/' || ${ID('1000000 + k')} || '/',
       'BO-' || k, 'Организация ' || k, 'ОО-' || k, CASE WHEN k % 5 < 3 THEN 'school' ELSE 'kindergarten' END
FROM generate_series(1, ${DEPARTMENTS * ORGANIZATIONS_PER_DEPARTMENT}) k, LATERAL (SELECT (k - 1) / ${ORGANIZATIONS_PER_DEPARTMENT} + 1 AS dep) x;

INSERT INTO roadmap (code, title, order_number, order_date, issuer, owner_organization_id, status)
VALUES ('bench-76', 'Внедрение MAX (бенчмарк)', '76', '2025-08-01', 'Бенчмарк', ${ID('1')}, 'active');
INSERT INTO indicator (roadmap_id, code, name, numerator_measures, denominator_source, organization_kinds, sort_order)
SELECT r.id, v.code, v.code, v.measures::jsonb, v.source, v.kinds::jsonb, v.n
FROM roadmap r, (VALUES
  (1, 'staff', '["staff_wrote"]', 'staff_stat', '["school", "kindergarten"]'),
  (2, 'students', '["students_active", "parents_active"]', 'students_stat_x2', '["school"]'),
  (3, 'sferum', '["sferum_in_max"]', 'sferum_users_total', '["school"]'),
  (4, 'officials', '["officials_wrote"]', 'actual_headcount_ministry', '["department"]')
) AS v(n, code, measures, source, kinds);
-- Staff: 75 % for schools only (kindergartens keep 15 %), as order №76 words actions 2 and 4.
INSERT INTO indicator_target (indicator_id, effective_from, target, organization_kinds)
SELECT i.id, v.effective_from::date, v.target, v.kinds::jsonb
FROM indicator i JOIN (VALUES
  ('staff', '2025-09-01', 0.15, NULL), ('staff', '2025-12-01', 0.75, '["school"]'), ('staff', '2026-03-02', 1.0, NULL),
  ('students', '2025-09-01', 0.05, NULL), ('students', '2025-12-01', 0.30, NULL), ('students', '2026-03-02', 1.0, NULL),
  ('sferum', '2025-09-01', 1.0, NULL), ('officials', '2025-09-01', 1.0, NULL)
) AS v(code, effective_from, target, kinds) ON v.code = i.code;

-- Headcounts from 1 September; one organization in ten gets a new staff count in January.
INSERT INTO organization_headcount (organization_id, kind, value, effective_from)
SELECT id, 'staff_stat', 20 + (hashint4(n) & 127), '2025-09-01' FROM (SELECT id, substr(code, 4)::int AS n FROM organization WHERE kind IN ('school', 'kindergarten')) o;
INSERT INTO organization_headcount (organization_id, kind, value, effective_from)
SELECT id, 'staff_stat', 25 + (hashint4(n) & 127), '2026-01-12' FROM (SELECT id, substr(code, 4)::int AS n FROM organization WHERE kind IN ('school', 'kindergarten')) o WHERE n % 10 = 0;
INSERT INTO organization_headcount (organization_id, kind, value, effective_from)
SELECT id, 'students_stat', 100 + (hashint4(n + 7) & 1023), '2025-09-01' FROM (SELECT id, substr(code, 4)::int AS n FROM organization WHERE kind = 'school') o;
INSERT INTO organization_headcount (organization_id, kind, value, effective_from)
SELECT id, 'actual_headcount_ministry', 5 + (hashint4(n) & 15), '2025-09-01' FROM (SELECT id, substr(code, 4)::int AS n FROM organization WHERE kind = 'department') o;

-- A year of weekly reports, rising through the year; ~5 % of organization-weeks unreported, ~2 % without parents.
INSERT INTO weekly_report (organization_id, week_start, staff_wrote, students_active, parents_active, sferum_in_max, sferum_total, officials_wrote, source, version)
SELECT o.id, '${FIRST_WEEK}'::date + 7 * w,
       (h.staff * least(1.0, 0.05 + w * 0.02 + random() * 0.1))::int,
       CASE WHEN o.kind = 'school' THEN (s.students * least(1.0, 0.02 + w * 0.015 + random() * 0.1))::int END,
       CASE WHEN o.kind = 'school' AND random() > 0.02 THEN (s.students * least(1.0, 0.01 + w * 0.01 + random() * 0.1))::int END,
       CASE WHEN o.kind = 'school' THEN (s.students * 0.9 * least(1.0, 0.3 + w * 0.015))::int END,
       CASE WHEN o.kind = 'school' THEN (s.students * 0.9)::int END,
       NULL, 'import', 1
FROM organization o
JOIN organization_headcount h0 ON h0.organization_id = o.id AND h0.kind = 'staff_stat' AND h0.effective_from = '2025-09-01'
CROSS JOIN LATERAL (SELECT h0.value AS staff) h
LEFT JOIN LATERAL (SELECT value AS students FROM organization_headcount WHERE organization_id = o.id AND kind = 'students_stat') s ON true
CROSS JOIN generate_series(0, ${WEEKS - 1}) w
WHERE random() > 0.05;
INSERT INTO weekly_report (organization_id, week_start, officials_wrote, source, version)
SELECT h.organization_id, '${FIRST_WEEK}'::date + 7 * w, (h.value * least(1.0, 0.4 + w * 0.02))::int, 'entry', 1
FROM organization_headcount h CROSS JOIN generate_series(0, ${WEEKS - 1}) w WHERE h.kind = 'actual_headcount_ministry';
ANALYZE;
`;

/**
 * The floor: one hand-written statement for one week of order №76's four indicators (numerators and
 * denominators spelled out per indicator code, headcounts and targets per organization kind looked up
 * for that Monday).
 */
const FLOOR_ROWS_SQL = `
WITH ind AS (
  SELECT i.id, i.code, i.organization_kinds, owner.path AS owner_path
  FROM indicator i JOIN roadmap r ON r.id = i.roadmap_id AND r.status = 'active' JOIN organization owner ON owner.id = r.owner_organization_id
),
hc AS (SELECT DISTINCT ON (organization_id, kind) organization_id, kind, value FROM organization_headcount WHERE effective_from <= $1::date ORDER BY organization_id, kind, effective_from DESC),
phc AS (SELECT DISTINCT ON (organization_id, kind) organization_id, kind, value FROM organization_headcount WHERE effective_from <= $1::date - 7 ORDER BY organization_id, kind, effective_from DESC),
tg AS (
  SELECT DISTINCT ON (t.indicator_id, k.kind) t.indicator_id, k.kind, t.target::float8 AS target
  FROM indicator_target t JOIN indicator i ON i.id = t.indicator_id CROSS JOIN LATERAL jsonb_array_elements_text(i.organization_kinds) AS k(kind)
  WHERE t.effective_from <= $1::date AND (t.organization_kinds IS NULL OR t.organization_kinds ? k.kind)
  ORDER BY t.indicator_id, k.kind, t.effective_from DESC
),
v AS (
  SELECT i.id AS indicator_id, i.code, o.id AS organization_id, tg.target,
         CASE i.code WHEN 'staff' THEN r.staff_wrote WHEN 'students' THEN r.students_active + r.parents_active WHEN 'sferum' THEN r.sferum_in_max ELSE r.officials_wrote END AS num,
         CASE i.code WHEN 'sferum' THEN r.sferum_total WHEN 'students' THEN h.value * 2 ELSE h.value END AS den,
         CASE i.code WHEN 'staff' THEN p.staff_wrote WHEN 'students' THEN p.students_active + p.parents_active WHEN 'sferum' THEN p.sferum_in_max ELSE p.officials_wrote END AS pnum,
         CASE i.code WHEN 'sferum' THEN p.sferum_total WHEN 'students' THEN ph.value * 2 ELSE ph.value END AS pden
  FROM ind i
  JOIN organization o ON o.is_active AND starts_with(o.path, i.owner_path) AND i.organization_kinds ? o.kind
  LEFT JOIN weekly_report r ON r.organization_id = o.id AND r.week_start = $1::date
  LEFT JOIN weekly_report p ON p.organization_id = o.id AND p.week_start = $1::date - 7
  LEFT JOIN hc h ON h.organization_id = o.id AND h.kind = CASE i.code WHEN 'staff' THEN 'staff_stat' WHEN 'students' THEN 'students_stat' WHEN 'officials' THEN 'actual_headcount_ministry' END
  LEFT JOIN phc ph ON ph.organization_id = o.id AND ph.kind = CASE i.code WHEN 'staff' THEN 'staff_stat' WHEN 'students' THEN 'students_stat' WHEN 'officials' THEN 'actual_headcount_ministry' END
  LEFT JOIN tg ON tg.indicator_id = i.id AND tg.kind = o.kind
),
s AS (
  SELECT *, CASE WHEN num IS NOT NULL AND den <> 0 THEN num::float8 / den END AS share,
            CASE WHEN pnum IS NOT NULL AND pden <> 0 THEN pnum::float8 / pden END AS previous_share
  FROM v
)`;
const FLOOR_SQL = `${FLOOR_ROWS_SQL}
INSERT INTO indicator_snapshot (indicator_id, week_start, organization_id, numerator, denominator, share, target, status, gap, change, computed_at)
SELECT indicator_id, $1::date, organization_id, num, den, share, target,
       CASE WHEN target IS NULL THEN 'no_target'
            WHEN share IS NULL THEN CASE WHEN coalesce(den, 0) = 0 AND (code <> 'sferum' OR num IS NOT NULL) THEN 'no_denominator' ELSE 'no_data' END
            WHEN share >= target THEN 'met' ELSE 'not_met' END,
       CASE WHEN target IS NULL OR share IS NULL THEN NULL WHEN share >= target THEN 0 ELSE target - share END,
       share - previous_share, $2
FROM s
ON CONFLICT (indicator_id, week_start, organization_id) DO UPDATE SET
  numerator = EXCLUDED.numerator, denominator = EXCLUDED.denominator, share = EXCLUDED.share, target = EXCLUDED.target,
  status = EXCLUDED.status, gap = EXCLUDED.gap, change = EXCLUDED.change, computed_at = EXCLUDED.computed_at`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; result: T }> {
  const start = process.hrtime.bigint();
  const result = await work();
  return { ms: Number(process.hrtime.bigint() - start) / 1e6, result };
}

function log(message: string): void {
  process.stdout.write(`[bench:indicators] ${message}\n`);
}

async function main(): Promise<void> {
  const services = await resolveServices();
  try {
    // --reuse keeps an already seeded database (while tuning the SQL); the default is a fresh one.
    const reuse = process.argv.includes('--reuse');
    // --week-only skips the year (minutes) and leaves docs/benchmarks.md alone (while tuning the SQL).
    const weekOnly = process.argv.includes('--week-only');
    const url = await ensureDatabase(services.postgresServerUrl, 'karta_bench_indicators', { fresh: !reuse });
    const dataSource = await new DataSource(dataSourceOptions(url, 'karta-bench-indicators')).initialize();
    try {
      await runMigrations(dataSource);
      const [{ seeded }] = await dataSource.query(`SELECT EXISTS (SELECT 1 FROM roadmap WHERE code = 'bench-76') AS seeded`);
      const seed = await timed(async () => {
        if (seeded) return;
        await dataSource.query(SEED_SQL);
        // Vacuumed: the first measured reads would otherwise set hint bits (writes) on millions of fresh rows.
        await dataSource.query('VACUUM ANALYZE');
      });
      const [{ organizations, reports, postgres }] = await dataSource.query(
        `SELECT (SELECT count(*) FROM organization)::int AS organizations, (SELECT count(*) FROM weekly_report)::int AS reports, current_setting('server_version') AS postgres`,
      );
      log(`${seeded ? 'reused' : 'seeded'} ${organizations} organizations, ${reports} weekly reports (${(seed.ms / 1000).toFixed(1)} s)`);

      const clear = () => dataSource.query(`TRUNCATE indicator_snapshot, indicator_rollup`);
      const compute = (from: LocalDate, to: LocalDate = from) =>
        timed(() => dataSource.transaction((manager) => computeIndicatorWeeks(manager, { from, to, now: new Date() })));
      // The floor runs with the memory the computation gives itself, and without JIT like it.
      const floorStatement = (sql: string, parameters: unknown[]) =>
        timed(() =>
          dataSource.transaction(async (manager) => {
            await manager.query(`SELECT set_config('work_mem', $1, true)`, [COMPUTE_WORK_MEM]);
            await manager.query(`SELECT set_config('jit', 'off', true)`);
            await manager.query(sql, parameters);
          }),
        );
      const floor = () => floorStatement(FLOOR_SQL, [MEASURED_WEEK, new Date()]);
      // The floor's rows evaluated and counted, not written: what computing them costs alone.
      const floorRows = () => floorStatement(`${FLOOR_ROWS_SQL} SELECT count(*), sum(share), sum(previous_share) FROM s`, [MEASURED_WEEK]);
      // Warm the caches the same way for both.
      await compute(MEASURED_WEEK);
      await clear();
      await floor();

      // One week into empty tables, alternating computation and floor; then the same week again unchanged.
      const weekRuns: number[] = [];
      const floorRuns: number[] = [];
      const rerunRuns: number[] = [];
      const floorRerunRuns: number[] = [];
      const floorRowsRuns: number[] = [];
      const weeks: IndicatorWeeksResult[] = [];
      for (let run = 0; run < RUNS; run++) {
        await clear();
        const computed = await compute(MEASURED_WEEK);
        weeks.push(computed.result);
        weekRuns.push(computed.ms);
        rerunRuns.push((await compute(MEASURED_WEEK)).ms);
        await clear();
        floorRuns.push((await floor()).ms);
        floorRerunRuns.push((await floor()).ms);
        floorRowsRuns.push((await floorRows()).ms);
      }
      // The floor must produce the very organization snapshots the computation produces.
      await clear();
      await compute(MEASURED_WEEK);
      await dataSource.query(`CREATE TEMP TABLE computed_week AS SELECT indicator_id, week_start, organization_id, numerator, denominator, share, target, status, gap, change FROM indicator_snapshot`);
      const writeRuns = await writeAlone(dataSource, clear, RUNS);
      await clear();
      await floor();
      const [{ differences }] = await dataSource.query(
        `SELECT count(*)::int AS differences FROM (
           (SELECT * FROM computed_week EXCEPT SELECT indicator_id, week_start, organization_id, numerator, denominator, share, target, status, gap, change FROM indicator_snapshot)
           UNION ALL
           (SELECT indicator_id, week_start, organization_id, numerator, denominator, share, target, status, gap, change FROM indicator_snapshot EXCEPT SELECT * FROM computed_week)) d`,
      );
      log(`week: ${weekRuns.map((ms) => ms.toFixed(0)).join(', ')} ms; floor: ${floorRuns.map((ms) => ms.toFixed(0)).join(', ')} ms; differences ${differences}`);
      log(`unchanged week: ${rerunRuns.map((ms) => ms.toFixed(0)).join(', ')} ms; floor again: ${floorRerunRuns.map((ms) => ms.toFixed(0)).join(', ')} ms; load average ${loadavg()[0].toFixed(1)}`);
      log(`writing the week's computed snapshots alone: ${writeRuns.map((ms) => ms.toFixed(0)).join(', ')} ms; the floor's rows evaluated alone: ${floorRowsRuns.map((ms) => ms.toFixed(0)).join(', ')} ms`);
      if (weekOnly) return;

      const yearRuns: number[] = [];
      const yearRerunRuns: number[] = [];
      const years: IndicatorWeeksResult[] = [];
      for (let run = 0; run < YEAR_RUNS; run++) {
        await clear();
        await dataSource.query('VACUUM ANALYZE indicator_snapshot, indicator_rollup');
        const computed = await compute(FIRST_WEEK, LAST_WEEK);
        years.push(computed.result);
        yearRuns.push(computed.ms);
        yearRerunRuns.push((await compute(FIRST_WEEK, LAST_WEEK)).ms);
        log(`year: ${computed.ms.toFixed(0)} ms, unchanged re-run ${yearRerunRuns[run].toFixed(0)} ms`);
      }
      const [yearWriteMs] = await writeAlone(dataSource, clear, 1);
      log(`writing the year's computed snapshots alone: ${yearWriteMs.toFixed(0)} ms`);
      writeResults({
        organizations,
        reports,
        postgres,
        week: weeks[0],
        year: years[0],
        weekMs: median(weekRuns),
        rerunMs: median(rerunRuns),
        floorMs: median(floorRuns),
        floorRerunMs: median(floorRerunRuns),
        writeMs: median(writeRuns),
        floorRowsMs: median(floorRowsRuns),
        yearWriteMs,
        yearMs: Math.max(...yearRuns),
        yearRerunMs: Math.max(...yearRerunRuns),
        differences,
      });
    } finally {
      await dataSource.destroy();
    }
  } finally {
    await services.stop();
  }
}

/**
 * The floor of any computation that stores its result as these rows: the snapshots it computed,
 * copied aside, inserted again into the emptied table in one statement, in the computation's order
 * (indicator, organization, week), with its memory and without JIT. Answers each run's time.
 */
async function writeAlone(dataSource: DataSource, clear: () => Promise<unknown>, runs: number): Promise<number[]> {
  await dataSource.query(`DROP TABLE IF EXISTS bench_computed_rows`);
  await dataSource.query(`CREATE UNLOGGED TABLE bench_computed_rows AS SELECT * FROM indicator_snapshot ORDER BY indicator_id, organization_id, week_start`);
  const times: number[] = [];
  try {
    for (let run = 0; run < runs; run++) {
      await clear();
      const { ms } = await timed(() =>
        dataSource.transaction(async (manager) => {
          await manager.query(`SELECT set_config('work_mem', $1, true)`, [COMPUTE_WORK_MEM]);
          await manager.query(`SELECT set_config('jit', 'off', true)`);
          await manager.query(`INSERT INTO indicator_snapshot SELECT * FROM bench_computed_rows`);
        }),
      );
      times.push(ms);
    }
  } finally {
    await dataSource.query(`DROP TABLE bench_computed_rows`);
  }
  return times;
}

interface Results {
  organizations: number;
  reports: number;
  postgres: string;
  week: IndicatorWeeksResult;
  year: IndicatorWeeksResult;
  weekMs: number;
  rerunMs: number;
  floorMs: number;
  floorRerunMs: number;
  /** The computed snapshots inserted again into the emptied table: the cost of the result's rows alone. */
  writeMs: number;
  /** The floor's SELECT alone (rows evaluated and counted, nothing written). */
  floorRowsMs: number;
  yearWriteMs: number;
  yearMs: number;
  yearRerunMs: number;
  differences: number;
}

function writeResults(r: Results): void {
  const ratio = r.floorMs / r.weekMs;
  const verdict = (ok: boolean) => (ok ? 'met' : '**NOT MET**');
  const seconds = (ms: number) => `${(ms / 1000).toFixed(2)} s`;
  const section = [
    `<!-- results:indicators-compute -->`,
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, PostgreSQL ${r.postgres}; ` +
      `${r.organizations.toLocaleString('en')} organizations, ${r.reports.toLocaleString('en')} weekly reports; one week: median of ${RUNS} runs; year: ${YEAR_RUNS === 1 ? 'one run' : `the slower of ${YEAR_RUNS}`}; load average at the end ${loadavg()[0].toFixed(1)}.`,
    '',
    '| run | time | rows written |',
    '|---|---|---|',
    `| one week, all indicators (\`computeIndicatorWeeks\`: snapshots, rollups, task statuses), empty tables | ${seconds(r.weekMs)} | ${r.week.snapshots.toLocaleString('en')} snapshots, ${r.week.rollups} rollups |`,
    `| floor: hand-written \`INSERT … SELECT … ON CONFLICT\` of the same snapshots, empty table | ${seconds(r.floorMs)} | ${r.week.snapshots.toLocaleString('en')} snapshots |`,
    `| floor: the computed snapshots alone, inserted into the emptied table (heap, primary key, BRIN) | ${seconds(r.writeMs)} | ${r.week.snapshots.toLocaleString('en')} snapshots |`,
    `| floor: the hand-written statement's rows evaluated alone, nothing written | ${seconds(r.floorRowsMs)} | 0 |`,
    `| the same week again, nothing changed | ${seconds(r.rerunMs)} | 0 |`,
    `| floor again (it rewrites every row) | ${seconds(r.floorRerunMs)} | ${r.week.snapshots.toLocaleString('en')} |`,
    `| full year (${r.year.weeks} weeks), empty tables | ${seconds(r.yearMs)} | ${r.year.snapshots.toLocaleString('en')} snapshots, ${r.year.rollups.toLocaleString('en')} rollups |`,
    `| floor: the year's computed snapshots alone, inserted into the emptied table | ${seconds(r.yearWriteMs)} | ${r.year.snapshots.toLocaleString('en')} snapshots |`,
    `| full year again, nothing changed | ${seconds(r.yearRerunMs)} | 0 |`,
    '',
    // The absolute targets (a week ≤ 1 s, a year ≤ 10 s) were withdrawn: writing the result rows alone exceeds them here.
    `One week: **${seconds(r.weekMs)}**; floor / computation: **${ratio.toFixed(2)}×** (target ≥ 1.0×: ${verdict(ratio >= 1)}); ` +
      `full year: **${seconds(r.yearMs)}**. ` +
      `Snapshots differing between computation and floor: ${r.differences}. ` +
      `Inserting the computed rows alone takes ${seconds(r.writeMs)} for the week and ${seconds(r.yearWriteMs)} for the year; ` +
      `evaluating the week's rows alone, ${seconds(r.floorRowsMs)}.`,
    `<!-- /results:indicators-compute -->`,
  ].join('\n');
  const doc = readFileSync(DOC, 'utf8');
  const pattern = /<!-- results:indicators-compute -->[\s\S]*<!-- \/results:indicators-compute -->/;
  if (!pattern.test(doc)) throw new Error('docs/benchmarks.md has no indicators-compute results markers');
  writeFileSync(DOC, doc.replace(pattern, section));
  process.stdout.write(`${section}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:indicators] ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
