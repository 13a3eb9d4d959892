// npx tsx --tsconfig tools/tsconfig.json tools/bench/indicator-heatmap.ts
// The heatmap statement of GET /api/indicators/:id/matrix (1,000 organizations × 52 weeks of one
// indicator, inside a synthetic region of 20,000) beside its floor, the bare SELECT of the same snapshot
// rows by primary key, measured in the same run; rewrites the indicator-heatmap section of docs/benchmarks.md.
import 'reflect-metadata';
import { readFileSync, writeFileSync } from 'node:fs';
import { cpus, loadavg } from 'node:os';
import { join, resolve } from 'node:path';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@karta/db';
// The benchmark times the very statement the API builds; the builders are plain functions without Nest.
// eslint-disable-next-line @nx/enforce-module-boundaries
import { matrixSql, organizationsFilterSql } from '../../libs/api/indicators/src/lib/indicators.sql';
import { ensureDatabase, resolveServices } from '../dev/services';

const DOC = join(resolve(__dirname, '../..'), 'docs/benchmarks.md');
const DEPARTMENTS = 20;
const ORGANIZATIONS_PER_DEPARTMENT = 1_000;
const WEEKS = 52;
const FIRST_WEEK = '2025-09-01';
const LAST_WEEK = '2026-08-24';
const WARMUP = 5;
const RUNS = 31;
const TARGET_MS = 50;

/** Deterministic ids: region 1, departments 101…, organizations 1,000,001…. */
const ID = (n: string) => `('00000000-0000-4000-8000-' || lpad(to_hex(${n}), 12, '0'))::uuid`;
const REGION_PATH = '/00000000-0000-4000-8000-000000000001/';
const DISTRICT_PATH = `${REGION_PATH}00000000-0000-4000-8000-000000000065/`;

const SEED_SQL = `
SELECT setseed(0.76);
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
VALUES (${ID('1')}, NULL, '/' || ${ID('1')} || '/', 'HR', 'Регион', 'Регион', 'region');
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
SELECT ${ID('100 + d')}, ${ID('1')}, '/' || ${ID('1')} || '/' || ${ID('100 + d')} || '/', 'HD-' || d, 'Отдел образования ' || d, 'ОО ' || d, 'department'
FROM generate_series(1, ${DEPARTMENTS}) d;
-- Short names in random order, so the page order is not the insertion order.
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
SELECT ${ID('1000000 + k')}, ${ID('100 + dep')}, '/' || ${ID('1')} || '/' || ${ID('100 + dep')} || '/' || ${ID('1000000 + k')} || '/',
       'HO-' || k, 'Организация ' || k, 'МКОУ ' || md5(k::text), CASE WHEN k % 5 < 3 THEN 'school' ELSE 'kindergarten' END
FROM generate_series(1, ${DEPARTMENTS * ORGANIZATIONS_PER_DEPARTMENT}) k, LATERAL (SELECT (k - 1) / ${ORGANIZATIONS_PER_DEPARTMENT} + 1 AS dep) x;

INSERT INTO roadmap (code, title, order_number, order_date, issuer, owner_organization_id, status)
VALUES ('bench-heatmap', 'Внедрение MAX (бенчмарк)', '76', '2025-08-01', 'Бенчмарк', ${ID('1')}, 'active');
INSERT INTO indicator (roadmap_id, code, name, numerator_measures, denominator_source, organization_kinds, sort_order)
SELECT r.id, v.code, v.code, v.measures::jsonb, v.source, v.kinds::jsonb, v.n
FROM roadmap r, (VALUES
  (1, 'staff', '["staff_wrote"]', 'staff_stat', '["school", "kindergarten"]'),
  (2, 'students', '["students_active", "parents_active"]', 'students_stat_x2', '["school", "kindergarten"]')
) AS v(n, code, measures, source, kinds);

-- Every organization × week × indicator, in week order (as the weekly job writes them); ≈ 5 % weeks not computed.
INSERT INTO indicator_snapshot (indicator_id, week_start, organization_id, numerator, denominator, share, target, status, gap, change, computed_at)
SELECT indicator_id, week_start, organization_id, num, 40, num / 40.0, 0.15,
       CASE WHEN num / 40.0 >= 0.15 THEN 'met' ELSE 'not_met' END, greatest(0, 0.15 - num / 40.0), NULL, now()
FROM (
  SELECT i.id AS indicator_id, '${FIRST_WEEK}'::date + 7 * w AS week_start, o.id AS organization_id, (random() * 40)::int AS num
  FROM generate_series(0, ${WEEKS - 1}) w CROSS JOIN indicator i CROSS JOIN organization o
  WHERE o.kind IN ('school', 'kindergarten') AND random() > 0.05
) seeded;
ANALYZE;
`;

