import type {} from '@fastify/cookie';
import { Body, Controller, Get, HttpCode, HttpStatus, Post, Req, Res } from '@nestjs/common';
import {
  ApiBadRequestResponse,
  ApiBearerAuth,
  ApiCookieAuth,
  ApiNoContentResponse,
  ApiOkResponse,
  ApiOperation,
  ApiTags,
  ApiTooManyRequestsResponse,
  ApiUnauthorizedResponse,
} from '@nestjs/swagger';
import type { FastifyReply, FastifyRequest } from 'fastify';
import { AllowedBeforePasswordChange, type AuthUser, CurrentUser, Public } from '@karta/api-core';
import { AppConfig } from '@karta/server-config';
import { ChangePasswordDto, CurrentUserDto, LoginDto, LoginResponseDto, RefreshResponseDto } from './auth.dto';
import { AuthService, type SessionGrant, toCurrentUser } from './auth.service';
import { clearedRefreshCookieOptions, REFRESH_COOKIE, refreshCookieOptions } from './refresh-cookie';
import type { ClientInfo } from './refresh-token.service';

@ApiTags('auth')
@Controller('auth')
export class AuthController {
  constructor(
    private readonly auth: AuthService,
    private readonly config: AppConfig,
  ) {}

  @Public()
  @Post('login')
  @HttpCode(HttpStatus.OK)
  @ApiOperation({ summary: 'Sign in: returns an access token and sets the rotating refresh-token cookie' })
  @ApiOkResponse({ type: LoginResponseDto, headers: { 'Set-Cookie': { description: `${REFRESH_COOKIE}=…; Path=/api/auth; HttpOnly; SameSite=Strict`, schema: { type: 'string' } } } })
  @ApiUnauthorizedResponse({ description: 'Wrong e-mail or password, or a disabled account' })
  @ApiTooManyRequestsResponse({ description: 'Too many failed attempts for this account or address' })
  async login(@Body() body: LoginDto, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<LoginResponseDto> {
    return this.withCookie(reply, await this.auth.login(body.email, body.password, clientOf(request)));
  }

  @Public()
  @Post('refresh')
  @HttpCode(HttpStatus.OK)
  @ApiCookieAuth(REFRESH_COOKIE)
  @ApiOperation({ summary: 'Exchange the refresh-token cookie for a new access token; the cookie is rotated' })
  @ApiOkResponse({ type: RefreshResponseDto })
  @ApiUnauthorizedResponse({ description: 'No, unknown, expired, revoked or reused refresh token (reuse revokes the whole session family), or a disabled account' })
  async refresh(@Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<RefreshResponseDto> {
    try {
      return this.withCookie(reply, await this.auth.refresh(request.cookies[REFRESH_COOKIE], clientOf(request)));
    } catch (error) {
      this.clearCookie(reply);
      throw error;
    }
  }

  @Get('me')
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @ApiOkResponse({ type: CurrentUserDto })
  @ApiUnauthorizedResponse({ description: 'Not signed in' })
  me(@CurrentUser() user: AuthUser): CurrentUserDto {
    return toCurrentUser(user);
  }

  @Post('logout')
  @AllowedBeforePasswordChange()
  @ApiBearerAuth()
  @HttpCode(HttpStatus.NO_CONTENT)
  @ApiOperation({ summary: "Ends this browser's session: revokes its refresh-token family and clears the cookie" })
  @ApiNoContentResponse({ description: 'Signed out' })
  @ApiUnauthorizedResponse({ description: 'Not signed in' })
  async logout(@CurrentUser() user: AuthUser, @Req() request: FastifyRequest, @Res({ passthrough: true }) reply: FastifyReply): Promise<void> {
    await this.auth.logout(user, request.cookies[REFRESH_COOKIE]);
    this.clearCookie(reply);
  }

  @Post('password')
  @AllowedBeforePasswordChange()
  @HttpCode(HttpStatus.OK)
  @ApiBearerAuth()
  @ApiOperation({ summary: 'Change the own password; every other session ends, this one gets a fresh token pair' })
  @ApiOkResponse({ type: LoginResponseDto })
  @ApiBadRequestResponse({ description: 'Wrong current password, or the new one is too short, equals the e-mail or the current password' })
  @ApiUnauthorizedResponse({ description: 'Not signed in' })
  @ApiTooManyRequestsResponse({ description: 'Too many wrong current passwords' })
  async changePassword(
    @CurrentUser() user: AuthUser,
    @Body() body: ChangePasswordDto,
    @Req() request: FastifyRequest,
    @Res({ passthrough: true }) reply: FastifyReply,
  ): Promise<LoginResponseDto> {
    return this.withCookie(reply, await this.auth.changePassword(user, body.currentPassword, body.newPassword, clientOf(request)));
  }

  private withCookie<T>(reply: FastifyReply, grant: SessionGrant<T>): T {
    const maxAge = Math.max(0, Math.floor((grant.refresh.expiresAt.getTime() - Date.now()) / 1000));
    void reply.setCookie(REFRESH_COOKIE, grant.refresh.token, refreshCookieOptions(this.config.auth.refreshCookieSecure, maxAge));
    void reply.header('cache-control', 'no-store');
    return grant.body;
  }

  private clearCookie(reply: FastifyReply): void {
    void reply.setCookie(REFRESH_COOKIE, '', clearedRefreshCookieOptions(this.config.auth.refreshCookieSecure));
  }
}

function clientOf(request: FastifyRequest): ClientInfo {
  const userAgent = request.headers['user-agent'];
  return { ip: request.ip ?? null, userAgent: typeof userAgent === 'string' ? userAgent : null };
}
