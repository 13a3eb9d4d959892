// A worker process for the weekly-import crash tests (weekly-import.integration-spec.ts): the real
// WeeklyImportProcessor on a BullMQ Worker of the imports queue, wired as the worker app wires it (its
// `failed` handler included), with lock and stall intervals short enough for a test to SIGKILL it
// mid-import and see the next one take the job over in seconds (the worker app keeps BullMQ's 30 s).
// Run with tsx; configured by DATABASE_URL, REDIS_URL, QUEUE_PREFIX, STORAGE_DIR, LOCK_DURATION_MS,
// STALLED_INTERVAL_MS, MAX_STALLED_COUNT. Prints "ready" once its worker is connected.
import 'reflect-metadata';
import { Queue, Worker } from 'bullmq';
import { DataSource } from 'typeorm';
import { dataSourceOptions } from '@karta/db';
import { DEFAULT_JOB_OPTIONS, JobProducer, QueueName } from '@karta/jobs';
import type { AppConfig } from '@karta/server-config';
import { AuditLog, redisOptions, RequestContextService } from '@karta/server-core';
import { SystemClock } from '@karta/server-setup';
import { WeeklyImportProcessor } from '../lib/weekly-import.processor';

function required(name: string): string {
  const value = process.env[name];
  if (!value) throw new Error(`${name} is required`);
  return value;
}

async function main(): Promise<void> {
  const dataSource = await new DataSource(dataSourceOptions(required('DATABASE_URL'), 'karta-import-worker-test')).initialize();
  const connection = redisOptions(required('REDIS_URL'));
  const prefix = required('QUEUE_PREFIX');
  const queue = (name: QueueName) => new Queue(name, { connection, prefix, defaultJobOptions: DEFAULT_JOB_OPTIONS });
  const jobs = new JobProducer(queue(QueueName.System), queue(QueueName.Tasks), queue(QueueName.Indicators), queue(QueueName.Imports));
  const config = { storage: { dir: required('STORAGE_DIR') } } as AppConfig;
  const processor = new WeeklyImportProcessor(dataSource, new AuditLog(dataSource, new RequestContextService()), jobs, config, new SystemClock());
  const worker = new Worker(QueueName.Imports, (job, token) => processor.process(job, token), {
    connection,
    prefix,
    lockDuration: Number(required('LOCK_DURATION_MS')),
    stalledInterval: Number(required('STALLED_INTERVAL_MS')),
    maxStalledCount: Number(required('MAX_STALLED_COUNT')),
  });
  // What @OnWorkerEvent('failed') wires in the worker app.
  worker.on('failed', (job, error) => void processor.onFailed(job, error));
  await worker.waitUntilReady();
  process.stdout.write('ready\n');
}

main().catch((error: unknown) => {
  process.stderr.write(`${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
  process.exit(1);
});
