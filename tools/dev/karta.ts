// The developer entry point behind `npm start` and `npm test`:
//   start       migrate, load demo data, build, run API + worker on http://localhost:$PORT (3000)
//   e2e-server  the same on port 3100 with a fresh database, for Playwright
//   migrate     apply pending migrations to the database `start` uses
//   test        lint, type-check, unit + integration tests, migration check, e2e
import { type ChildProcess, spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import { API_NODE_FLAGS, ensureDatabase, freePort, persistentJwtSecret, resolveServices, type ResolvedServices, ServiceError } from './services';

const ROOT = resolve(__dirname, '../..');
const API_MAIN = join(ROOT, 'dist/apps/api/main.js');
const WORKER_MAIN = join(ROOT, 'dist/apps/worker/main.js');
const WEB_ROOT = join(ROOT, 'dist/apps/web/browser');
const DEMO_LOGINS = ['controller@karta.test (контролёр)', 'admin@karta.test (администратор)'];
const DEMO_PASSWORD = 'demo-karta-76';

function log(line: string): void {
  process.stdout.write(`[karta] ${line}\n`);
}

/** Runs a command to completion, inheriting the terminal; rejects on a non-zero exit. */
function run(command: string, args: string[], env: NodeJS.ProcessEnv = process.env): Promise<void> {
  return new Promise((resolveRun, reject) => {
    const child = spawn(command, args, { cwd: ROOT, env, stdio: 'inherit' });
    child.once('error', reject);
    child.once('exit', (code, signal) =>
      code === 0 ? resolveRun() : reject(new Error(`${command} ${args.join(' ')} failed (${signal ?? `exit ${code}`})`)),
    );
  });
}

function startService(name: string, main: string, env: NodeJS.ProcessEnv, nodeFlags: readonly string[] = []): ChildProcess {
  const child = spawn(process.execPath, [...nodeFlags, main], { cwd: ROOT, env, stdio: ['ignore', 'inherit', 'inherit'] });
  child.once('exit', (code, signal) => {
    if (!stopping) {
      log(`${name} stopped unexpectedly (${signal ?? `exit ${code}`}); shutting down`);
      void shutdown(1);
    }
  });
  return child;
}

async function waitForHealthy(url: string, children: ChildProcess[], timeoutMs = 120_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (children.some((child) => child.exitCode !== null)) throw new Error(`a service exited before ${url} became healthy`);
    const healthy = await fetch(url)
      .then((response) => response.ok)
      .catch(() => false);
    if (healthy) return;
    await sleep(300);
  }
  throw new Error(`${url} was not healthy within ${timeoutMs / 1000} s`);
}

let stopping = false;
let services: ResolvedServices | undefined;
const children: ChildProcess[] = [];

async function shutdown(code: number): Promise<never> {
  if (!stopping) {
    stopping = true;
    log('stopping…');
    await Promise.all(
      children
        .filter((child) => child.exitCode === null && child.signalCode === null)
        .map((child) => new Promise((done) => (child.once('exit', done), child.kill('SIGTERM')))),
    );
    await services?.stop();
  }
  process.exit(code);
}

interface SystemOptions {
  port: number;
  databaseUrl: string;
  queuePrefix: string;
}

