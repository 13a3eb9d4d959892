import { EXTENSION_REQUEST_STATUSES, type ExtensionRequestStatus } from '@karta/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

/** A deadline-extension request and its decision; the executor may ask again after a refusal. */
@Entity('task_extension_request')
@Index('IDX_task_extension_request_task', ['taskId', 'createdAt'])
// At most one open request per task at a time.
@Index('UQ_task_extension_request_pending', ['taskId'], { unique: true, where: `status = 'pending'` })
@Check('CHK_task_extension_request_status', `status IN (${EXTENSION_REQUEST_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class TaskExtensionRequestEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'task_id' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_task_extension_request_task' })
  task?: TaskEntity;

  @Column({ type: 'uuid', name: 'requested_by' })
  requestedBy!: string;

  @Column({ type: 'text' })
  reason!: string;

  @Column({ type: 'timestamptz', name: 'requested_due_at' })
  requestedDueAt!: Date;

  @Column({ type: 'varchar', length: 20, default: 'pending' })
  status!: ExtensionRequestStatus;

  @Column({ type: 'uuid', name: 'decided_by', nullable: true })
  decidedBy!: string | null;

  @Column({ type: 'timestamptz', name: 'decided_at', nullable: true })
  decidedAt!: Date | null;

  /** The granted deadline (may differ from the requested one). */
  @Column({ type: 'timestamptz', name: 'granted_due_at', nullable: true })
  grantedDueAt!: Date | null;

  @Column({ type: 'text', name: 'decision_comment', nullable: true })
  decisionComment!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
