// Redis outage measurements (issue 11): the built API and worker as processes on a Redis of their own,
// which is stopped for OUTAGE_SECONDS (default 60) and started again empty, then wiped with FLUSHALL.
// Measured: the answer to a weekly-report save during the outage, sign-in and both health endpoints
// during it, how long after Redis returns the queue connections work again (a probe job's round trip:
// API → Redis → worker → PostgreSQL), when the save's computation ran, the lines each process logged
// during the outage, and how long after FLUSHALL the recurring job schedulers are back.
// Run (after `npx nx run-many -t build -p api worker`; PostgreSQL as for `npm start`, Redis always its own):
//   DATABASE_URL=postgres://postgres@127.0.0.1:5432/postgres npx tsx --tsconfig tools/tsconfig.json tools/bench/redis-outage.ts
// OUTAGE_SECONDS (60), SCHEDULER_WAIT_SECONDS (90), WORKER_RECOVERY_INTERVAL_SECONDS (the default 60),
// OUTAGE_LOG_DIR (writes each process's log lines from the outage on).
import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { Queue } from 'bullmq';
import Redis from 'ioredis';
import pg from 'pg';
import { DataSource } from 'typeorm';
import { dataSourceOptions, runMigrations } from '@karta/db';
import { addDays, formatIsoWeek, isoWeekOf, isoWeekStart, toLocalDate } from '@karta/domain';
import { QueueName, RECURRING_JOBS } from '@karta/jobs';
import { PasswordHasher, redisOptions } from '@karta/server-core';
import { ensureDatabase, freePort, redisAnswers, resolveServices } from '../dev/services';

const ROOT = resolve(__dirname, '../..');
const OUTAGE_MS = Number(process.env['OUTAGE_SECONDS'] ?? 60) * 1000;
const SCHEDULER_WAIT_MS = Number(process.env['SCHEDULER_WAIT_SECONDS'] ?? 90) * 1000;
const PASSWORD = 'bench-redis-outage';
const REGION = '00000000-0000-4000-8000-000000000001';
const DISTRICT = '00000000-0000-4000-8000-000000000002';
const SCHOOL = '00000000-0000-4000-8000-000000000003';

const SEED_SQL = `
INSERT INTO organization (id, parent_id, path, code, name, short_name, kind)
VALUES ('${REGION}', NULL, '/${REGION}/', 'RO-RD', 'Регион', 'Регион', 'region'),
       ('${DISTRICT}', '${REGION}', '/${REGION}/${DISTRICT}/', 'RO-UO', 'Отдел образования', 'Отдел', 'department'),
       ('${SCHOOL}', '${DISTRICT}', '/${REGION}/${DISTRICT}/${SCHOOL}/', 'RO-S1', 'Школа №1', 'Школа №1', 'school');
INSERT INTO organization_headcount (organization_id, kind, value, effective_from) VALUES ('${SCHOOL}', 'staff_stat', 400, '2025-01-01');
INSERT INTO roadmap (code, title, order_number, order_date, issuer, owner_organization_id)
VALUES ('bench', 'Бенчмарк', '76', '2025-08-01', 'Отдел образования', '${DISTRICT}');
INSERT INTO indicator (roadmap_id, code, name, numerator_measures, denominator_source, organization_kinds, sort_order)
SELECT id, 'staff', 'Работники', '["staff_wrote"]', 'staff_stat', '["school"]', 1 FROM roadmap;
INSERT INTO indicator_target (indicator_id, effective_from, target) SELECT id, '2025-09-01', 0.15 FROM indicator;`;

/** A redis-server of the bench's own on a free port, without persistence: stopped and started again empty. */
class OwnRedis {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'karta-bench-redis-'));

  constructor(readonly port: number) {}

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  async start(): Promise<void> {
    this.child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], { stdio: 'ignore' });
    while (!(await redisAnswers(this.url, 200))) await sleep(20);
  }

  /** SIGTERM: Redis closes its clients' connections and exits; resolves once it no longer answers. */
  async stop(): Promise<void> {
    this.child?.kill('SIGTERM');
    this.child = null;
    while (await redisAnswers(this.url, 200)) await sleep(20);
  }

  async flushAll(): Promise<void> {
    const client = new Redis(this.url);
    await client.flushall();
    client.disconnect();
  }

  async dispose(): Promise<void> {
    await this.stop();
    rmSync(this.dir, { recursive: true, force: true });
  }
}

interface Service {
  child: ChildProcess;
  lines: string[];
}

