import { Column, CreateDateColumn, Entity, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A job a committed change still owes BullMQ (an outbox): written in the change's transaction, deleted
 * once the job is in Redis. While Redis is down the rows wait; the API relays them when its connections
 * return and every worker checks periodically, so a save never waits for Redis and no job is lost.
 */
@Entity('job_request')
export class JobRequestEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  /** A `JobName` of libs/jobs. */
  @Column({ type: 'varchar', length: 64 })
  name!: string;

  /** The job's payload (ids only, as every payload). */
  @Column({ type: 'jsonb' })
  payload!: Record<string, unknown>;

  /** BullMQ de-duplication id: while such a job waits, the request joins it. */
  @Column({ type: 'varchar', length: 200, name: 'deduplication_id', nullable: true })
  deduplicationId!: string | null;

  @Column({ type: 'integer', name: 'delay_ms', default: 0 })
  delayMs!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
