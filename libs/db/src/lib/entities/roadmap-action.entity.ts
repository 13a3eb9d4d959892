import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import type { OrganizationKind } from './organization.entity';
import { RoadmapEntity } from './roadmap.entity';

export const ACTION_RESULT_TYPES = ['report', 'indicator'] as const;
export type ActionResultType = (typeof ACTION_RESULT_TYPES)[number];

/** Who must carry out an action; each matching organization gets its own task per period. */
export type ActionResponsible =
  | { type: 'owner' }
  | { type: 'organization_kinds'; kinds: OrganizationKind[]; includeOwner: boolean }
  | { type: 'organizations'; codes: string[] };

/** One numbered action of a roadmap. */
@Entity('roadmap_action')
@Index('UQ_roadmap_action_number', ['roadmapId', 'number'], { unique: true })
@Check('CHK_roadmap_action_result_type', `result_type IN (${ACTION_RESULT_TYPES.map((t) => `'${t}'`).join(', ')})`)
export class RoadmapActionEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Column({ type: 'uuid', name: 'roadmap_id' })
  roadmapId!: string;

  @ManyToOne(() => RoadmapEntity, { onDelete: 'CASCADE' })
  @JoinColumn({ name: 'roadmap_id', foreignKeyConstraintName: 'FK_roadmap_action_roadmap' })
  roadmap?: RoadmapEntity;

  @Column({ type: 'integer' })
  number!: number;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'text', name: 'full_text' })
  fullText!: string;

  @Column({ type: 'jsonb' })
  responsible!: ActionResponsible;

  /** Responsible parties as written in the order, for display. */
  @Column({ type: 'text', name: 'responsible_text' })
  responsibleText!: string;

  /** A `Schedule` of libs/domain, validated with `parseSchedule` on the way in. */
  @Column({ type: 'jsonb' })
  schedule!: Record<string, unknown>;

  /** Deadline as written in the order, e.g. «август 2025 года и далее ежемесячно». */
  @Column({ type: 'text', name: 'deadline_text' })
  deadlineText!: string;

  @Column({ type: 'varchar', length: 20, name: 'result_type' })
  resultType!: ActionResultType;

  /** Expected result as written, e.g. «Отчет». */
  @Column({ type: 'text', name: 'result_text' })
  resultText!: string;

  /** Codes of the indicators that close an `indicator` action (the indicators issue defines them). */
  @Column({ type: 'jsonb', name: 'indicator_codes', default: () => `'[]'` })
  indicatorCodes!: string[];

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
