import { Injectable, Logger } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { RedisConnections } from '@karta/server-core';
import { JobProducer, withinEnqueueTimeout } from './job-producer';
import type { JobName, JobPayloads } from './queues';

/** Requests relayed per transaction. */
const RELAY_BATCH = 100;

/** The BullMQ job id of a request: relaying it twice (a crash between enqueue and delete) queues it once. */
export function jobRequestJobId(requestId: string): string {
  return `request-${requestId}`;
}

interface JobRequestRow {
  id: string;
  name: JobName;
  payload: JobPayloads[JobName];
  deduplication_id: string | null;
  delay_ms: number;
}

/**
 * Jobs owed by committed changes (`job_request`, an outbox): `record` in the change's transaction,
 * `relay` after its commit. A request Redis does not take at once (down, or silent for
 * `ENQUEUE_TIMEOUT_MS`) stays in PostgreSQL and is relayed when this process's Redis connections are
 * back, and by every worker's periodic check: the caller answers without waiting for Redis, and no job
 * is lost. Relaying locks the rows it sends (`SKIP LOCKED`) and deletes each once queued, so processes
 * relaying at the same time never send one request twice.
 */
@Injectable()
export class JobRequests {
  private readonly logger = new Logger(JobRequests.name);
  private pending: Promise<number> | null = null;

  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly jobs: JobProducer,
    connections: RedisConnections,
  ) {
    connections.onRecovered(async () => {
      const relayed = await this.relayPending();
      if (relayed) this.logger.log({ event: 'job_requests.relayed', relayed }, 'Job requests waiting for Redis were queued');
    });
  }

  /**
   * Records, in the caller's transaction, a job to enqueue once it commits (`deduplicationId` and
   * `delay` as for `JobProducer.enqueue`). Answers the request's id for `relay`.
   */
  async record<N extends JobName>(manager: EntityManager, name: N, payload: JobPayloads[N], options: { deduplicationId?: string; delay?: number } = {}): Promise<string> {
    const [row]: { id: string }[] = await manager.query(`INSERT INTO job_request (name, payload, deduplication_id, delay_ms) VALUES ($1, $2, $3, $4) RETURNING id`, [
      name,
      JSON.stringify(payload),
      options.deduplicationId ?? null,
      options.delay ?? 0,
    ]);
    return row.id;
  }

  /**
   * After the commit: enqueues the requests now. Never fails and waits at most about
   * `ENQUEUE_TIMEOUT_MS` for Redis: what Redis does not take stays recorded for `relayPending`.
   * Answers the BullMQ job id of each request queued now, by request id.
   */
  async relay(ids: readonly string[]): Promise<ReadonlyMap<string, string>> {
    if (!ids.length) return new Map();
    try {
      const { jobIds, failure } = await this.relayBatch(ids);
      // The outage itself is logged once per connection (RedisConnections); a line per request would flood.
      if (failure) this.logger.debug({ event: 'job_requests.deferred', requests: ids, err: failure }, 'Job requests left for when Redis is back');
      return jobIds;
    } catch (error) {
      this.logger.warn({ event: 'job_requests.relay_failed', requests: ids, err: describe(error) }, 'Job requests left for the next relay');
      return new Map();
    }
  }

  /** Every request still waiting, oldest first; answers how many were queued. Calls made meanwhile share the run. */
  relayPending(): Promise<number> {
    this.pending ??= this.relayAll().finally(() => (this.pending = null));
    return this.pending;
  }

  private async relayAll(): Promise<number> {
    let total = 0;
    for (;;) {
      const { jobIds, failure } = await this.relayBatch(null);
      const relayed = jobIds.size;
      total += relayed;
      if (failure) this.logger.warn({ event: 'job_requests.relay_failed', relayed: total, err: failure }, 'Job requests left for the next relay');
      if (failure || relayed < RELAY_BATCH) return total;
    }
  }

  /**
   * Locks up to `RELAY_BATCH` requests (of `ids`, or any) nobody else is relaying, enqueues them in
   * order and deletes each once Redis took it; stops at the first Redis refuses (it stays, as do the
   * ones after it, and the batch answers why). Answers the job id of each request queued.
   */
  private async relayBatch(ids: readonly string[] | null): Promise<{ jobIds: Map<string, string>; failure?: string }> {
    return this.dataSource.transaction(async (manager) => {
      const rows: JobRequestRow[] = await manager.query(
        `SELECT id, name, payload, deduplication_id, delay_ms FROM job_request
         WHERE $1::bigint[] IS NULL OR id = ANY($1::bigint[])
         ORDER BY id LIMIT ${RELAY_BATCH} FOR UPDATE SKIP LOCKED`,
        [ids],
      );
      const jobIds = new Map<string, string>();
      for (const row of rows) {
        let jobId: string;
        try {
          jobId = await withinEnqueueTimeout(
            this.jobs.enqueue(row.name, row.payload, {
              jobId: jobRequestJobId(row.id),
              deduplicationId: row.deduplication_id ?? undefined,
              delay: row.delay_ms || undefined,
            }),
          );
        } catch (error) {
          return { jobIds, failure: describe(error) };
        }
        await manager.query(`DELETE FROM job_request WHERE id = $1`, [row.id]);
        jobIds.set(row.id, jobId);
      }
      return { jobIds };
    });
  }
}

function describe(error: unknown): string {
  return error instanceof Error ? error.message : String(error);
}
