import { Column, Entity, Index, PrimaryGeneratedColumn } from 'typeorm';

/**
 * Append-only record of every change, sign-in and refused access. A trigger in the migration
 * rejects UPDATE and DELETE, so not even the application can rewrite history.
 */
@Entity('audit_log')
@Index('IDX_audit_log_entity', ['entityType', 'entityId', 'at'])
@Index('IDX_audit_log_organization_at', ['organizationId', 'at'])
export class AuditLogEntity {
  @PrimaryGeneratedColumn({ type: 'bigint' })
  id!: string;

  @Index('IDX_audit_log_at')
  @Column({ type: 'timestamptz', default: () => 'now()' })
  at!: Date;

  /** Null for anonymous events (a failed sign-in of an unknown e-mail) and system jobs. */
  @Index('IDX_audit_log_actor_id')
  @Column({ type: 'uuid', name: 'actor_id', nullable: true })
  actorId!: string | null;

  /** Dotted verb, e.g. `task.accepted`, `auth.login_failed`, `access.denied`. */
  @Column({ type: 'varchar', length: 80 })
  action!: string;

  @Column({ type: 'varchar', length: 60, name: 'entity_type', nullable: true })
  entityType!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'entity_id', nullable: true })
  entityId!: string | null;

  @Column({ type: 'uuid', name: 'organization_id', nullable: true })
  organizationId!: string | null;

  @Column({ type: 'jsonb', nullable: true })
  before!: Record<string, unknown> | null;

  @Column({ type: 'jsonb', nullable: true })
  after!: Record<string, unknown> | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  ip!: string | null;

  @Column({ type: 'varchar', length: 128, name: 'request_id', nullable: true })
  requestId!: string | null;
}
