import { ROLES, type Role } from '@karta/domain';
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
import { OrganizationEntity } from './organization.entity';

@Entity('user_account')
@Check('CHK_user_account_role', `role IN (${ROLES.map((r) => `'${r}'`).join(', ')})`)
@Check('CHK_user_account_email_lowercase', `email = lower(email)`)
export class UserEntity {
  @PrimaryGeneratedColumn('uuid')
  id!: string;

  @Index('IDX_user_account_organization_id')
  @Column({ type: 'uuid', name: 'organization_id' })
  organizationId!: string;

  @ManyToOne(() => OrganizationEntity, { onDelete: 'RESTRICT' })
  @JoinColumn({ name: 'organization_id', foreignKeyConstraintName: 'FK_user_account_organization' })
  organization?: OrganizationEntity;

  /** Stored lower-cased so sign-in is case-insensitive and the unique index holds. */
  @Index('UQ_user_account_email', { unique: true })
  @Column({ type: 'varchar', length: 320 })
  email!: string;

  @Column({ type: 'varchar', length: 300, name: 'full_name' })
  fullName!: string;

  @Column({ type: 'varchar', length: 32 })
  role!: Role;

  /** argon2id PHC string. */
  @Column({ type: 'varchar', length: 255, name: 'password_hash', select: false })
  passwordHash!: string;

  @Column({ type: 'boolean', name: 'is_active', default: true })
  isActive!: boolean;

  @Column({ type: 'varchar', length: 64, nullable: true })
  phone!: string | null;

  /** Set on every password change; access tokens issued before it stop working. */
  /** Set by a one-time password (new account, reset): until the user picks their own, only that is allowed. */
  @Column({ type: 'boolean', name: 'must_change_password', default: false })
  mustChangePassword!: boolean;

  @Column({ type: 'timestamptz', name: 'password_changed_at', default: () => 'now()' })
  passwordChangedAt!: Date;

  @Column({ type: 'timestamptz', name: 'last_login_at', nullable: true })
  lastLoginAt!: Date | null;

  @CreateDateColumn({ type: 'timestamptz', name: 'created_at' })
  createdAt!: Date;

  @UpdateDateColumn({ type: 'timestamptz', name: 'updated_at' })
  updatedAt!: Date;
}
