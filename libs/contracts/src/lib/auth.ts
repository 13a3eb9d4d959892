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
}

/** Response of POST /api/auth/login. The access token goes into `Authorization: Bearer`. */
export interface LoginResponse {
  accessToken: string;
  /** Seconds until the access token expires. */
  expiresIn: number;
  user: CurrentUser;
}
