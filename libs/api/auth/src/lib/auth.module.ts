import { Module } from '@nestjs/common';
import { APP_GUARD } from '@nestjs/core';
import { TypeOrmModule } from '@nestjs/typeorm';
import { RefreshTokenEntity, UserEntity } from '@karta/db';
import { PasswordHasher } from '@karta/server-core';
import { AuthController } from './auth.controller';
import { AuthGuard } from './auth.guard';
import { AuthService } from './auth.service';
import { LoginRateLimiter } from './login-rate-limiter';
import { RefreshTokenService } from './refresh-token.service';
import { TokenService } from './token.service';

@Module({
  imports: [TypeOrmModule.forFeature([UserEntity, RefreshTokenEntity])],
  controllers: [AuthController],
  providers: [AuthService, TokenService, RefreshTokenService, LoginRateLimiter, PasswordHasher, { provide: APP_GUARD, useClass: AuthGuard }],
})
export class AuthModule {}
