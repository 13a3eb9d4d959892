// Request/response types of /api/users (shared by API and web).
import type { Role } from '@karta/domain';

/** GET /api/users, GET /api/users/:id */
export interface UserSummary {
  id: string;
  email: string;
  fullName: string;
  phone: string | null;
  role: Role;
  organizationId: string;
  organizationCode: string;
  organizationShortName: string;
  isActive: boolean;
  lastLoginAt: string | null;
  createdAt: string;
}

/** Query of GET /api/users */
export interface UserListQuery {
  page?: number;
  pageSize?: number;
  role?: Role;
  organizationId?: string;
  q?: string;
  active?: boolean;
}

/** POST /api/users */
export interface CreateUserRequest {
  email: string;
  fullName: string;
  phone?: string | null;
  role: Role;
  organizationId: string;
}

/** PATCH /api/users/:id */
export interface UpdateUserRequest {
  fullName?: string;
  phone?: string | null;
  role?: Role;
  organizationId?: string;
  isActive?: boolean;
}

/** The one-time password is shown once and never stored in plain text. */
export interface UserWithPassword {
  user: UserSummary;
  oneTimePassword: string;
}
