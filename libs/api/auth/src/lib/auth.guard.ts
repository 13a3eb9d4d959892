import { type CanActivate, type ExecutionContext, ForbiddenException, Injectable, UnauthorizedException } from '@nestjs/common';
import { Reflector } from '@nestjs/core';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import type { Role } from '@karta/domain';
import { UserEntity } from '@karta/db';
import type { RequestContext } from '@karta/server-core';
import { ClsService } from 'nestjs-cls';
import { type AuthenticatedRequest, type AuthUser, IS_PUBLIC, REQUIRED_ROLES } from '@karta/api-core';
import { toCurrentUser } from './auth.service';
import { TokenService } from './token.service';

/** Deny by default: every route needs a valid token of an active user unless marked @Public(). */
@Injectable()
export class AuthGuard implements CanActivate {
  constructor(
    private readonly reflector: Reflector,
    private readonly tokens: TokenService,
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly context: ClsService<RequestContext>,
  ) {}

  async canActivate(context: ExecutionContext): Promise<boolean> {
    const targets = [context.getHandler(), context.getClass()];
    if (this.reflector.getAllAndOverride<boolean>(IS_PUBLIC, targets)) return true;

    const request = context.switchToHttp().getRequest<AuthenticatedRequest & { headers: Record<string, string | undefined> }>();
    const user = await this.authenticate(request.headers['authorization']);
    request.user = user;

    const roles = this.reflector.getAllAndOverride<Role[] | undefined>(REQUIRED_ROLES, targets);
    if (roles && !roles.includes(user.role)) {
      throw new ForbiddenException('Недостаточно прав для этого действия');
    }
    return true;
  }

  private async authenticate(header: string | undefined): Promise<AuthUser> {
    const token = header?.match(/^Bearer\s+(\S+)$/i)?.[1];
    const verified = token ? await this.tokens.verifyAccessToken(token) : null;
    // Loaded on every request so a disabled account or a changed role takes effect at once.
    const user = verified
      ? await this.users.findOne({ where: { id: verified.userId, isActive: true }, relations: { organization: true } })
      : null;
    // A password change ends every session: tokens issued before it are refused.
    const stale = !verified || !user || verified.issuedAt < user.passwordChangedAt.getTime();
    if (stale || !user.organization) throw new UnauthorizedException('Требуется вход в систему');
    this.context.set('actorId', user.id);
    return { ...toCurrentUser(user), organizationPath: user.organization.path };
  }
}
