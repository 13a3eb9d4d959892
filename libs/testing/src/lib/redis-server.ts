import { type ChildProcess, spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { once } from 'node:events';
import { mkdtempSync, rmSync } from 'node:fs';
import { createServer, Socket } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { setTimeout as sleep } from 'node:timers/promises';
import type { TestRedis } from './test-redis';

/** A TCP port free on the loopback interface now (for a server the test starts). */
export async function freeLoopbackPort(): Promise<number> {
  return new Promise((resolve, reject) => {
    const server = createServer();
    server.on('error', reject);
    server.listen(0, '127.0.0.1', () => {
      const address = server.address();
      server.close(() => (typeof address === 'object' && address ? resolve(address.port) : reject(new Error('no free port'))));
    });
  });
}

/** One command over a raw socket (no client library, no retries): the reply's first line, or null. */
function command(port: number, line: string, timeoutMs = 1_000): Promise<string | null> {
  return new Promise((resolve) => {
    const socket = new Socket();
    const done = (answer: string | null) => {
      socket.destroy();
      resolve(answer);
    };
    socket.setTimeout(timeoutMs, () => done(null));
    socket.once('error', () => done(null));
    socket.connect(port, '127.0.0.1', () => socket.write(`${line}\r\n`));
    socket.once('data', (chunk) => done(chunk.toString().split('\r\n')[0]));
  });
}

/**
 * A `redis-server` of the test's own on a free loopback port, without persistence, which the test may
 * stop, kill, pause, wipe and start again on the same port — never the shared Redis other suites use.
 */
export class RedisServer {
  private child: ChildProcess | null = null;
  private readonly dir = mkdtempSync(join(tmpdir(), 'karta-redis-'));

  private constructor(readonly port: number) {}

  static async start(): Promise<RedisServer> {
    const server = new RedisServer(await freeLoopbackPort());
    await server.start();
    return server;
  }

  get url(): string {
    return `redis://127.0.0.1:${this.port}`;
  }

  /** A suite's prefix on this server, for `testEnv`. */
  testRedis(): TestRedis {
    return { url: this.url, prefix: `karta-test-${randomBytes(5).toString('hex')}`, clean: async () => undefined };
  }

  get running(): boolean {
    return this.child !== null;
  }

  /** Starts (again) on the same port, empty, and resolves once it answers PING. */
  async start(): Promise<void> {
    if (this.child) return;
    const child = spawn('redis-server', ['--port', String(this.port), '--bind', '127.0.0.1', '--save', '', '--appendonly', 'no', '--dir', this.dir], {
      stdio: 'ignore',
    });
    this.child = child;
    child.once('exit', () => {
      if (this.child === child) this.child = null;
    });
    const deadline = Date.now() + 10_000;
    while ((await command(this.port, 'PING')) !== '+PONG') {
      if (!this.child) throw new Error(`redis-server on port ${this.port} exited at start`);
      if (Date.now() > deadline) throw new Error(`redis-server on port ${this.port} did not answer within 10 s`);
      await sleep(20);
    }
  }

  /** SIGTERM: Redis closes its clients' connections and exits (nothing is saved). */
  stop(): Promise<void> {
    return this.end('SIGTERM');
  }

  /** SIGKILL: connections die without a word, as when the host fails. */
  kill(): Promise<void> {
    return this.end('SIGKILL');
  }

  /** SIGSTOP: connections stay open but nothing answers (a hung server); `resume()` continues it. */
  pause(): void {
    this.child?.kill('SIGSTOP');
  }

  resume(): void {
    this.child?.kill('SIGCONT');
  }

  /** Loses every key, as a Redis restarted without its data does. */
  async flushAll(): Promise<void> {
    const answer = await command(this.port, 'FLUSHALL');
    if (answer !== '+OK') throw new Error(`FLUSHALL answered ${answer}`);
  }

  /** Stops the server for good and removes its directory. */
  async dispose(): Promise<void> {
    this.resume();
    await this.end('SIGKILL');
    rmSync(this.dir, { recursive: true, force: true });
  }

  private async end(signal: NodeJS.Signals): Promise<void> {
    const child = this.child;
    if (!child) return;
    const exited = once(child, 'exit');
    child.kill(signal);
    await exited;
    this.child = null;
  }
}
