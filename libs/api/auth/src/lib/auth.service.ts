import { Injectable, Logger, UnauthorizedException } from '@nestjs/common';
import { InjectRepository } from '@nestjs/typeorm';
import type { Repository } from 'typeorm';
import { UserEntity } from '@karta/db';
import { PasswordHasher } from '@karta/server-core';
import type { CurrentUser, LoginResponse } from '@karta/contracts';
import { LoginRateLimiter } from './login-rate-limiter';
import { TokenService } from './token.service';

@Injectable()
export class AuthService {
  private readonly logger = new Logger(AuthService.name);

  constructor(
    @InjectRepository(UserEntity) private readonly users: Repository<UserEntity>,
    private readonly hasher: PasswordHasher,
    private readonly tokens: TokenService,
    private readonly rateLimiter: LoginRateLimiter,
  ) {}

  async login(email: string, password: string, address: string): Promise<LoginResponse> {
    await this.rateLimiter.assertAllowed(email, address);
    const user = await this.users.findOne({ where: { email }, select: { id: true, email: true, fullName: true, role: true, organizationId: true, isActive: true, passwordHash: true } });
    const valid = await this.hasher.verify(user?.passwordHash ?? null, password);
    if (!user || !valid || !user.isActive) {
      await this.rateLimiter.recordFailure(email, address);
      this.logger.warn({ event: 'login.failed', userId: user?.id ?? null, address }, 'Sign-in refused');
      throw new UnauthorizedException('Неверный e-mail или пароль');
    }
    await this.rateLimiter.recordSuccess(email);
    this.logger.log({ event: 'login.succeeded', userId: user.id, address }, 'Signed in');
    return {
      accessToken: await this.tokens.issueAccessToken(user.id),
      expiresIn: this.tokens.accessTokenTtlSeconds,
      user: toCurrentUser(user),
    };
  }
}

export function toCurrentUser(user: Pick<UserEntity, 'id' | 'email' | 'fullName' | 'role' | 'organizationId'>): CurrentUser {
  return { id: user.id, email: user.email, fullName: user.fullName, role: user.role, organizationId: user.organizationId };
}
