import type { SerializeOptions } from '@fastify/cookie';

export const REFRESH_COOKIE = 'karta_refresh';
/** The browser sends the refresh token to the auth endpoints only, never to the rest of the API. */
export const REFRESH_COOKIE_PATH = '/api/auth';

/** httpOnly (no script reads it), SameSite=Strict (no cross-site request carries it), Secure in production. */
export function refreshCookieOptions(secure: boolean, maxAgeSeconds: number): SerializeOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: REFRESH_COOKIE_PATH, maxAge: maxAgeSeconds };
}

export function clearedRefreshCookieOptions(secure: boolean): SerializeOptions {
  return { httpOnly: true, sameSite: 'strict', secure, path: REFRESH_COOKIE_PATH, expires: new Date(0) };
}
