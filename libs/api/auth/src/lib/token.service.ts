import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@karta/server-config';

interface AccessTokenClaims {
  sub: string;
}

const ISSUER = 'karta';
const AUDIENCE = 'karta-api';

/** Short-lived access tokens. They carry only the user id: role and status are read fresh per request. */
@Injectable()
export class TokenService {
  constructor(
    private readonly jwt: JwtService,
    private readonly config: AppConfig,
  ) {}

  get accessTokenTtlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  issueAccessToken(userId: string): Promise<string> {
    const claims: AccessTokenClaims = { sub: userId };
    return this.jwt.signAsync(claims, {
      secret: this.config.auth.jwtSecret,
      algorithm: 'HS256',
      expiresIn: this.accessTokenTtlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  /** The user id of a valid token, or null for anything forged, expired or malformed. */
  async verifyAccessToken(token: string): Promise<string | null> {
    try {
      const claims = await this.jwt.verifyAsync<AccessTokenClaims>(token, {
        secret: this.config.auth.jwtSecret,
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      return typeof claims.sub === 'string' ? claims.sub : null;
    } catch {
      return null;
    }
  }
}
