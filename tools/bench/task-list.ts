// npm run bench — measures Karta's hot paths, each beside its floor measured in the same run,
// and rewrites the results section of docs/benchmarks.md.
import { type ChildProcess, spawn } from 'node:child_process';
import { readFileSync, writeFileSync } from 'node:fs';
import http from 'node:http';
import { cpus } from 'node:os';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import autocannon from 'autocannon';
import pg from 'pg';
import { API_NODE_FLAGS, ensureDatabase, freePort, resolveServices } from '../dev/services';
import { SEED_SQL } from './seed.sql';
import { LIST_FILTER } from './task-list.sql';

const ROOT = resolve(__dirname, '../..');
const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
const DOC = join(ROOT, 'docs/benchmarks.md');
const CONTROLLER_EMAIL = 'bench-controller@karta.test';
const CONTROLLER_PASSWORD = 'bench-password-76';

function run(command: string, args: string[], env: NodeJS.ProcessEnv): Promise<void> {
  return new Promise((done, fail) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.once('exit', (code) => (code === 0 ? done() : fail(new Error(`${command} ${args.join(' ')} exited ${code}`))));
  });
}

async function waitForHealth(url: string): Promise<void> {
  for (let attempt = 0; attempt < 200; attempt++) {
    if (await fetch(url).then((r) => r.ok, () => false)) return;
    await sleep(250);
  }
  throw new Error(`${url} never became healthy`);
}

interface LoadResult {
  rps: number;
  p50: number;
  p99: number;
  errors: number;
}

/** Throughput: autocannon with 16 connections, each sending its next request when the answer arrives. */
async function loadMax(url: string, headers: Record<string, string>, seconds: number): Promise<LoadResult> {
  const result = await autocannon({ url, headers, connections: 16, duration: seconds });
  return {
    rps: result.requests.average,
    p50: result.latency.p50,
    p99: result.latency.p99,
    errors: result.errors + result.non2xx + result.timeouts,
  };
}

/**
 * Latency at a fixed rate, open loop (as wrk2 measures it): request i is due at start + i / rate
 * whatever the answers before it, and its latency counts from that due time, so a stall is not hidden
 * (no coordinated omission). Not autocannon's rate mode: there every connection sends its quota for
 * the second back to back at the start of each second — a burst at full speed, not a rate.
 */
async function loadAtRate(url: string, headers: Record<string, string>, rate: number, seconds: number): Promise<LoadResult> {
  const agent = new http.Agent({ keepAlive: true, maxSockets: 64 });
  const total = rate * seconds;
  const latencies: number[] = [];
  let errors = 0;
  const start = performance.now();
  const dueAt = (index: number) => start + (index * 1000) / rate;
  await new Promise<void>((done) => {
    let sent = 0;
    const settle = (due: number, ok: boolean) => {
      latencies.push(performance.now() - due);
      if (!ok) errors++;
      if (latencies.length === total) done();
    };
    const send = (due: number) => {
      http
        .get(url, { agent, headers }, (response) => {
          response.resume();
          response.on('end', () => settle(due, response.statusCode === 200));
        })
        .on('error', () => settle(due, false));
    };
    const tick = () => {
      for (const now = performance.now(); sent < total && dueAt(sent) <= now; sent++) send(dueAt(sent));
      if (sent < total) setTimeout(tick, Math.max(0, dueAt(sent) - performance.now()));
    };
    tick();
  });
  const elapsed = performance.now() - start;
  agent.destroy();
  latencies.sort((a, b) => a - b);
  const percentile = (p: number) => Math.round(latencies[Math.min(latencies.length - 1, Math.floor((p / 100) * latencies.length))]);
  return { rps: (total * 1000) / elapsed, p50: percentile(50), p99: percentile(99), errors };
}

/**
 * The floor: a bare Fastify route running the same statement on a pool of the same size, in a
 * process of its own like the API (not beside the load generator).
 */
async function startFloor(databaseUrl: string, actionId: string): Promise<{ url: string; close: () => Promise<void> }> {
  const port = await freePort();
  const floor = spawn(process.execPath, [...API_NODE_FLAGS, '--import', 'tsx', join(__dirname, 'task-list-floor.ts')], {
    cwd: ROOT,
    env: { ...process.env, DATABASE_URL: databaseUrl, FLOOR_ACTION_ID: actionId, FLOOR_PORT: String(port) },
    stdio: ['ignore', 'inherit', 'inherit'],
  });
  const url = `http://127.0.0.1:${port}/tasks`;
  await waitForHealth(url);
  return { url, close: async () => void floor.kill('SIGTERM') };
}

