import { DENOMINATOR_SOURCES, type DenominatorSource, type Measure } from '@karta/domain';
import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OrganizationKind } from './organization.entity';
import { RoadmapEntity } from './roadmap.entity';

/**
 * A weekly indicator of a roadmap (e.g. staff writing weekly): the numerator is the sum of reported
 * measures, the denominator a headcount or a measure, the scope the organization kinds it applies to.
 * Defined in the roadmap file; its targets are `IndicatorTargetEntity` stages.
 */
@Entity('indicator')
@Index('UQ_indicator_roadmap_code', ['roadmapId', 'code'], { unique: true })
@Check('CHK_indicator_denominator_source', `denominator_source IN (${DENOMINATOR_SOURCES.map((s) => `'${s}'`).join(', ')})`)
export class IndicatorEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'roadmap_id' })
  roadmapId!: string;

  @ManyToOne(() => RoadmapEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roadmap_id', foreignKeyConstraintName: 'FK_indicator_roadmap' })
  roadmap?: RoadmapEntity;

  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'text' })
  name!: string;

  @Column({ type: 'text', nullable: true })
  description!: string | null;

  /** Measures summed into the numerator (libs/domain `Measure`). */
  @Column({ type: 'jsonb', name: 'numerator_measures' })
  numeratorMeasures!: Measure[];

  @Column({ type: 'varchar', length: 40, name: 'denominator_source' })
  denominatorSource!: DenominatorSource;

  /** Organization kinds the indicator applies to (each organization is evaluated on its own). */
  @Column({ type: 'jsonb', name: 'organization_kinds' })
  organizationKinds!: OrganizationKind[];

  @Column({ type: 'integer', name: 'sort_order', default: 0 })
  sortOrder!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
