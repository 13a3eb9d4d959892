import { ForbiddenException, Injectable, NotFoundException } from '@nestjs/common';
import { can, type Permission, scopeKindOf } from '@karta/domain';
import { AuditLog } from '@karta/server-core';
import type { AuthUser } from './access.decorators';

/** An organization as far as scoping needs it. */
export interface ScopedOrganization {
  id: string;
  path: string;
}

/** A SQL condition (TypeORM query-builder syntax) restricting an organization alias to the caller's scope. */
export interface ScopeCondition {
  clause: string;
  params: Record<string, string>;
}

/**
 * Deny by default, checked on the server for every read and write: first whether the role may do
 * this at all (403), then whether the object's organization is inside the caller's scope. An object
 * outside it answers 404, as if it did not exist, and the attempt is audited.
 */
@Injectable()
export class AccessControl {
  constructor(private readonly audit: AuditLog) {}

  requirePermission(user: AuthUser, permission: Permission): void {
    if (!can(user.role, permission)) {
      throw new ForbiddenException('Недостаточно прав для этого действия');
    }
  }

  isInScope(user: AuthUser, organization: ScopedOrganization): boolean {
    switch (scopeKindOf(user.role)) {
      case 'all':
        return true;
      case 'subtree':
        return organization.path.startsWith(user.organizationPath);
      case 'organization':
        return organization.id === user.organizationId;
    }
  }

  /** Throws 404 (and audits `access.denied`) unless `organization` is in the caller's scope. */
  async requireInScope(
    user: AuthUser,
    organization: ScopedOrganization | null | undefined,
    target: { entityType: string; entityId: string },
  ): Promise<void> {
    if (organization && this.isInScope(user, organization)) return;
    await this.audit.record({
      action: 'access.denied',
      actorId: user.id,
      entityType: target.entityType,
      entityId: target.entityId,
      organizationId: organization?.id ?? null,
    });
    throw new NotFoundException('Не найдено');
  }

  /**
   * Work defined by an organization (a roadmap, its indicators) is readable by those working under it —
   * its own organization and every descendant (a school reads its department's roadmap) — and by
   * whoever has the owner in scope.
   */
  mayReadOwnedBy(user: AuthUser, owner: ScopedOrganization): boolean {
    return user.organizationPath.startsWith(owner.path) || this.isInScope(user, owner);
  }

  /** `mayReadOwnedBy` as a query condition; `alias` names the owner organization in the query. */
  ownedByReadableCondition(user: AuthUser, alias: string): ScopeCondition {
    const scope = this.scopeCondition(user, alias);
    return { clause: `(:callerPath LIKE ${alias}.path || '%' OR ${scope.clause})`, params: { ...scope.params, callerPath: user.organizationPath } };
  }

  /** Restricts a query to organizations in scope; `alias` names the organization table in the query. */
  scopeCondition(user: AuthUser, alias: string): ScopeCondition {
    switch (scopeKindOf(user.role)) {
      case 'all':
        return { clause: 'TRUE', params: {} };
      case 'subtree':
        return { clause: `${alias}.path LIKE :scopePath`, params: { scopePath: `${escapeLike(user.organizationPath)}%` } };
      case 'organization':
        return { clause: `${alias}.id = :scopeOrganizationId`, params: { scopeOrganizationId: user.organizationId } };
    }
  }
}

function escapeLike(value: string): string {
  return value.replace(/[\\%_]/g, (character) => `\\${character}`);
}
