import { createParamDecorator, type ExecutionContext, SetMetadata } from '@nestjs/common';
import type { Role } from '@karta/domain';

export const IS_PUBLIC = 'karta:isPublic';
export const REQUIRED_ROLES = 'karta:roles';
export const ALLOWED_BEFORE_PASSWORD_CHANGE = 'karta:allowedBeforePasswordChange';

/** Opens a route to anonymous callers. Everything else requires a signed-in user. */
export const Public = () => SetMetadata(IS_PUBLIC, true);

/**
 * Marks the few routes a user holding a one-time password may call (who am I, change password, sign
 * out); every other route answers 403 until the password is changed.
 */
export const AllowedBeforePasswordChange = () => SetMetadata(ALLOWED_BEFORE_PASSWORD_CHANGE, true);

/** Restricts a route to the listed roles (on top of authentication). */
export const Roles = (...roles: Role[]) => SetMetadata(REQUIRED_ROLES, roles);

/** The authenticated caller, as the auth guard resolved it for this request. */
export interface AuthUser {
  id: string;
  email: string;
  fullName: string;
  role: Role;
  organizationId: string;
  /** Materialized path of the user's organization, `/<root>/…/<org>/`; scoping checks use it. */
  organizationPath: string;
  mustChangePassword: boolean;
}

export interface AuthenticatedRequest {
  user?: AuthUser;
}

export const CurrentUser = createParamDecorator((_: unknown, context: ExecutionContext): AuthUser => {
  const user = context.switchToHttp().getRequest<AuthenticatedRequest>().user;
  if (!user) {
    // Only reachable if a route is both @Public() and asks for the user: a programming error.
    throw new Error('CurrentUser used on a route without an authenticated user');
  }
  return user;
});
