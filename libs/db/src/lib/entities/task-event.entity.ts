import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

export const TASK_EVENT_KINDS = [
  'comment',
  'status_changed',
  'progress_requested',
  'progress_reported',
  'extension_requested',
  'extension_decided',
  'evidence_added',
  'evidence_removed',
  'assigned',
] as const;
export type TaskEventKind = (typeof TASK_EVENT_KINDS)[number];

/** The task's timeline as its people see it: comments, transitions with their comments, requests. */
@Entity('task_event')
@Index('IDX_task_event_task_created', ['taskId', 'createdAt'])
@Check('CHK_task_event_kind', `kind IN (${TASK_EVENT_KINDS.map((k) => `'${k}'`).join(', ')})`)
export class TaskEventEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'task_id' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_task_event_task' })
  task?: TaskEntity;

  @Column({ type: 'varchar', length: 30 })
  kind!: TaskEventKind;

  @Column({ type: 'uuid', name: 'author_id', nullable: true })
  authorId!: string | null;

  @Column({ type: 'text', nullable: true })
  body!: string | null;

  /** Kind-specific details, e.g. `{ from: 'submitted', to: 'returned' }`. */
  @Column({ type: 'jsonb', nullable: true })
  data!: Record<string, unknown> | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
