import { BadRequestException, ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource, EntityManager } from 'typeorm';
import { AccessControl, AuthStateCache, type AuthUser, FieldConflictException, isUniqueViolation, RequestValidationException } from '@karta/api-core';
import type { Page, UserSummary, UserWithPassword } from '@karta/contracts';
import { OrganizationEntity, UserEntity } from '@karta/db';
import { assignableRoles } from '@karta/domain';
import { AuditLog, PasswordHasher } from '@karta/server-core';
import { generateOneTimePassword } from './one-time-password';
import { userChangeViolation } from './user-rules';
import type { CreateUserDto, UpdateUserDto, UserListQueryDto } from './users.dto';

const ENTITY = 'user';
const DEFAULT_PAGE_SIZE = 50;
const EDITABLE = ['fullName', 'phone', 'role', 'organizationId', 'isActive'] as const;

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}

function toSummary(user: UserEntity): UserSummary {
  return {
    id: user.id,
    email: user.email,
    fullName: user.fullName,
    phone: user.phone,
    role: user.role,
    organizationId: user.organizationId,
    organizationCode: user.organization?.code ?? '',
    organizationShortName: user.organization?.shortName ?? '',
    isActive: user.isActive,
    lastLoginAt: user.lastLoginAt?.toISOString() ?? null,
    createdAt: user.createdAt.toISOString(),
  };
}

function snapshot(user: UserEntity): Record<string, unknown> {
  return { email: user.email, ...Object.fromEntries(EDITABLE.map((field) => [field, user[field]])) };
}