/** The floor: the same snapshot rows, read by primary key with the organization ids given. */
const FLOOR_SQL = `
SELECT week_start, organization_id, status, share FROM indicator_snapshot
WHERE indicator_id = $1 AND week_start BETWEEN $2::date AND $3::date AND organization_id = ANY($4::uuid[])
ORDER BY indicator_id, week_start, organization_id`;

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)];

async function timeRuns(work: () => Promise<unknown>): Promise<number[]> {
  for (let run = 0; run < WARMUP; run++) await work();
  const runs: number[] = [];
  for (let run = 0; run < RUNS; run++) {
    const start = process.hrtime.bigint();
    await work();
    runs.push(Number(process.hrtime.bigint() - start) / 1e6);
  }
  return runs;
}

function log(message: string): void {
  process.stdout.write(`[bench:heatmap] ${message}\n`);
}

async function main(): Promise<void> {
  const services = await resolveServices();
  try {
    const url = await ensureDatabase(services.postgresServerUrl, 'karta_bench_heatmap', { fresh: true });
    const dataSource = await new DataSource(dataSourceOptions(url, 'karta-bench-heatmap')).initialize();
    try {
      await runMigrations(dataSource);
    } finally {
      await dataSource.destroy();
    }
    const client = new pg.Client({ connectionString: url });
    await client.connect();
    try {
      const seedStart = Date.now();
      await client.query(SEED_SQL);
      const counts = await client.query<{ organizations: number; snapshots: number; postgres: string; indicator: string }>(
        `SELECT (SELECT count(*) FROM organization)::int AS organizations, (SELECT count(*) FROM indicator_snapshot)::int AS snapshots,
                current_setting('server_version') AS postgres, (SELECT id FROM indicator WHERE code = 'staff') AS indicator`,
      );
      const { organizations, snapshots, postgres, indicator } = counts.rows[0];
      log(`seeded ${organizations} organizations, ${snapshots} snapshots in ${((Date.now() - seedStart) / 1000).toFixed(1)} s`);
      // Snapshots change once a week and autovacuum keeps the visibility map current in between, so the
      // covering index answers the heatmap without heap reads; the bench starts from that steady state.
      await client.query('VACUUM ANALYZE indicator_snapshot');

      // As the service builds it for a controller of the district asking for the whole district, one page of 1,000.
      const filter = organizationsFilterSql(
        { root: { path: DISTRICT_PATH }, owner: { path: REGION_PATH }, kinds: ['school', 'kindergarten'] },
        { clause: 'o.path LIKE :scopePath', params: { scopePath: `${DISTRICT_PATH}%` } },
        4,
      );
      const sql = matrixSql(filter.clause, 1_000, 0);
      const params = [indicator, FIRST_WEEK, LAST_WEEK, ...filter.params];
      const matrix = await client.query<{ id: string; offsets: number[] | null }>(sql, params);
      const cells = matrix.rows.reduce((sum, row) => sum + (row.offsets?.length ?? 0), 0);
      const ids = matrix.rows.map((row) => row.id);
      const floorRows = (await client.query(FLOOR_SQL, [indicator, FIRST_WEEK, LAST_WEEK, ids])).rowCount ?? 0;
      if (matrix.rows.length !== ORGANIZATIONS_PER_DEPARTMENT || cells !== floorRows) {
        throw new Error(`matrix returned ${matrix.rows.length} organizations with ${cells} cells; the floor ${floorRows} rows`);
      }
      const plan = await client.query<{ 'QUERY PLAN': string }>(`EXPLAIN (ANALYZE, BUFFERS) ${sql}`, params);
      const planText = plan.rows.map((row) => row['QUERY PLAN']).join('\n');
      log(`plan:\n${planText}`);

      // Alternate the two so both see the same cache and machine load.
      const matrixRuns: number[] = [];
      const floorRuns: number[] = [];
      for (let round = 0; round < 3; round++) {
        matrixRuns.push(...(await timeRuns(() => client.query(sql, params))));
        floorRuns.push(...(await timeRuns(() => client.query(FLOOR_SQL, [indicator, FIRST_WEEK, LAST_WEEK, ids]))));
      }
      log(`matrix median ${median(matrixRuns).toFixed(1)} ms, floor median ${median(floorRuns).toFixed(1)} ms`);
      writeResults({
        organizations,
        snapshots,
        postgres,
        cells,
        matrixMs: median(matrixRuns),
        matrixP90: percentile(matrixRuns, 0.9),
        floorMs: median(floorRuns),
        floorP90: percentile(floorRuns, 0.9),
        usesIndex: /Index Only Scan using "?PK_2c2456f340ef9fbf20e57eb097b/.test(planText),
      });
    } finally {
      await client.end();
    }
  } finally {
    await services.stop();
  }
}

