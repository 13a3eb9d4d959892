import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { OrganizationEntity } from './organization.entity';
import { RoadmapEntity } from './roadmap.entity';

export const WEEKLY_IMPORT_STATUSES = ['queued', 'running', 'done', 'failed'] as const;
export type WeeklyImportStatus = (typeof WEEKLY_IMPORT_STATUSES)[number];
export const WEEKLY_IMPORT_FORMATS = ['csv', 'xlsx'] as const;
export type WeeklyImportFormat = (typeof WEEKLY_IMPORT_FORMATS)[number];

/**
 * A district sheet of weekly numbers uploaded for import. The worker processes it on its own queue and
 * updates the counters as it goes (the screen polls them); every rejected row is a `weekly_import_issue`.
 */
@Entity('weekly_import')
@Index('IDX_weekly_import_organization_created', ['organizationId', 'createdAt'])
@Check('CHK_weekly_import_status', `status IN (${WEEKLY_IMPORT_STATUSES.map((s) => `'${s}'`).join(', ')})`)
@Check('CHK_weekly_import_format', `format IN (${WEEKLY_IMPORT_FORMATS.map((s) => `'${s}'`).join(', ')})`)
export class WeeklyImportEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** The roadmap whose weeks the file reports (weeks outside it are rejected). */
  @Column({ type: 'uuid', name: 'roadmap_id' })
  roadmapId!: string;

  @ManyToOne(() => RoadmapEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roadmap_id', foreignKeyConstraintName: 'FK_weekly_import_roadmap' })
  roadmap?: RoadmapEntity;

  /** The importer's scope root: rows for organizations outside its subtree are rejected. */
  @Column({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_weekly_import_organization' })
  organization?: OrganizationEntity;

  @Column({ type: 'uuid', name: 'created_by', nullable: true })
  createdBy!: string | null;

  @Column({ type: 'varchar', length: 255, name: 'file_name' })
  fileName!: string;

  @Column({ type: 'varchar', length: 10 })
  format!: WeeklyImportFormat;

  @Column({ type: 'integer', name: 'size_bytes' })
  sizeBytes!: number;

  /** Hex SHA-256 of the file: shows that a re-import is the same file. */
  @Column({ type: 'varchar', length: 64 })
  sha256!: string;

  /** Where the uploaded file is kept until processed (storage key, never a user-supplied path). */
  @Column({ type: 'text', name: 'storage_key' })
  storageKey!: string;

  /**
   * When the file was deleted: at once after a successful import or an unreadable file; a failed import
   * keeps it for «Повторить» until the retention job removes it. Null while the file is kept.
   */
  @Column({ type: 'timestamptz', name: 'file_removed_at', nullable: true })
  fileRemovedAt!: Date | null;

  @Column({ type: 'varchar', length: 10, default: 'queued' })
  status!: WeeklyImportStatus;

  /** Data rows in the file, once known. */
  @Column({ type: 'integer', name: 'total_rows', nullable: true })
  totalRows!: number | null;

  @Column({ type: 'integer', name: 'processed_rows', default: 0 })
  processedRows!: number;

  /** Rows that changed a report. */
  @Column({ type: 'integer', name: 'applied_rows', default: 0 })
  appliedRows!: number;

  /** Valid rows equal to what was already stored (a re-import changes nothing). */
  @Column({ type: 'integer', name: 'unchanged_rows', default: 0 })
  unchangedRows!: number;

  @Column({ type: 'integer', name: 'rejected_rows', default: 0 })
  rejectedRows!: number;

  /** Valid rows not applied because the stored report changed after this file was uploaded (`outdated` in the row report). */
  @Column({ type: 'integer', name: 'skipped_rows', default: 0 })
  skippedRows!: number;

  /** Runs started (claims by a worker); an import abandoned this many times without finishing ends failed. */
  @Column({ type: 'integer', default: 0 })
  attempts!: number;

  /** Why the whole file failed (unreadable, wrong columns); then nothing was written. */
  @Column({ type: 'text', nullable: true })
  error!: string | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'started_at', nullable: true })
  startedAt!: Date | null;

  @Column({ type: 'timestamptz', name: 'finished_at', nullable: true })
  finishedAt!: Date | null;
}

/** A row of an import that was not applied, with its reason (the row report). */
@Entity('weekly_import_issue')
@Index('IDX_weekly_import_issue_import_row', ['importId', 'rowNumber'])
export class WeeklyImportIssueEntity {
  @PrimaryGeneratedColumn('increment', { type: 'bigint' })
  id!: string;

  @Column({ type: 'uuid', name: 'import_id' })
  importId!: string;

  @ManyToOne(() => WeeklyImportEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'import_id', foreignKeyConstraintName: 'FK_weekly_import_issue_import' })
  import?: WeeklyImportEntity;

  /** Row number in the file as a spreadsheet shows it (the header is row 1). */
  @Column({ type: 'integer', name: 'row_number' })
  rowNumber!: number;

  /** Column header the problem is in, when it is one cell. */
  @Column({ type: 'varchar', length: 100, nullable: true })
  column!: string | null;

  @Column({ type: 'varchar', length: 64, name: 'organization_code', nullable: true })
  organizationCode!: string | null;

  /** Machine reason: unknown_organization, not_a_count, exceeds_denominator, duplicate_row, week_outside_roadmap, outside_scope, invalid_week, … */
  @Column({ type: 'varchar', length: 40 })
  reason!: string;

  /** Russian message for the row report. */
  @Column({ type: 'text' })
  message!: string;
}
