import { Column, CreateDateColumn, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * A round trip API → Redis → worker → PostgreSQL. Operators request one to prove the worker is
 * consuming jobs; the worker stamps it when processed.
 */
@Entity('system_probe')
export class SystemProbeEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_system_probe_requested_at')
  @CreateDateColumn({ type: 'timestamptz', name: 'requested_at' })
  requestedAt!: Date;

  @Column({ type: 'uuid', name: 'requested_by', nullable: true })
  requestedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'processed_at', nullable: true })
  processedAt!: Date | null;

  /** `host:pid` of the worker process that handled it. */
  @Column({ type: 'varchar', length: 200, name: 'processed_by', nullable: true })
  processedBy!: string | null;

  /** How many times a worker picked it up; more than one means it was retried after a crash. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;
}
