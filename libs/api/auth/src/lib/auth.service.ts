import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { InjectDataSource, InjectRepository } from '@nestjs/typeorm';
import type { DataSource, Repository } from 'typeorm';
import { UserEntity } from '@karta/db';
import { AuditLog, PasswordHasher } from '@karta/server-core';
import type { CurrentUser, LoginResponse, RefreshResponse } from '@karta/contracts';
import { AuthStateCache, type AuthUser, RequestValidationException } from '@karta/api-core';
import { LoginRateLimiter } from './login-rate-limiter';
import { passwordProblem } from './password-policy';
import { type ClientInfo, type IssuedRefreshToken, RefreshTokenService } from './refresh-token.service';
import { TokenService } from './token.service';

/** A response body plus the refresh token the controller puts into the cookie. */
export interface SessionGrant<T> {
  body: T;
  refresh: IssuedRefreshToken;
}

const SESSION_EXPIRED = 'Сеанс истёк, войдите снова';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly refreshTokens: RefreshTokenService,
    private readonly rateLimiter: LoginRateLimiter,
    private readonly audit: AuditLog,
    private readonly authState: AuthStateCache,
  ) {}

  async login(email: string, password: string, client: ClientInfo): Promise<SessionGrant<LoginResponse>> {
    const address = client.ip ?? 'unknown';
    await this.rateLimiter.assertAllowed(email, address);
    const user = await this.users.findOne({
      where: { email },
      select: { id: true, email: true, fullName: true, role: true, organizationId: true, isActive: true, passwordHash: true, mustChangePassword: true },
    });
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !valid || !user.isActive) {
      await this.rateLimiter.recordFailure(email, address);
      this.logger.warn({ event: 'login.failed', userId: user?.id ?? null, address }, 'Sign-in refused');
      // The e-mail is recorded only when it names no account: for a real account the entity says who.
      await this.audit.record(
        user
          ? {
              action: 'auth.login_failed',
              actorId: null,
              entityType: 'user',
              entityId: user.id,
              organizationId: user.organizationId,
              after: { reason: valid ? 'disabled' : 'wrong_password' },
            }
          : { action: 'auth.login_failed', actorId: null, after: { email, reason: 'unknown_account' } },
      );
      throw new UnauthorizedException('Неверный e-mail или пароль');
    }
    await this.rateLimiter.recordSuccess(email);
    const now = new Date();
    const refresh = await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, user.id, { lastLoginAt: now });
      await this.audit.record(
        { action: 'auth.login_succeeded', actorId: user.id, entityType: 'user', entityId: user.id, organizationId: user.organizationId },
        manager,
      );
      return this.refreshTokens.issue(user.id, client, undefined, manager);
    });
    this.logger.log({ event: 'login.succeeded', userId: user.id, address }, 'Signed in');
    return { body: await this.sessionBody(user.id, now, toCurrentUser(user)), refresh };
  }

  /** Rotates the refresh token; a reused one revokes its whole family and is audited. */
  async refresh(token: string | undefined, client: ClientInfo): Promise<SessionGrant<RefreshResponse>> {
    if (!token) throw new UnauthorizedException(SESSION_EXPIRED);
    const result = await this.refreshTokens.rotate(token, client, (userId, manager) =>
      manager.exists(UserEntity, { where: { id: userId, isActive: true } }),
    );
    switch (result.kind) {
      case 'invalid':
        throw new UnauthorizedException(SESSION_EXPIRED);
      case 'reused': {
        const user = await this.users.findOne({ where: { id: result.userId } });
        this.logger.warn({ event: 'refresh.reuse', userId: result.userId, familyId: result.familyId }, 'Refresh token reused; family revoked');
        await this.audit.record({
          action: 'auth.refresh_reuse_detected',
          actorId: result.userId,
          entityType: 'user',
          entityId: result.userId,
          organizationId: user?.organizationId ?? null,
          after: { familyId: result.familyId },
        });
        throw new UnauthorizedException(SESSION_EXPIRED);
      }
      case 'rotated': {
        const body = { accessToken: await this.tokens.issueAccessToken(result.userId), expiresIn: this.tokens.accessTokenTtlSeconds };
        return { body, refresh: result.next };
      }
    }
  }

  /** Revokes the family of the presented refresh token (this browser's session). */
  async logout(user: AuthUser, token: string | undefined): Promise<void> {
    const familyId = token ? await this.refreshTokens.familyOf(token, user.id) : null;
    await this.dataSource.transaction(async (manager) => {
      if (familyId) await this.refreshTokens.revokeFamily(familyId, manager);
      await this.audit.record(
        { action: 'auth.logout', entityType: 'user', entityId: user.id, organizationId: user.organizationId },
        manager,
      );
    });
  }

  /**
   * Changes the password after checking the current one (rate-limited like sign-in). Every session
   * of the user ends — refresh tokens are revoked and older access tokens refused — and this one
   * continues with a fresh pair.
   */
  async changePassword(user: AuthUser, currentPassword: string, newPassword: string, client: ClientInfo): Promise<SessionGrant<LoginResponse>> {
    const address = client.ip ?? 'unknown';
    await this.rateLimiter.assertAllowed(user.email, address);
    const stored = await this.users.findOneOrFail({ where: { id: user.id }, select: { id: true, passwordHash: true } });
    if (!(await this.hasher.verify(stored.passwordHash, currentPassword))) {
      await this.rateLimiter.recordFailure(user.email, address);
      await this.audit.record({
        action: 'auth.password_change_failed',
        entityType: 'user',
        entityId: user.id,
        organizationId: user.organizationId,
        after: { reason: 'wrong_current_password' },
      });
      throw fieldError('currentPassword', 'Текущий пароль указан неверно');
    }
    await this.rateLimiter.recordSuccess(user.email);
    const problem = passwordProblem(newPassword, user.email);
    if (problem) throw fieldError('newPassword', problem);
    if (await this.hasher.verify(stored.passwordHash, newPassword)) {
      throw fieldError('newPassword', 'Новый пароль должен отличаться от текущего');
    }
    const passwordHash = await this.hasher.hash(newPassword);
    const now = new Date();
    const refresh = await this.dataSource.transaction(async (manager) => {
      await manager.update(UserEntity, user.id, { passwordHash, passwordChangedAt: now, mustChangePassword: false });
      await this.refreshTokens.revokeAllOfUser(user.id, manager);
      await this.audit.record(
        {
          action: 'auth.password_changed',
          entityType: 'user',
          entityId: user.id,
          organizationId: user.organizationId,
          after: { passwordChangedAt: now.toISOString(), sessionsRevoked: true },
        },
        manager,
      );
      return this.refreshTokens.issue(user.id, client, undefined, manager);
    });
    await this.authState.changed([user.id]);
    this.logger.log({ event: 'password.changed', userId: user.id }, 'Password changed');
    return { body: await this.sessionBody(user.id, now, toCurrentUser({ ...user, mustChangePassword: false })), refresh };
  }

  private async sessionBody(userId: string, now: Date, user: CurrentUser): Promise<LoginResponse> {
    return { accessToken: await this.tokens.issueAccessToken(userId, now), expiresIn: this.tokens.accessTokenTtlSeconds, user };
  }
}

/** 400 in the common validation shape, so the form shows the message under the field. */
function fieldError(field: string, message: string): RequestValidationException {
  return new RequestValidationException([{ field, messages: [message] }]);
}

export function toCurrentUser(user: Pick<UserEntity, 'id' | 'email' | 'fullName' | 'role' | 'organizationId' | 'mustChangePassword'>): CurrentUser {
  return { id: user.id, email: user.email, fullName: user.fullName, role: user.role, organizationId: user.organizationId, mustChangePassword: user.mustChangePassword };
}
