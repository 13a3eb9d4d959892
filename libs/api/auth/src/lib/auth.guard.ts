import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectDataSource } from '@nestjs/typeorm';
import type { DataSource } from 'typeorm';
import type { Role } from '@karta/domain';
import { RequestContextService } from '@karta/server-core';
import { ALLOWED_BEFORE_PASSWORD_CHANGE, AuthStateCache, type AuthenticatedRequest, type AuthUser, IS_PUBLIC, REQUIRED_ROLES } from '@karta/api-core';
import { TokenService } from './token.service';

export const PASSWORD_CHANGE_REQUIRED = 'Смените одноразовый пароль, чтобы продолжить работу';

/** Deny by default: every route needs a valid token of an active user unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly requestContext: RequestContextService,
    private readonly authState: AuthStateCache<AuthUserRow>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const user = await this.authenticate(request.headers['authorization']);
    request.user = user;
    if (user.mustChangePassword && !this.reflector.getAllAndOverride<boolean>(ALLOWED_BEFORE_PASSWORD_CHANGE, targets)) {
      throw new ForbiddenException(PASSWORD_CHANGE_REQUIRED);
    }

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException('Недостаточно прав для этого действия');
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const verified = token ? await this.tokens.verifyAccessToken(token) : null;
    // A disabled account or a changed role takes effect at once: the state is reused for a few seconds
    // only, and every change made through the API drops it (AuthStateCache).
    const row = verified ? await this.authState.get(verified.userId, () => this.loadUser(verified.userId)) : undefined;
    // A password change ends every session: tokens issued before it are refused.
    if (!verified || !row || verified.issuedAt < row.passwordChangedAt.getTime()) throw new UnauthorizedException('Требуется вход в систему');
    this.requestContext.setActor(row.id);
    const { id, email, fullName, role, organizationId, organizationPath, mustChangePassword } = row;
    return { id, email, fullName, role, organizationId, organizationPath, mustChangePassword };
  }

  /** One indexed round trip (no ORM relation loading): it runs for every request whose user is not cached. */
  private async loadUser(userId: string): Promise<AuthUserRow | undefined> {
    const rows: AuthUserRow[] = await this.dataSource.query(AUTH_USER_SQL, [userId]);
    return rows[0];
  }
}

interface AuthUserRow extends AuthUser {
  passwordChangedAt: Date;
}

const AUTH_USER_SQL = `
  SELECT u.id, u.email, u.full_name AS "fullName", u.role, u.organization_id AS "organizationId",
         o.path AS "organizationPath", u.must_change_password AS "mustChangePassword", u.password_changed_at AS "passwordChangedAt"
  FROM user_account u JOIN organization o ON o.id = u.organization_id
  WHERE u.id = $1 AND u.is_active`;
