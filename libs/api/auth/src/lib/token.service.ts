import { createSecretKey } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { JwtService } from '@nestjs/jwt';
import { AppConfig } from '@karta/server-config';

interface AccessTokenClaims {
  sub: string;
  /** Issue time in seconds with millisecond fractions, so a password change in the same second still cuts it off. */
  iat: number;
  /** Expiry in seconds (set by the signer from the TTL). */
  exp: number;
}

/** What a valid access token says. */
export interface VerifiedAccessToken {
  userId: string;
  /** Epoch milliseconds. */
  issuedAt: number;
}

const ISSUER = 'karta';
/** Verified tokens remembered (a few per signed-in user); the oldest is forgotten first. */
const VERIFIED_TOKENS_KEPT = 10_000;
const AUDIENCE = 'karta-api';

/** Short-lived access tokens. They carry only the user id: role and status come from the database (AuthGuard, AuthStateCache). */
@Injectable()
export class TokenService {
  /**
   * Holds the secret as a key object: given a string, jsonwebtoken first tries to parse it as a public
   * key on every verification (an eighth of the API's CPU under load, measured), then falls back.
   */
  private readonly jwt: JwtService;
  /**
   * Tokens verified before, by their text, until they expire: a signed token's claims never change,
   * so the signature check and claim parsing (a tenth of a list request's CPU) run once per token.
   */
  private readonly verified = new Map<string, { result: VerifiedAccessToken; expiresAt: number }>();

  constructor(private readonly config: AppConfig) {
    this.jwt = new JwtService({ secret: createSecretKey(Buffer.from(config.auth.jwtSecret, 'utf8')) });
  }

  get accessTokenTtlSeconds(): number {
    return this.config.auth.accessTokenTtlSeconds;
  }

  issueAccessToken(userId: string, now: Date = new Date()): Promise<string> {
    const claims: Omit<AccessTokenClaims, 'exp'> = { sub: userId, iat: now.getTime() / 1000 };
    return this.jwt.signAsync(claims, {
      algorithm: 'HS256',
      expiresIn: this.accessTokenTtlSeconds,
      issuer: ISSUER,
      audience: AUDIENCE,
    });
  }

  /** The user and issue time of a valid token, or null for anything forged, expired or malformed. */
  async verifyAccessToken(token: string): Promise<VerifiedAccessToken | null> {
    const known = this.verified.get(token);
    if (known) {
      if (Date.now() < known.expiresAt) return known.result;
      this.verified.delete(token);
    }
    try {
      const claims = await this.jwt.verifyAsync<Partial<AccessTokenClaims>>(token, {
        algorithms: ['HS256'],
        issuer: ISSUER,
        audience: AUDIENCE,
      });
      if (typeof claims.sub !== 'string' || typeof claims.iat !== 'number' || typeof claims.exp !== 'number') return null;
      const result = { userId: claims.sub, issuedAt: Math.round(claims.iat * 1000) };
      this.remember(token, result, claims.exp * 1000);
      return result;
    } catch {
      return null;
    }
  }

  private remember(token: string, result: VerifiedAccessToken, expiresAt: number): void {
    if (this.verified.size >= VERIFIED_TOKENS_KEPT) {
      const oldest = this.verified.keys().next().value;
      if (oldest !== undefined) this.verified.delete(oldest);
    }
    this.verified.set(token, { result, expiresAt });
  }
}