@Injectable()
export class UsersService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly access: AccessControl,
    private readonly audit: AuditLog,
    private readonly hasher: PasswordHasher,
    private readonly authState: AuthStateCache,
  ) {}

  async list(caller: AuthUser, query: UserListQueryDto): Promise<Page<UserSummary>> {
    this.access.requirePermission(caller, 'users.read');
    const page = query.page ?? 1;
    const pageSize = query.pageSize ?? DEFAULT_PAGE_SIZE;
    const scope = this.access.scopeCondition(caller, 'o');
    const builder = this.dataSource
      .getRepository(UserEntity)
      .createQueryBuilder('u')
      .innerJoinAndSelect('u.organization', 'o')
      .where(scope.clause, scope.params);
    if (query.role) builder.andWhere('u.role = :role', { role: query.role });
    if (query.organizationId) builder.andWhere('u.organizationId = :organizationId', { organizationId: query.organizationId });
    if (query.active !== undefined) builder.andWhere('u.isActive = :active', { active: query.active });
    if (query.q) builder.andWhere('(u.fullName ILIKE :q OR u.email ILIKE :q)', { q: `%${escapeLike(query.q)}%` });
    const [users, total] = await builder
      .orderBy('u.fullName', 'ASC')
      .addOrderBy('u.id', 'ASC')
      .skip((page - 1) * pageSize)
      .take(pageSize)
      .getManyAndCount();
    return { items: users.map(toSummary), total, page, pageSize };
  }

  async get(caller: AuthUser, id: string): Promise<UserSummary> {
    this.access.requirePermission(caller, 'users.read');
    return toSummary(await this.findInScope(caller, id));
  }

  async create(caller: AuthUser, dto: CreateUserDto): Promise<UserWithPassword> {
    this.access.requirePermission(caller, 'users.write');
    if (!assignableRoles(caller.role).includes(dto.role)) {
      throw new RequestValidationException([{ field: 'role', messages: ['Эту роль вы назначить не можете'] }]);
    }
    await this.organizationInScope(caller, dto.organizationId);
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await this.hasher.hash(oneTimePassword);
    let id = '';
    try {
      await this.dataSource.transaction(async (manager) => {
        if (await manager.existsBy(UserEntity, { email: dto.email })) throw emailTaken();
        const user = await manager.save(
          manager.create(UserEntity, {
            email: dto.email,
            fullName: dto.fullName,
            phone: dto.phone ?? null,
            role: dto.role,
            organizationId: dto.organizationId,
            isActive: true,
            passwordHash,
            mustChangePassword: true,
          }),
        );
        id = user.id;
        await this.audit.record(
          { action: 'user.created', entityType: ENTITY, entityId: id, organizationId: dto.organizationId, after: snapshot(user) },
          manager,
        );
      });
    } catch (error) {
      if (isUniqueViolation(error, 'UQ_user_account_email')) throw emailTaken();
      throw error;
    }
    return { user: await this.get(caller, id), oneTimePassword };
  }

  async update(caller: AuthUser, id: string, dto: UpdateUserDto): Promise<UserSummary> {
    this.access.requirePermission(caller, 'users.write');
    const target = await this.findInScope(caller, id);
    this.enforceRules(caller, target, dto);
    if (dto.organizationId !== undefined && dto.organizationId !== target.organizationId) {
      await this.organizationInScope(caller, dto.organizationId);
    }
    await this.dataSource.transaction(async (manager) => {
      const before: Record<string, unknown> = {};
      const after: Record<string, unknown> = {};
      for (const field of EDITABLE) {
        const value = dto[field];
        if (value === undefined || value === target[field]) continue;
        before[field] = target[field];
        after[field] = value;
      }
      if (!Object.keys(after).length) return;
      await manager.update(UserEntity, { id }, after);
      const deactivated = dto.isActive === false && target.isActive;
      if (deactivated || (after['role'] !== undefined) || after['organizationId'] !== undefined) {
        // Whoever was signed in must sign in again to get a token matching the new rights.
        await this.revokeSessions(manager, id);
      }
      await this.audit.record(
        {
          action: deactivated ? 'user.deactivated' : 'user.updated',
          entityType: ENTITY,
          entityId: id,
          organizationId: (after['organizationId'] as string | undefined) ?? target.organizationId,
          before,
          after,
        },
        manager,
      );
    });
    await this.authState.changed([id]);
    return this.get(caller, id);
  }

  async resetPassword(caller: AuthUser, id: string): Promise<UserWithPassword> {
    this.access.requirePermission(caller, 'users.write');
    const target = await this.findInScope(caller, id);
    if (target.id === caller.id) throw new BadRequestException('Свой пароль меняйте в профиле');
    this.enforceRules(caller, target, {});
    const oneTimePassword = generateOneTimePassword();
    const passwordHash = await this.hasher.hash(oneTimePassword);
    await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, { id }, { passwordHash, mustChangePassword: true, passwordChangedAt: () => 'now()' });
      await this.revokeSessions(manager, id);
      await this.audit.record(
        { action: 'user.password_reset', entityType: ENTITY, entityId: id, organizationId: target.organizationId },
        manager,
      );
    });
    await this.authState.changed([id]);
    return { user: await this.get(caller, id), oneTimePassword };
  }

  private enforceRules(caller: AuthUser, target: UserEntity, change: { role?: UserEntity['role']; isActive?: boolean }): void {
    const violation = userChangeViolation(caller, target, change);
    if (!violation) return;
    if (violation.status === 403) throw new ForbiddenException(violation.message);
    throw new RequestValidationException([{ field: violation.field, messages: [violation.message] }]);
  }

  private async revokeSessions(manager: EntityManager, userId: string): Promise<void> {
    await manager.query(`UPDATE refresh_token SET revoked_at = now() WHERE user_id = $1 AND revoked_at IS NULL`, [userId]);
  }

  private async organizationInScope(caller: AuthUser, organizationId: string): Promise<OrganizationEntity> {
    const organization = await this.dataSource.getRepository(OrganizationEntity).findOneBy({ id: organizationId });
    if (!organization || !this.access.isInScope(caller, organization)) {
      await this.access.requireInScope(caller, organization, { entityType: 'organization', entityId: organizationId }).catch(() => undefined);
      throw new RequestValidationException([{ field: 'organizationId', messages: ['Организация не найдена'] }]);
    }
    if (!organization.isActive) {
      throw new RequestValidationException([{ field: 'organizationId', messages: ['Организация отключена'] }]);
    }
    return organization;
  }

  private async findInScope(caller: AuthUser, id: string): Promise<UserEntity> {
    const user = await this.dataSource.getRepository(UserEntity).findOne({ where: { id }, relations: { organization: true } });
    await this.access.requireInScope(caller, user?.organization, { entityType: ENTITY, entityId: id });
    if (!user) throw new NotFoundException('Не найдено');
    return user;
  }
}

function emailTaken(): FieldConflictException {
  return new FieldConflictException('email', 'Пользователь с такой электронной почтой уже есть');
}