function startService(name: 'api' | 'worker', env: Record<string, string>, ready: (output: string) => boolean | Promise<boolean>): Promise<Service> {
  const main = join(ROOT, `dist/apps/${name}/main.js`);
  if (!existsSync(main)) throw new Error(`${main} is missing: npx nx run-many -t build -p api worker`);
  const child = spawn(process.execPath, [main], { cwd: ROOT, env: { PATH: process.env['PATH'] ?? '', ...env }, stdio: ['ignore', 'pipe', 'pipe'] });
  const lines: string[] = [];
  let exited = false;
  child.stdout?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  child.stderr?.on('data', (chunk: Buffer) => lines.push(...chunk.toString().split('\n').filter(Boolean)));
  child.once('exit', () => (exited = true));
  return (async () => {
    while (!(await ready(lines.join('\n')))) {
      if (exited) throw new Error(`${name} exited at start:\n${lines.join('\n')}`);
      await sleep(100);
    }
    return { child, lines };
  })();
}

async function timed<T>(work: () => Promise<T>): Promise<{ ms: number; value: T }> {
  const start = performance.now();
  const value = await work();
  return { ms: Math.round(performance.now() - start), value };
}

async function status(url: string, init: RequestInit = {}, timeoutMs = 150_000): Promise<number> {
  try {
    return (await fetch(url, { ...init, signal: AbortSignal.timeout(timeoutMs) })).status;
  } catch {
    return 0;
  }
}

/** Milliseconds from `since` until `check` first answers true (polled every 50 ms), or null after `timeoutMs`. */
async function until(check: () => Promise<boolean>, since: number, timeoutMs: number): Promise<number | null> {
  while (performance.now() - since < timeoutMs) {
    if (await check()) return Math.round(performance.now() - since);
    await sleep(50);
  }
  return null;
}

const seconds = (ms: number | null) => (ms === null ? 'never (gave up)' : `${(ms / 1000).toFixed(2)} s`);

