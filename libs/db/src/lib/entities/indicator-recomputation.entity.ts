import { RECOMPUTATION_REASONS, RECOMPUTATION_STATUSES, type RecomputationReason, type RecomputationStatus } from '@karta/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { RoadmapEntity } from './roadmap.entity';

/**
 * Stored weeks of a roadmap's indicators computed again after their rules changed (targets, the
 * organizations in scope, or the computation itself through a migration). The worker runs it block by
 * block and counts the weeks done, which the indicators screen shows; it writes only computed rows.
 */
@Entity('indicator_recomputation')
@Index('IDX_indicator_recomputation_roadmap_created', ['roadmapId', 'createdAt'])
@Check('CHK_indicator_recomputation_status', `status IN (${RECOMPUTATION_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('CHK_indicator_recomputation_reason', `reason IN (${RECOMPUTATION_REASONS.map((s) => `'${s}'`).join(', ')})`)
export class IndicatorRecomputationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'roadmap_id' })
  roadmapId!: string;

  @ManyToOne(() => RoadmapEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roadmap_id', foreignKeyConstraintName: 'FK_indicator_recomputation_roadmap' })
  roadmap?: RoadmapEntity;

  @Column({ type: 'varchar', length: 16 })
  reason!: RecomputationReason;

  /** Monday of the first week computed again. */
  @Column({ type: 'date', name: 'from_week' })
  fromWeek!: string;

  /** Monday of the last; null: the week current when the worker starts it. */
  @Column({ type: 'date', name: 'to_week', nullable: true })
  toWeek!: string | null;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status!: RecomputationStatus;

  @Column({ type: 'integer', name: 'weeks_total', nullable: true })
  weeksTotal!: number | null;

  @Column({ type: 'integer', name: 'weeks_done', default: 0 })
  weeksDone!: number;

  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @Column({ type: 'uuid', name: 'requested_by', nullable: true })
  requestedBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}
