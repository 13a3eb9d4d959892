import { createServer, type Server } from 'node:http';
import { Injectable, Logger, type OnApplicationBootstrap, type OnApplicationShutdown } from '@nestjs/common';
import { DataSource } from 'typeorm';
import { AppConfig } from '@karta/server-config';
import { RedisClient, RedisConnections } from '@karta/server-core';

/**
 * The worker's only HTTP surface: GET /health for container orchestrators. 200 only while PostgreSQL
 * answers and every Redis connection is up — the general one and each queue's and BullMQ worker's —
 * so a worker whose queues cannot reach Redis is not reported healthy.
 */
@Injectable()
export class HealthServer implements OnApplicationBootstrap, OnApplicationShutdown {
  private readonly logger = new Logger(HealthServer.name);
  private server?: Server;
  private shuttingDown = false;

  constructor(
    private readonly config: AppConfig,
    private readonly dataSource: DataSource,
    private readonly redis: RedisClient,
    private readonly connections: RedisConnections,
  ) {}

  async onApplicationBootstrap(): Promise<void> {
    this.server = createServer((request, response) => {
      if (request.method !== 'GET' || request.url !== '/health') {
        response.writeHead(404).end();
        return;
      }
      void this.report().then((body) => {
        response.writeHead(body.status === 'ok' ? 200 : 503, { 'content-type': 'application/json' }).end(JSON.stringify(body));
      });
    });
    const { healthPort } = this.config.worker;
    await new Promise<void>((resolve, reject) => {
      this.server?.once('error', reject).listen(healthPort, this.config.http.host, resolve);
    });
    this.logger.log({ port: healthPort }, 'Worker health endpoint listening');
  }

  async onApplicationShutdown(): Promise<void> {
    this.shuttingDown = true;
    await new Promise((resolve) => (this.server ? this.server.close(resolve) : resolve(undefined)));
  }

  private async report() {
    const [database, redis] = await Promise.all([
      this.dataSource.query('SELECT 1').then(
        () => true,
        () => false,
      ),
      this.redis.ping(),
    ]);
    const connections = this.connections.states();
    const redisUp = redis && Object.values(connections).every((state) => state === 'up');
    const ok = database && redisUp && !this.shuttingDown;
    return {
      status: ok ? 'ok' : 'error',
      details: { database: { status: database ? 'up' : 'down' }, redis: { status: redisUp ? 'up' : 'down', connections } },
    };
  }
}
