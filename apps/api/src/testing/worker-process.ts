import { type ChildProcess, spawn } from 'node:child_process';
import { once } from 'node:events';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Env } from '@karta/server-config';
import { envVariables } from '@karta/testing';

const WORKER_MAIN = join(__dirname, '../../../../dist/apps/worker/main.js');

/** The built worker as a real child process, so tests can SIGTERM or SIGKILL it. */
export class WorkerProcess {
  private constructor(
    private readonly child: ChildProcess,
    readonly output: string[],
  ) {}

  static async start(env: Env): Promise<WorkerProcess> {
    if (!existsSync(WORKER_MAIN)) throw new Error(`${WORKER_MAIN} is missing: build the worker first (nx build worker)`);
    const child = spawn(process.execPath, [WORKER_MAIN], {
      env: { PATH: process.env['PATH'] ?? '', ...envVariables(env), LOG_LEVEL: 'info' },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    const output: string[] = [];
    const started = new Promise<void>((resolve, reject) => {
      child.stdout?.on('data', (chunk: Buffer) => {
        output.push(chunk.toString());
        if (chunk.toString().includes('Worker started')) resolve();
      });
      child.stderr?.on('data', (chunk: Buffer) => output.push(chunk.toString()));
      child.once('exit', (code) => reject(new Error(`worker exited with ${code} before starting:\n${output.join('')}`)));
    });
    await started;
    return new WorkerProcess(child, output);
  }

  get pid(): number {
    return this.child.pid ?? -1;
  }

  /** Sends the signal and resolves with how the process ended. */
  async stop(signal: NodeJS.Signals): Promise<{ code: number | null; signal: NodeJS.Signals | null }> {
    if (this.child.exitCode !== null || this.child.signalCode !== null) {
      return { code: this.child.exitCode, signal: this.child.signalCode };
    }
    const exited = once(this.child, 'exit') as Promise<[number | null, NodeJS.Signals | null]>;
    this.child.kill(signal);
    const [code, endedBy] = await exited;
    return { code, signal: endedBy };
  }
}
