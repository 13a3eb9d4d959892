import { TASK_STATUSES, type TaskStatus } from '@karta/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn } from 'typeorm';
import type { IndicatorStatus } from './indicator-snapshot.entity';
import { OrganizationEntity } from './organization.entity';
import { RoadmapActionEntity } from './roadmap-action.entity';
import { UserEntity } from './user.entity';

/**
 * One occurrence of an action for one organization and one period. Each occurrence has its own
 * history; a task's period never moves. Overdue is derived from `dueAt` and status, never stored.
 */
@Entity('task')
@Index('UQ_task_action_organization_period', ['actionId', 'organizationId', 'periodKey'], { unique: true })
@Index('IDX_task_organization_due', ['organizationId', 'dueAt'])
@Index('IDX_task_status_due', ['status', 'dueAt'])
// The default list order (deadline, then id) for whole-district lists: a first page without a sort.
@Index('IDX_task_due_at_id', ['dueAt', 'id'])
// Lists of one action by status over a period range (a month's review queue): both period bounds are
// checked in the index, so only matching tasks are read from the table.
@Index('IDX_task_action_status_period', ['actionId', 'status', 'periodStart', 'periodEnd'])
// The per-action, per-period lists the roadmap card links to (and their review-queue status filter).
@Index('IDX_task_action_period_key_status', ['actionId', 'periodKey', 'status'])
@Check('CHK_task_status', `status IN (${TASK_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('CHK_task_period', `period_end >= period_start`)
export class TaskEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'action_id' })
  actionId!: string;

  @ManyToOne(() => RoadmapActionEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'action_id', foreignKeyConstraintName: 'FK_task_action' })
  action?: RoadmapActionEntity;

  /** Denormalized from the action so lists filter by roadmap without a join. */
  @Index('IDX_task_roadmap_id')
  @Column({ type: 'uuid', name: 'roadmap_id' })
  roadmapId!: string;

  @Column({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_task_organization' })
  organization?: OrganizationEntity;

  /** `once`, `2025-W36` or `2025-08` (libs/domain `Period.key`). */
  @Column({ type: 'varchar', length: 20, name: 'period_key' })
  periodKey!: string;

  @Column({ type: 'date', name: 'period_start' })
  periodStart!: string;

  @Column({ type: 'date', name: 'period_end' })
  periodEnd!: string;

  /** The deadline as an instant (the period's due date and time in Europe/Moscow), extensions included. */
  @Column({ type: 'timestamptz', name: 'due_at' })
  dueAt!: Date;

  /** The deadline before any extension, kept for reports. */
  @Column({ type: 'timestamptz', name: 'original_due_at' })
  originalDueAt!: Date;

  @Column({ type: 'varchar', length: 20, default: 'open' })
  status!: TaskStatus;

  @Index('IDX_task_executor_id')
  @Column({ type: 'uuid', name: 'executor_id', nullable: true })
  executorId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'executor_id', foreignKeyConstraintName: 'FK_task_executor' })
  executor?: UserEntity | null;

  /** Co-executors' user ids. */
  @Column({ type: 'uuid', array: true, name: 'co_executor_ids', default: () => `'{}'` })
  coExecutorIds!: string[];

  @Column({ type: 'timestamptz', name: 'submitted_at', nullable: true })
  submittedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'accepted_at', nullable: true })
  acceptedAt!: Date | null;

  @Column({ type: 'text', name: 'cancel_reason', nullable: true })
  cancelReason!: string | null;

  /** Set when the controller asked for a progress report that has not been given yet. */
  @Column({ type: 'timestamptz', name: 'progress_requested_at', nullable: true })
  progressRequestedAt!: Date | null;

  /**
   * For tasks of `indicator` actions: the week's evaluation of the action's indicators, set by the
   * worker's weekly job from the snapshots (the worst status of the action's indicators); null until
   * computed. «no_data» is shown as such, never as 0 %.
   */
  @Column({ type: 'varchar', length: 16, name: 'indicator_status', nullable: true })
  indicatorStatus!: IndicatorStatus | null;

  /** Optimistic lock: two reviewers acting at once cannot both win. */
  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
