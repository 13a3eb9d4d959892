import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { IndicatorEntity } from './indicator.entity';
import { fractionTransformer } from './transformers';

/**
 * One stage of an indicator's staged target (15 % → 75 % → 100 %), in force from the week containing
 * `effectiveFrom` on, for the organization kinds it names (null: every kind of the indicator). Two
 * stages of one week never share a kind (libs/domain `targetStageIssues`). The controller edits the
 * stages; every edit is in the audit log (before → after).
 */
@Entity('indicator_target')
@Index('IDX_indicator_target_indicator', ['indicatorId', 'effectiveFrom'])
@Check('CHK_indicator_target_range', `target >= 0 AND target <= 1`)
export class IndicatorTargetEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'indicator_id' })
  indicatorId!: string;

  @ManyToOne(() => IndicatorEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'indicator_id', foreignKeyConstraintName: 'FK_indicator_target_indicator' })
  indicator?: IndicatorEntity;

  /** LocalDate (YYYY-MM-DD), a Monday. */
  @Column({ type: 'date', name: 'effective_from' })
  effectiveFrom!: string;

  /** Kinds the stage applies to (libs/domain `OrganizationKind`); null = every kind of the indicator. */
  @Column({ type: 'jsonb', name: 'organization_kinds', nullable: true })
  organizationKinds!: string[] | null;

  /** A fraction: 0.15 is 15 %. */
  @Column({ type: 'numeric', precision: 5, scale: 4, transformer: fractionTransformer })
  target!: number;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
