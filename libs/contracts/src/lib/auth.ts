import type { Role } from '@karta/domain';

/** POST /api/auth/login */
export interface LoginRequest {
  email: string;
  password: string;
}

/** The signed-in user as the API describes them to the client. */
export interface CurrentUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  organizationId: string;
  /** Signed in with a one-time password: until they choose their own, the API refuses everything else. */
  mustChangePassword: boolean;
}

/** Response of POST /api/auth/login. The access token goes into `Authorization: Bearer`. */
export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: CurrentUser;
}

/**
 * Response of POST /api/auth/refresh. The refresh token itself travels only in an httpOnly cookie
 * (Path=/api/auth) and is rotated on every call.
 */
export interface RefreshResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
}

/** POST /api/auth/password */
export interface ChangePasswordRequest {
  currentPassword: string;
  /** At least {@link PASSWORD_MIN_LENGTH} characters, not the e-mail, not the current password. */
  newPassword: string;
}

export const PASSWORD_MIN_LENGTH = 10;
