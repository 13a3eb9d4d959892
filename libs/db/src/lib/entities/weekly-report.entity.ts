import { Check, Column, Entity, Index, JoinColumn, ManyToOne, PrimaryColumn, PrimaryGeneratedColumn, UpdateDateColumn, VersionColumn, CreateDateColumn } from 'typeorm';
import type { Measure } from '@karta/domain';
import { OrganizationEntity } from './organization.entity';

export const WEEKLY_REPORT_SOURCES = ['entry', 'import', 'api'] as const;
export type WeeklyReportSource = (typeof WEEKLY_REPORT_SOURCES)[number];

/** Column of each measure in `weekly_report` (the measure codes are the column names). */
export const MEASURE_COLUMNS: Readonly<Record<Measure, string>> = {
  staff_wrote: 'staff_wrote',
  students_active: 'students_active',
  parents_active: 'parents_active',
  sferum_in_max: 'sferum_in_max',
  sferum_total: 'sferum_total',
  officials_wrote: 'officials_wrote',
};

/** Columns of a measure's value before and after a change in `weekly_report_revision`. */
export function revisionColumns(measure: Measure): [before: string, after: string] {
  return [`${MEASURE_COLUMNS[measure]}_before`, `${MEASURE_COLUMNS[measure]}_after`];
}

const count = (name: string) => ({ type: 'integer' as const, name, nullable: true });

/**
 * The weekly numbers of one organization for one ISO week (Monday–Sunday, Europe/Moscow): one row per
 * organization and week, a column per measure (null = not reported). Every change is also written to
 * `weekly_report_revision`, so corrections keep their history with source, author and time.
 */
@Entity('weekly_report')
@Index('IDX_weekly_report_week', ['weekStart'])
@Check('CHK_weekly_report_monday', `extract(isodow from week_start) = 1`)
@Check(
  'CHK_weekly_report_counts',
  `coalesce(staff_wrote, 0) >= 0 AND coalesce(students_active, 0) >= 0 AND coalesce(parents_active, 0) >= 0 AND coalesce(sferum_in_max, 0) >= 0 AND coalesce(sferum_total, 0) >= 0 AND coalesce(officials_wrote, 0) >= 0`,
)
export class WeeklyReportEntity {
  @PrimaryColumn({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_weekly_report_organization' })
  organization?: OrganizationEntity;

  /** Monday of the ISO week, LocalDate (YYYY-MM-DD). */
  @PrimaryColumn({ type: 'date', name: 'week_start' })
  weekStart!: string;

  @Column(count('staff_wrote'))
  staffWrote!: number | null;

  @Column(count('students_active'))
  studentsActive!: number | null;

  @Column(count('parents_active'))
  parentsActive!: number | null;

  @Column(count('sferum_in_max'))
  sferumInMax!: number | null;

  @Column(count('sferum_total'))
  sferumTotal!: number | null;

  @Column(count('officials_wrote'))
  officialsWrote!: number | null;

  /** Where the latest change came from. */
  @Column({ type: 'varchar', length: 10 })
  source!: WeeklyReportSource;

  @Column({ type: 'uuid', name: 'updated_by', nullable: true })
  updatedBy!: string | null;

  @Column({ type: 'uuid', name: 'import_id', nullable: true })
  importId!: string | null;

  @VersionColumn()
  version!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}

/** One change of a weekly report: which measures changed from what to what, by whom, from where, when. */
@Entity('weekly_report_revision')
@Index('IDX_weekly_report_revision_report', ['organizationId', 'weekStart', 'id'])
export class WeeklyReportRevisionEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @Column({ type: 'date', name: 'week_start' })
  weekStart!: string;

  // Each measure's value before and after this change (null = not reported); both null when the measure
  // did not change here (a change always has a non-null side). Typed columns rather than a jsonb of the
  // changes: an import writes 100,000 revisions, and building and parsing jsonb was half their cost.
  @Column(count('staff_wrote_before'))
  staffWroteBefore!: number | null;

  @Column(count('staff_wrote_after'))
  staffWroteAfter!: number | null;

  @Column(count('students_active_before'))
  studentsActiveBefore!: number | null;

  @Column(count('students_active_after'))
  studentsActiveAfter!: number | null;

  @Column(count('parents_active_before'))
  parentsActiveBefore!: number | null;

  @Column(count('parents_active_after'))
  parentsActiveAfter!: number | null;

  @Column(count('sferum_in_max_before'))
  sferumInMaxBefore!: number | null;

  @Column(count('sferum_in_max_after'))
  sferumInMaxAfter!: number | null;

  @Column(count('sferum_total_before'))
  sferumTotalBefore!: number | null;

  @Column(count('sferum_total_after'))
  sferumTotalAfter!: number | null;

  @Column(count('officials_wrote_before'))
  officialsWroteBefore!: number | null;

  @Column(count('officials_wrote_after'))
  officialsWroteAfter!: number | null;


  @Column({ type: 'varchar', length: 10 })
  source!: WeeklyReportSource;

  @Column({ type: 'uuid', name: 'author_id', nullable: true })
  authorId!: string | null;

  @Column({ type: 'uuid', name: 'import_id', nullable: true })
  importId!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'recorded_at' })
  recordedAt!: Date;
}
