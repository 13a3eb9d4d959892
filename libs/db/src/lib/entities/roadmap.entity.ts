import { Check, Column, CreateDateColumn, Entity, Index, JoinColumn, ManyToOne, PrimaryGeneratedColumn, UpdateDateColumn } from 'typeorm';
import { OrganizationEntity } from './organization.entity';
import { UserEntity } from './user.entity';

export const ROADMAP_STATUSES = ['draft', 'active', 'archived'] as const;
export type RoadmapStatus = (typeof ROADMAP_STATUSES)[number];

/** A roadmap and the order that approved it. */
@Entity('roadmap')
@Check('CHK_roadmap_status', `status IN (${ROADMAP_STATUSES.map((s) => `'${s}'`).join(', ')})`)
export class RoadmapEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  /** Stable code from the roadmap file, e.g. `ss-uo-76-2025`; re-importing the file updates by it. */
  @Index('UQ_roadmap_code', { unique: true })
  @Column({ type: 'varchar', length: 100 })
  code!: string;

  @Column({ type: 'text' })
  title!: string;

  @Column({ type: 'varchar', length: 50, name: 'order_number' })
  orderNumber!: string;

  /** LocalDate of the order. */
  @Column({ type: 'date', name: 'order_date' })
  orderDate!: string;

  @Column({ type: 'text', name: 'issuer' })
  issuer!: string;

  /** The organization that owns the roadmap (its subtree is where tasks go). */
  @Index('IDX_roadmap_owner_organization_id')
  @Column({ type: 'uuid', name: 'owner_organization_id' })
  ownerOrganizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'owner_organization_id', foreignKeyConstraintName: 'FK_roadmap_owner_organization' })
  ownerOrganization?: OrganizationEntity;

  /** The controller named in the order (e.g. the deputy head). */
  @Column({ type: 'uuid', name: 'controller_user_id', nullable: true })
  controllerUserId!: string | null;

  @ManyToOne(() => UserEntity, { onDelete: 'SET NULL', nullable: true })
  @JoinColumn({ name: 'controller_user_id', foreignKeyConstraintName: 'FK_roadmap_controller_user' })
  controllerUser?: UserEntity | null;

  /** As written in the order, when the controller has no account yet. */
  @Column({ type: 'varchar', length: 300, name: 'controller_name', nullable: true })
  controllerName!: string | null;

  @Column({ type: 'jsonb', default: () => `'[]'` })
  goals!: string[];

  /** Legal grounds (laws, protocols) as written. */
  @Column({ type: 'jsonb', default: () => `'[]'` })
  grounds!: string[];

  @Column({ type: 'varchar', length: 20, default: 'active' })
  status!: RoadmapStatus;

  /** How many days ahead the worker creates tasks for upcoming periods. */
  @Column({ type: 'integer', name: 'materialize_days_ahead', default: 14 })
  materializeDaysAhead!: number;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
