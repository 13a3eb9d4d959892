import { EventEmitter } from 'node:events';
import { Logger } from '@nestjs/common';
import { REDIS_RECONNECT_GRACE_MS, RedisConnections } from './redis-connections';

/** An ioredis client as far as `RedisConnections` sees one. */
class FakeClient extends EventEmitter {
  status = 'ready';

  drop(error?: Error): void {
    this.status = 'reconnecting';
    if (error) this.emit('error', error);
    this.emit('close');
  }

  back(): void {
    this.status = 'ready';
    this.emit('ready');
  }
}

describe('RedisConnections', () => {
  let warn: jest.SpyInstance;
  let log: jest.SpyInstance;

  beforeEach(() => {
    jest.useFakeTimers();
    warn = jest.spyOn(Logger.prototype, 'warn').mockImplementation(() => undefined);
    log = jest.spyOn(Logger.prototype, 'log').mockImplementation(() => undefined);
  });

  afterEach(() => {
    jest.useRealTimers();
    jest.restoreAllMocks();
  });

  it('writes one line when a connection drops and one when it is back, whatever the reconnection attempts in between', () => {
    const connections = new RedisConnections();
    const client = new FakeClient();
    connections.follow('queue:tasks', client);

    client.drop(Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));
    for (let attempt = 0; attempt < 20; attempt++) {
      client.emit('error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));
      client.emit('close');
    }
    jest.advanceTimersByTime(REDIS_RECONNECT_GRACE_MS);
    expect(connections.states()).toEqual({ 'queue:tasks': 'down' });
    client.back();

    expect(warn.mock.calls).toEqual([[{ event: 'redis.connection', connection: 'queue:tasks', state: 'down', reason: 'connect ECONNREFUSED 127.0.0.1:6379' }, 'Redis connection lost']]);
    expect(log.mock.calls).toEqual([[{ event: 'redis.connection', connection: 'queue:tasks', state: 'up', downMs: expect.any(Number) }, 'Redis connection back']]);
    expect(connections.states()).toEqual({ 'queue:tasks': 'up' });
  });

  it('logs nothing for a connection back within the grace (BullMQ renewing a blocking connection), but reports it down meanwhile', () => {
    const connections = new RedisConnections();
    const client = new FakeClient();
    connections.follow('worker:tasks:blocking', client);
    client.drop();
    expect(connections.allUp).toBe(false);
    client.back();
    jest.advanceTimersByTime(REDIS_RECONNECT_GRACE_MS * 2);
    expect(warn).not.toHaveBeenCalled();
    expect(log).not.toHaveBeenCalled();
  });

  it('runs the recovery listeners once every connection is back, not before', async () => {
    const connections = new RedisConnections();
    const [a, b] = [new FakeClient(), new FakeClient()];
    connections.follow('a', a);
    connections.follow('b', b);
    const recovered = jest.fn(async () => undefined);
    connections.onRecovered(recovered);

    a.drop();
    b.drop();
    a.back();
    expect(recovered).not.toHaveBeenCalled();
    b.back();
    expect(recovered).toHaveBeenCalledTimes(1);
    a.back();
    expect(recovered).toHaveBeenCalledTimes(1);
  });

  it('is silent about connections closed by the shutdown', () => {
    const connections = new RedisConnections();
    const client = new FakeClient();
    connections.follow('redis', client);
    connections.beforeApplicationShutdown();
    client.emit('end');
    jest.advanceTimersByTime(REDIS_RECONNECT_GRACE_MS);
    expect(warn).not.toHaveBeenCalled();
  });

  it('logs a queue error that is not about the connection as one line, and ignores connection errors', () => {
    const connections = new RedisConnections();
    const queue = new EventEmitter();
    connections.listen('worker:imports', queue);
    queue.emit('error', Object.assign(new Error('connect ECONNREFUSED 127.0.0.1:6379'), { code: 'ECONNREFUSED' }));
    queue.emit('error', new Error('could not renew lock for job 7'));
    expect(warn.mock.calls).toEqual([[{ event: 'redis.error', connection: 'worker:imports', err: 'could not renew lock for job 7' }, 'Queue error']]);
  });
});