async function main(): Promise<void> {
  const services = await resolveServices();
  let api: ChildProcess | undefined;
  try {
    await run('npx', ['nx', 'build', 'api', '--configuration=production', '--output-style=static'], process.env);
    const databaseUrl = await ensureDatabase(services.postgresServerUrl, 'karta_bench', { fresh: true });
    const port = await freePort();
    const env = {
      ...process.env,
      NODE_ENV: 'production',
      DATABASE_URL: databaseUrl,
      REDIS_URL: services.redisUrl,
      QUEUE_PREFIX: 'karta-bench',
      JWT_SECRET: 'bench-secret-'.padEnd(48, 'x'),
      PORT: String(port),
      LOG_LEVEL: 'warn',
      DB_MIGRATIONS_RUN: 'false',
    };
    await run(process.execPath, [API_MAIN, 'migrate'], env);

    const client = new pg.Client({ connectionString: databaseUrl });
    await client.connect();
    const seedStart = Date.now();
    await client.query(SEED_SQL);
    const { rows } = await client.query<{ n: string }>('SELECT count(*) AS n FROM task');
    const tasks = Number(rows[0].n);
    const action = await client.query<{ id: string }>('SELECT id FROM roadmap_action WHERE number = $1', [LIST_FILTER.actionNumber]);
    const actionId = action.rows[0].id;
    process.stdout.write(`[bench] seeded ${tasks} tasks in ${Date.now() - seedStart} ms\n`);
    await client.end();
    await run(
      process.execPath,
      [API_MAIN, 'create-admin', '--email', CONTROLLER_EMAIL, '--name', 'Бенчмарк'],
      env,
    ).catch(() => undefined);
    // A controller of the district: the scope every controller request is filtered by.
    const setup = new pg.Client({ connectionString: databaseUrl });
    await setup.connect();
    const argon2 = await import('argon2');
    const hash = await argon2.hash(CONTROLLER_PASSWORD, { type: argon2.argon2id, memoryCost: 19_456, timeCost: 2, parallelism: 1 });
    await setup.query(
      `UPDATE user_account SET role = 'controller', organization_id = '00000000-0000-4000-8000-000000000002', password_hash = $2, must_change_password = false WHERE email = $1`,
      [CONTROLLER_EMAIL, hash],
    );
    await setup.end();

    api = spawn(process.execPath, [...API_NODE_FLAGS, API_MAIN], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
    await waitForHealth(`http://127.0.0.1:${port}/api/health`);
    const login = await fetch(`http://127.0.0.1:${port}/api/auth/login`, {
      method: 'POST',
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ email: CONTROLLER_EMAIL, password: CONTROLLER_PASSWORD }),
    });
    const { accessToken } = (await login.json()) as { accessToken: string };
    const filter = LIST_FILTER.statuses.map((status) => `status=${status}`).join('&');
    const apiUrl = `http://127.0.0.1:${port}/api/tasks?actionId=${actionId}&${filter}&periodKey=${LIST_FILTER.periodKey}&page=1&pageSize=50&sort=dueAt`;
    const auth = { authorization: `Bearer ${accessToken}` };
    const probe = await fetch(apiUrl, { headers: auth });
    if (!probe.ok) throw new Error(`API task list answered ${probe.status}: ${await probe.text()}`);

    const floor = await startFloor(databaseUrl, actionId);
    try {
      await loadMax(apiUrl, auth, 3);
      await loadMax(floor.url, {}, 3);
      const apiAt200 = await loadAtRate(apiUrl, auth, 200, 20);
      const floorAt200 = await loadAtRate(floor.url, {}, 200, 20);
      const apiMax = await loadMax(apiUrl, auth, 15);
      const floorMax = await loadMax(floor.url, {}, 15);
      writeResults({ tasks, apiAt200, floorAt200, apiMax, floorMax });
    } finally {
      await floor.close();
    }
  } finally {
    api?.kill('SIGTERM');
    await services.stop();
  }
}

function writeResults(r: { tasks: number; apiAt200: LoadResult; floorAt200: LoadResult; apiMax: LoadResult; floorMax: LoadResult }): void {
  const ratio = r.apiMax.rps / r.floorMax.rps;
  const row = (name: string, x: LoadResult) => `| ${name} | ${x.rps.toFixed(0)} | ${x.p50} | ${x.p99} | ${x.errors} |`;
  const section = [
    `<!-- results:task-list -->`,
    `Measured ${new Date().toISOString().slice(0, 16).replace('T', ' ')} UTC on ${cpus().length} × ${cpus()[0]?.model ?? 'CPU'}, Node ${process.version}; ${r.tasks.toLocaleString('en')} tasks.`,
    '',
    '| run | requests/s | p50 ms | p99 ms | errors |',
    '|---|---|---|---|---|',
    row('API `GET /api/tasks` at 200 req/s (open loop, evenly spaced)', r.apiAt200),
    row('floor: bare Fastify + same SQL at 200 req/s (open loop)', r.floorAt200),
    row('API, max throughput (16 connections)', r.apiMax),
    row('floor, max throughput (16 connections)', r.floorMax),
    '',
    `API / floor throughput: **${ratio.toFixed(2)}×** (target ≥ 0.7×); API p99 at 200 req/s: **${r.apiAt200.p99} ms** (target ≤ 50 ms).`,
    `<!-- /results:task-list -->`,
  ].join('\n');
  const doc = readFileSync(DOC, 'utf8');
  const updated = doc.replace(/<!-- results:task-list -->[\s\S]*<!-- \/results:task-list -->/, section);
  writeFileSync(DOC, updated);
  process.stdout.write(`${section}\n`);
}

main().catch((error: unknown) => {
  process.stderr.write(`[bench] ${error instanceof Error ? error.stack : String(error)}\n`);
  process.exit(1);
});
