import { type BeforeApplicationShutdown, Injectable, Logger } from '@nestjs/common';
import { isRedisConnectionError } from './redis';

/** What is needed of an ioredis client (or BullMQ's proxy of one) to follow its state. */
export interface RedisClientEvents {
  readonly status: string;
  on(event: 'ready' | 'close' | 'end', listener: () => void): unknown;
  on(event: 'error', listener: (error: Error) => void): unknown;
}

/** What is needed of a BullMQ queue or worker to hear its errors. */
export interface ErrorEmitter {
  on(event: 'error', listener: (error: Error) => void): unknown;
}

export type RedisConnectionState = 'up' | 'down';

/**
 * A connection back within this long was reconnected on purpose (BullMQ renews a worker's blocking
 * connection after an outage), not lost: no log lines for it. Health follows the state at once.
 */
export const REDIS_RECONNECT_GRACE_MS = 500;

interface Followed {
  up: boolean;
  /** When it last went down or came up. */
  since: number;
  lastError: string | null;
  /** The "down" line waiting out `REDIS_RECONNECT_GRACE_MS`. */
  pendingDown?: NodeJS.Timeout;
  /** The "down" line was written: the return gets its line. */
  reported: boolean;
}

/**
 * Every Redis connection of the process by name (`redis`, `queue:tasks`, `worker:tasks:blocking`, …):
 * its state for the health endpoints, one structured log line when it goes down and one when it is
 * back — instead of an error, with its stack, per reconnection attempt. Listeners registered with
 * `onRecovered` run once every connection is up again after an outage (re-registering what Redis may
 * have lost, relaying what waited for it).
 */
@Injectable()
export class RedisConnections implements BeforeApplicationShutdown {
  private readonly logger = new Logger('RedisConnections');
  private readonly connections = new Map<string, Followed>();
  private readonly recoveredListeners: (() => Promise<void>)[] = [];
  private outage = false;
  /** Connections closed by the shutdown are not an outage. */
  private stopping = false;

  /** Follows a connection from now on (its current state included). */
  follow(name: string, client: RedisClientEvents): void {
    const state: Followed = { up: client.status === 'ready', since: Date.now(), lastError: null, reported: false };
    this.connections.set(name, state);
    client.on('error', (error) => {
      state.lastError = describe(error);
    });
    const lost = () => {
      if (!state.up || this.stopping) return;
      state.up = false;
      state.since = Date.now();
      this.outage = true;
      state.pendingDown = setTimeout(() => {
        state.pendingDown = undefined;
        state.reported = true;
        this.logger.warn({ event: 'redis.connection', connection: name, state: 'down', reason: state.lastError ?? 'connection closed' }, 'Redis connection lost');
      }, REDIS_RECONNECT_GRACE_MS);
      state.pendingDown.unref();
    };
    client.on('close', lost);
    client.on('end', lost);
    client.on('ready', () => {
      if (state.up) return;
      clearTimeout(state.pendingDown);
      if (state.reported) this.logger.log({ event: 'redis.connection', connection: name, state: 'up', downMs: Date.now() - state.since }, 'Redis connection back');
      Object.assign(state, { up: true, since: Date.now(), lastError: null, pendingDown: undefined, reported: false });
      this.checkRecovered();
    });
  }

  /**
   * Logs what a BullMQ queue or worker reports, one line each; connection errors (each failed
   * reconnection attempt) are left to the state lines of `follow`. Without a listener BullMQ prints
   * every one of them with its stack on stderr.
   */
  listen(name: string, emitter: ErrorEmitter): void {
    emitter.on('error', (error) => {
      if (isRedisConnectionError(error)) return;
      this.logger.warn({ event: 'redis.error', connection: name, err: describe(error) }, 'Queue error');
    });
  }

  beforeApplicationShutdown(): void {
    this.stopping = true;
  }

  /** Runs `listener` each time every followed connection is up again after one of them was down. */
  onRecovered(listener: () => Promise<void>): void {
    this.recoveredListeners.push(listener);
  }

  get allUp(): boolean {
    return [...this.connections.values()].every((state) => state.up);
  }

  /** Each connection's state, by name, for the health endpoints. */
  states(): Record<string, RedisConnectionState> {
    return Object.fromEntries([...this.connections].sort(([a], [b]) => a.localeCompare(b)).map(([name, state]) => [name, state.up ? 'up' : 'down']));
  }

  private checkRecovered(): void {
    if (!this.outage || !this.allUp) return;
    this.outage = false;
    for (const listener of this.recoveredListeners) {
      listener().catch((error: unknown) => this.logger.warn({ err: describe(error) }, 'Recovery after a Redis outage failed'));
    }
  }
}

function describe(error: unknown): string {
  if (!(error instanceof Error)) return String(error);
  const code = (error as NodeJS.ErrnoException).code;
  return code && !error.message.includes(code) ? `${error.message} (${code})` : error.message;
}
