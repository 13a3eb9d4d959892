import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganizationEntity } from './organization.entity';

export const HEADCOUNT_KINDS = ['staff_stat', 'students_stat', 'actual_headcount_ministry'] as const;
export type HeadcountKind = (typeof HEADCOUNT_KINDS)[number];

/** A headcount in force from a date on; a past week is computed with the value in force then. */
@Entity('organization_headcount')
@Index('UQ_organization_headcount', ['organizationId', 'kind', 'effectiveFrom'], { unique: true })
@Check('CHK_organization_headcount_kind', `kind IN (${HEADCOUNT_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Check('CHK_organization_headcount_value', `value >= 0`)
export class OrganizationHeadcountEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_organization_headcount_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'varchar', length: 40 })
  kind!: HeadcountKind;

  @Column({ type: 'integer' })
  value!: number;

  /** LocalDate (YYYY-MM-DD). */
  @Column({ type: 'date', name: 'effective_from' })
  effectiveFrom!: string;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;
}
