import {
  Check,
  Column,
  CreateDateColumn,
  Entity,
  Index,
  JoinColumn,
  ManyToOne,
  PrimaryGeneratedColumn,
  UpdateDateColumn,
} from 'typeorm';

import { ORGANIZATION_KINDS, type OrganizationKind } from '@karta/domain';

export { ORGANIZATION_KINDS, type OrganizationKind };

/** A node of the region → district department → educational organization tree. */
@Entity('organization')
@Check('CHK_organization_kind', `kind IN (${ORGANIZATION_KINDS.map((k) => `'${k}'`).join(', ')})`)
export class OrganizationEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_organization_parent_id')
  @Column({ type: 'uuid', name: 'parent_id', nullable: true })
  parentId!: string | null;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT', nullable: true })
  @JoinColumn({ name: 'parent_id', foreignKeyConstraintName: 'FK_organization_parent' })
  parent?: OrganizationEntity | null;

  /**
   * Materialized path of ids from the root, `/<root>/<…>/<self>/`. Subtree scoping is then one
   * indexed prefix match instead of a recursive query per request.
   */
  @Index('IDX_organization_path', { synchronize: false })
  @Column({ type: 'text' })
  path!: string;

  /** Stable external code (e.g. the ministry's), used by imports to upsert. */
  @Index('UQ_organization_code', { unique: true })
  @Column({ type: 'varchar', length: 64 })
  code!: string;

  @Column({ type: 'varchar', length: 500 })
  name!: string;

  @Column({ type: 'varchar', length: 200, name: 'short_name' })
  shortName!: string;

  @Column({ type: 'varchar', length: 32 })
  kind!: OrganizationKind;

  @Column({ type: 'varchar', length: 300, name: 'head_name', nullable: true })
  headName!: string | null;

  @Column({ type: 'varchar', length: 320, nullable: true })
  email!: string | null;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phone!: string | null;

  @Column({ type: 'varchar', length: 500, nullable: true })
  address!: string | null;

  /** Official MAX channel, when the organization has one (action 1 of order №76). */
  @Column({ type: 'varchar', length: 500, name: 'max_channel_url', nullable: true })
  maxChannelUrl!: string | null;

  @Column({ type: 'boolean', name: 'is_active', default: true })
  isActive!: boolean;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
