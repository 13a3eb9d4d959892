import { createHash, randomBytes, randomUUID } from 'node:crypto';
import { Injectable } from '@nestjs/common';
import { InjectDataSource } from '@nestjs/typeorm';
import { type DataSource, type EntityManager, IsNull } from 'typeorm';
import { RefreshTokenEntity } from '@karta/db';
import { AppConfig } from '@karta/server-config';

/** Where a refresh token was issued, kept for the audit trail of a family. */
export interface ClientInfo {
  ip: string | null;
  userAgent: string | null;
}

export interface IssuedRefreshToken {
  token: string;
  familyId: string;
  expiresAt: Date;
}

/** The outcome of presenting a refresh token. */
export type RotationResult =
  | { kind: 'rotated'; userId: string; next: IssuedRefreshToken }
  /** Already rotated or revoked: the whole family has just been revoked. */
  | { kind: 'reused'; userId: string; familyId: string }
  | { kind: 'invalid' };

export function hashRefreshToken(token: string): string {
  return createHash('sha256').update(token, 'utf8').digest('hex');
}

/**
 * Rotating refresh tokens: each one is good for a single use and is replaced by a new one of the
 * same family. Only the SHA-256 of a token is stored.
 */
@Injectable()
export class RefreshTokenService {
  constructor(
    @InjectDataSource() private readonly dataSource: DataSource,
    private readonly config: AppConfig,
  ) {}

  get ttlSeconds(): number {
    return this.config.auth.refreshTokenTtlDays * 24 * 60 * 60;
  }

  /** A token of a new family (sign-in) or the next one of an existing family (rotation). */
  async issue(userId: string, client: ClientInfo, familyId: string = randomUUID(), manager?: EntityManager): Promise<IssuedRefreshToken> {
    const token = randomBytes(32).toString('base64url');
    const expiresAt = new Date(Date.now() + this.ttlSeconds * 1000);
    await (manager ?? this.dataSource.manager).insert(RefreshTokenEntity, {
      userId,
      familyId,
      tokenHash: hashRefreshToken(token),
      expiresAt,
      createdIp: client.ip?.slice(0, 64) ?? null,
      userAgent: client.userAgent?.slice(0, 500) ?? null,
    });
    return { token, familyId, expiresAt };
  }

  /**
   * Marks the token used and issues its successor, atomically: of two concurrent calls with the same
   * token exactly one wins, the other is treated as reuse.
   */
  async rotate(token: string, client: ClientInfo, isUserActive: (userId: string, manager: EntityManager) => Promise<boolean>): Promise<RotationResult> {
    const tokenHash = hashRefreshToken(token);
    return this.dataSource.transaction(async (manager) => {
      // TypeORM answers an UPDATE … RETURNING with [rows, affectedCount].
      const [claimed]: [{ user_id: string; family_id: string }[], number] = await manager.query(
        `UPDATE refresh_token SET used_at = now()
          WHERE token_hash = $1 AND used_at IS NULL AND revoked_at IS NULL AND expires_at > now()
          RETURNING user_id, family_id`,
        [tokenHash],
      );
      const row = claimed[0];
      if (row) {
        if (!(await isUserActive(row.user_id, manager))) {
          await this.revokeFamily(row.family_id, manager);
          return { kind: 'invalid' };
        }
        return { kind: 'rotated', userId: row.user_id, next: await this.issue(row.user_id, client, row.family_id, manager) };
      }
      const known = await manager.findOne(RefreshTokenEntity, { where: { tokenHash } });
      if (known && (known.usedAt || known.revokedAt)) {
        await this.revokeFamily(known.familyId, manager);
        return { kind: 'reused', userId: known.userId, familyId: known.familyId };
      }
      return { kind: 'invalid' };
    });
  }

  /** The family of a token (for logout), if the token is known and belongs to the user. */
  async familyOf(token: string, userId: string): Promise<string | null> {
    const known = await this.dataSource.manager.findOne(RefreshTokenEntity, { where: { tokenHash: hashRefreshToken(token), userId } });
    return known?.familyId ?? null;
  }

  async revokeFamily(familyId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.update(RefreshTokenEntity, { familyId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }

  async revokeAllOfUser(userId: string, manager: EntityManager = this.dataSource.manager): Promise<void> {
    await manager.update(RefreshTokenEntity, { userId, revokedAt: IsNull() }, { revokedAt: new Date() });
  }
}
