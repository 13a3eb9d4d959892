import { HttpContext, HttpContextToken } from '@angular/common/http';

/**
 * Whether a 401 answer to this request ends the session and sends the user to the login page.
 * True by default; the calls whose 401 means something else turn it off (see `AuthService`).
 */
export const REDIRECT_ON_UNAUTHORIZED = new HttpContextToken<boolean>(() => true);

export function withoutSessionRedirect(context = new HttpContext()): HttpContext {
  return context.set(REDIRECT_ON_UNAUTHORIZED, false);
}