/** Builds what changed (Nx caches the rest), migrates, seeds demo data, starts API and worker. */
async function runSystem({ port, databaseUrl, queuePrefix }: SystemOptions): Promise<void> {
  if (!services) throw new Error('services not resolved');
  await run('npx', ['nx', 'run-many', '-t', 'build', '-p', 'api', 'worker', 'web', '--configuration=production', '--output-style=static']);
  const env: NodeJS.ProcessEnv = {
    ...process.env,
    NODE_ENV: 'production',
    DATABASE_URL: databaseUrl,
    REDIS_URL: services.redisUrl,
    QUEUE_PREFIX: queuePrefix,
    JWT_SECRET: process.env['JWT_SECRET'] ?? persistentJwtSecret(),
    DEMO_MODE: process.env['DEMO_MODE'] ?? 'true',
    PORT: String(port),
    WEB_ROOT: process.env['WEB_ROOT'] ?? WEB_ROOT,
    STORAGE_DIR: process.env['STORAGE_DIR'] ?? join(ROOT, '.data/storage'),
    WORKER_HEALTH_PORT: process.env['WORKER_HEALTH_PORT'] ?? String(await freePort()),
    DB_MIGRATIONS_RUN: 'false',
  };
  await run(process.execPath, [API_MAIN, 'migrate'], env);
  if (env['DEMO_MODE'] === 'true') await run(process.execPath, [API_MAIN, 'seed-demo'], env);
  children.push(startService('API', API_MAIN, env, API_NODE_FLAGS), startService('worker', WORKER_MAIN, env));
  await waitForHealthy(`http://127.0.0.1:${port}/api/health`, children);
  await waitForHealthy(`http://127.0.0.1:${env['WORKER_HEALTH_PORT']}/health`, children);
  log(`Karta is running: http://localhost:${port}  (API docs: http://localhost:${port}/api/docs)`);
  for (const line of services.describe) log(line);
  if (env['DEMO_MODE'] === 'true') log(`Demo logins, password ${DEMO_PASSWORD}: ${DEMO_LOGINS.join(', ')}`);
  log('Press Ctrl+C to stop.');
}

const commands: Record<string, () => Promise<void>> = {
  async start() {
    services = await resolveServices();
    const databaseUrl = process.env['DATABASE_URL'] ?? (await ensureDatabase(services.postgresServerUrl, 'karta'));
    await runSystem({ port: Number(process.env['PORT'] ?? 3000), databaseUrl, queuePrefix: process.env['QUEUE_PREFIX'] ?? 'karta' });
  },

  async migrate() {
    services = await resolveServices();
    const databaseUrl = process.env['DATABASE_URL'] ?? (await ensureDatabase(services.postgresServerUrl, 'karta'));
    await run('npx', ['nx', 'build', 'api', '--configuration=production', '--output-style=static']);
    await run(process.execPath, [API_MAIN, 'migrate'], { ...process.env, DATABASE_URL: databaseUrl, REDIS_URL: services.redisUrl, JWT_SECRET: persistentJwtSecret() });
    await shutdown(0);
  },

  async 'e2e-server'() {
    services = await resolveServices();
    // DATABASE_URL names the server here; the e2e run gets a database of its own, fresh each time.
    const databaseUrl = await ensureDatabase(services.postgresServerUrl, 'karta_e2e', { fresh: true });
    await runSystem({ port: 3100, databaseUrl, queuePrefix: `karta-e2e-${process.pid}` });
  },

  async test() {
    services = await resolveServices();
    for (const line of services.describe) log(line);
    const env = { ...process.env, DATABASE_URL: services.postgresServerUrl, REDIS_URL: services.redisUrl };
    const nx = (...args: string[]) => run('npx', ['nx', ...args, '--output-style=stream'], env);
    await nx('run-many', '-t', 'lint', 'typecheck', '--parallel=2');
    await nx('run-many', '-t', 'build', '-p', 'api', 'worker', 'web', '--configuration=production', '--parallel=2');
    await nx('run-many', '-t', 'test', '--parallel=2');
    await checkMigrations(env);
    await nx('e2e', 'web-e2e');
    log('All checks passed');
    await shutdown(0);
  },
};

/** Fails when an entity changed without a migration, against a scratch database. */
async function checkMigrations(env: NodeJS.ProcessEnv): Promise<void> {
  if (!services) throw new Error('services not resolved');
  const databaseUrl = await ensureDatabase(services.postgresServerUrl, 'karta_migration_check', { fresh: true });
  await run(process.execPath, [API_MAIN, 'migration:check'], {
    ...env,
    DATABASE_URL: databaseUrl,
    JWT_SECRET: 'migration-check-'.padEnd(40, 'x'),
  });
}

async function main(): Promise<void> {
  const name = process.argv[2] ?? '';
  const command = commands[name];
  if (!command) throw new Error(`usage: karta.ts <${Object.keys(commands).join('|')}>`);
  process.once('SIGINT', () => void shutdown(130));
  process.once('SIGTERM', () => void shutdown(143));
  await command();
}

main().catch(async (error: unknown) => {
  process.stderr.write(`[karta] ${error instanceof ServiceError || error instanceof Error ? error.message : String(error)}\n`);
  await shutdown(1);
});