async function main(): Promise<void> {
  const redis = new OwnRedis(await freePort());
  await redis.start();
  const services = await resolveServices();
  const databaseName = `karta_bench_redis_${randomBytes(4).toString('hex')}`;
  const databaseUrl = await ensureDatabase(services.postgresServerUrl, databaseName, { fresh: true });
  const dataSource = await new DataSource(dataSourceOptions(databaseUrl, 'karta-bench')).initialize();
  await runMigrations(dataSource);
  await dataSource.query(SEED_SQL);
  const passwordHash = await new PasswordHasher().hash(PASSWORD);
  const user = async (email: string, role: string, organizationId: string) =>
    dataSource.query(`INSERT INTO user_account (email, full_name, role, organization_id, password_hash) VALUES ($1, 'Бенчмарк', $2, $3, $4)`, [email, role, organizationId, passwordHash]);
  await user('coordinator@bench.test', 'org_coordinator', SCHOOL);
  await user('admin@bench.test', 'admin', REGION);
  const coordinator = { email: 'coordinator@bench.test', password: PASSWORD };
  const admin = { email: 'admin@bench.test', password: PASSWORD };

  const apiPort = await freePort();
  const healthPort = await freePort();
  const queuePrefix = `karta-bench-${randomBytes(4).toString('hex')}`;
  const variables: Record<string, string> = {
    NODE_ENV: 'test',
    DATABASE_URL: databaseUrl,
    DB_MIGRATIONS_RUN: 'false',
    REDIS_URL: redis.url,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: randomBytes(32).toString('hex'),
    HOST: '127.0.0.1',
    PORT: String(apiPort),
    WORKER_HEALTH_PORT: String(healthPort),
    LOG_LEVEL: 'info',
    ...(process.env['WORKER_RECOVERY_INTERVAL_SECONDS'] ? { WORKER_RECOVERY_INTERVAL_SECONDS: process.env['WORKER_RECOVERY_INTERVAL_SECONDS'] } : {}),
  };
  const base = `http://127.0.0.1:${apiPort}/api`;
  const api = await startService('api', variables, async () => (await status(`${base}/health/live`, {}, 1_000)) === 200);
  const worker = await startService('worker', variables, (output) => output.includes('Worker started'));
  const json = (body: unknown) => ({ method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  const login = async (email: string, password: string) => (await (await fetch(`${base}/auth/login`, json({ email, password }))).json()).accessToken as string;
  const coordinatorToken = await login(coordinator.email, coordinator.password);
  const adminToken = await login(admin.email, admin.password);
  const week = formatIsoWeek(isoWeekOf(addDays(isoWeekStart(isoWeekOf(toLocalDate(new Date()))), -7)));
  const weekStart = isoWeekStart(isoWeekOf(addDays(toLocalDate(new Date()), -7)));
  let version = 0;
  let wrote = 0;
  const save = async (): Promise<number> => {
    wrote++;
    const response = await fetch(`${base}/weekly-reports/${SCHOOL}/${week}`, {
      method: 'PUT',
      headers: { 'content-type': 'application/json', authorization: `Bearer ${coordinatorToken}` },
      body: JSON.stringify({ values: { staff_wrote: wrote }, version }),
      signal: AbortSignal.timeout(OUTAGE_MS + 120_000),
    });
    if (response.ok) version = (await response.json()).version;
    return response.status;
  };
  const probe = async (): Promise<boolean> => {
    const response = await fetch(`${base}/system/probes`, { ...json({}), headers: { 'content-type': 'application/json', authorization: `Bearer ${adminToken}` } });
    if (response.status !== 202) return false;
    const { id } = await response.json();
    const deadline = performance.now() + 30_000;
    while (performance.now() < deadline) {
      const [row] = await dataSource.query(`SELECT processed_at FROM system_probe WHERE id = $1`, [id]);
      if (row?.processed_at) return true;
      await sleep(50);
    }
    return false;
  };
  const computedSince = async (since: Date): Promise<boolean> =>
    (await dataSource.query(`SELECT 1 FROM indicator_snapshot WHERE organization_id = $1 AND week_start = $2 AND computed_at > $3`, [SCHOOL, weekStart, since])).length > 0;

  console.log(`Redis outage of ${OUTAGE_MS / 1000} s (own redis-server on port ${redis.port}):`);
  const warm = await timed(save);
  console.log(`  save before the outage: ${warm.value} in ${warm.ms} ms`);
  await probe();

  const linesBefore = { api: api.lines.length, worker: worker.lines.length };
  await redis.stop();
  const down = performance.now();
  let back = 0;
  const comeBack = sleep(OUTAGE_MS)
    .then(() => redis.start())
    .then(() => (back = performance.now()));
  await sleep(350);
  const savedAt = new Date();
  // Each started 0.35 s into the outage, side by side, and timed until its answer.
  const during = Promise.all([
    timed(save),
    timed(() => status(`${base}/auth/login`, json({ email: coordinator.email, password: coordinator.password }))),
    timed(() => status(`${base}/health`)),
    timed(() => status(`http://127.0.0.1:${healthPort}/health`)),
  ]);
  await comeBack;
  const [probeBack, apiHealthy, workerHealthy, computed] = await Promise.all([
    until(probe, back, 120_000),
    until(async () => (await status(`${base}/health`, {}, 1_000)) === 200, back, 120_000),
    until(async () => (await status(`http://127.0.0.1:${healthPort}/health`, {}, 1_000)) === 200, back, 120_000),
    until(() => computedSince(savedAt), back, 120_000),
  ]);
  const [duringSave, duringLogin, apiHealth, workerHealth] = await during;
  console.log(`  save 0.35 s into the outage: ${duringSave.value} after ${duringSave.ms} ms`);
  console.log(`  sign-in during the outage: ${duringLogin.value} after ${duringLogin.ms} ms`);
  console.log(`  health during the outage: API ${apiHealth.value} (${apiHealth.ms} ms), worker ${workerHealth.value} (${workerHealth.ms} ms)`);
  console.log(`  Redis back ${seconds(back - down)} after it stopped; from then:`);
  console.log(`  after Redis returned: probe round trip ${seconds(probeBack)}, API health 200 ${seconds(apiHealthy)}, worker health 200 ${seconds(workerHealthy)}, the save's computation ${seconds(computed)}`);
  const outageLines = (lines: string[], from: number) => lines.slice(from);
  for (const [name, service] of [['api', api], ['worker', worker]] as const) {
    const lines = outageLines(service.lines, linesBefore[name]);
    console.log(`  ${name} log during and after the outage: ${lines.length} lines, ${lines.filter((line) => /^\s+at /.test(line)).length} stack frames, ${lines.filter((line) => line.includes('ECONNREFUSED')).length} mentioning ECONNREFUSED`);
  }

  const logDir = process.env['OUTAGE_LOG_DIR'];
  if (logDir) for (const [name, service] of [['api', api], ['worker', worker]] as const) writeFileSync(join(logDir, `${name}.log`), `${outageLines(service.lines, linesBefore[name]).join('\n')}\n`);

  const queues = Object.values(QueueName).map((name) => new Queue(name, { connection: redisOptions(redis.url), prefix: queuePrefix }));
  const schedulers = async () => (await Promise.all(queues.map((q) => q.getJobSchedulersCount()))).reduce((a, b) => a + b, 0);
  console.log(`  schedulers before FLUSHALL: ${await schedulers()} of ${RECURRING_JOBS.length}`);
  await redis.flushAll();
  const flushed = performance.now();
  const restored = await until(async () => (await schedulers()) === RECURRING_JOBS.length, flushed, SCHEDULER_WAIT_MS);
  console.log(`  schedulers after FLUSHALL: ${await schedulers()} of ${RECURRING_JOBS.length}, all back after ${seconds(restored)}`);

  await Promise.all(queues.map((q) => q.close()));
  for (const service of [api, worker]) service.child.kill('SIGKILL');
  await dataSource.destroy();
  const client = new pg.Client({ connectionString: services.postgresServerUrl });
  await client.connect();
  await client.query(`DROP DATABASE IF EXISTS "${databaseName}" WITH (FORCE)`);
  await client.end();
  await services.stop();
  await redis.dispose();
}

main().catch((error: unknown) => {
  console.error(error);
  process.exit(1);
});
