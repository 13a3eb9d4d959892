import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn } from 'typeorm';
import { TaskEntity } from './task.entity';

export const EVIDENCE_KINDS = ['file', 'link', 'text'] as const;
export type EvidenceKind = (typeof EVIDENCE_KINDS)[number];

/**
 * Proof attached to a task. Rows are never deleted: removal only sets `removedAt`, so the history
 * of what was submitted before a return survives.
 */
@Entity('task_evidence')
@Index('IDX_task_evidence_task_created', ['taskId', 'createdAt'])
@Check('CHK_task_evidence_kind', `kind IN (${EVIDENCE_KINDS.map((k) => `'${k}'`).join(', ')})`)
@Check(
  'CHK_task_evidence_payload',
  `(kind = 'file' AND storage_key IS NOT NULL) OR (kind = 'link' AND url IS NOT NULL) OR (kind = 'text' AND text IS NOT NULL)`,
)
export class TaskEvidenceEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'task_id' })
  taskId!: string;

  @ManyToOne(() => TaskEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'task_id', foreignKeyConstraintName: 'FK_task_evidence_task' })
  task?: TaskEntity;

  @Column({ type: 'varchar', length: 10 })
  kind!: EvidenceKind;

  /** Generated storage name; never derived from the uploaded file name. */
  @Index('UQ_task_evidence_storage_key', { unique: true })
  @Column({ type: 'varchar', length: 100, name: 'storage_key', nullable: true })
  storageKey!: string | null;

  /** The uploader's file name, sanitized, for display and Content-Disposition only. */
  @Column({ type: 'varchar', length: 255, name: 'file_name', nullable: true })
  fileName!: string | null;

  /** Detected from the content, not from the name or the client's claim. */
  @Column({ type: 'varchar', length: 100, name: 'mime_type', nullable: true })
  mimeType!: string | null;

  @Column({ type: 'bigint', name: 'size_bytes', nullable: true })
  sizeBytes!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  sha256!: string | null;

  @Column({ type: 'varchar', length: 2000, nullable: true })
  url!: string | null;

  @Column({ type: 'text', nullable: true })
  text!: string | null;

  /** Which submission round the evidence belongs to (1 for the first submit, +1 after each return). */
  @Column({ type: 'integer', default: 1 })
  round!: number;

  @Column({ type: 'uuid', name: 'created_by' })
  createdBy!: string;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @Column({ type: 'timestamptz', name: 'removed_at', nullable: true })
  removedAt!: Date | null;

  @Column({ type: 'uuid', name: 'removed_by', nullable: true })
  removedBy!: string | null;
}