function percentile(values: number[], p: number): number {
  const sorted = [...values].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor(sorted.length * p))];
}

interface Results {
  organizations: number;
  snapshots: number;
  postgres: string;
  cells: number;
  matrixMs: number;
  matrixP90: number;
  floorMs: number;
  floorP90: number;
  usesIndex: boolean;
}

function writeResults(r: Results): void {
  const ms = (value: number) => `${value.toFixed(1)} ms`;
  const section = [
    `<!-- results:indicator-heatmap -->`,
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}, PostgreSQL ${r.postgres}; ` +
      `${r.organizations.toLocaleString('en')} organizations, ${r.snapshots.toLocaleString('en')} snapshots; load average ${loadavg()[0].toFixed(1)} at the end (the machine is shared); ${3 * RUNS} runs each (after ${WARMUP} warm-up runs per round), the two alternating in 3 rounds.`,
    '',
    '| statement | median | p90 | rows |',
    '|---|---|---|---|',
    `| heatmap page (service statement: 1,000 organizations with total, weeks aggregated per organization) | ${ms(r.matrixMs)} | ${ms(r.matrixP90)} | 1,000 (${r.cells.toLocaleString('en')} cells) |`,
    `| floor: bare \`SELECT\` of the same snapshots by primary key | ${ms(r.floorMs)} | ${ms(r.floorP90)} | ${r.cells.toLocaleString('en')} |`,
    '',
    `Heatmap: **${ms(r.matrixMs)}** (target ≤ ${TARGET_MS} ms: ${r.matrixMs <= TARGET_MS ? 'met' : '**NOT MET**'}); ` +
      `floor / heatmap: **${(r.floorMs / r.matrixMs).toFixed(2)}×** (above 1: the page ships 1,000 aggregated rows, the floor every snapshot row); the plan reads snapshots by an index-only scan of the primary key (indicator, organization, week) covering status and share: ${r.usesIndex ? 'yes' : '**no**'}.`,
    `<!-- /results:indicator-heatmap -->`,
  ].join('\n');
  const doc = readFileSync(DOC, 'utf8');
  const pattern = /<!-- results:indicator-heatmap -->[\s\S]*<!-- \/results:indicator-heatmap -->/;
  if (!pattern.test(doc)) throw new Error('docs/benchmarks.md has no indicator-heatmap results markers');
  writeFileSync(DOC, doc.replace(pattern, section));
  process.stdout.write(`${section}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench:heatmap] ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
