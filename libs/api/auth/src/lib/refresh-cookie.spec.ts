import fastifyCookie from '@fastify/cookie';
import { clearedRefreshCookieOptions, REFRESH_COOKIE, refreshCookieOptions } from './refresh-cookie';

describe('refresh cookie', () => {
  it('is httpOnly, SameSite=Strict and scoped to /api/auth', () => {
    const header = fastifyCookie.serialize(REFRESH_COOKIE, 'token', refreshCookieOptions(false, 3600));
    expect(header).toBe('karta_refresh=token; Max-Age=3600; Path=/api/auth; HttpOnly; SameSite=Strict');
  });

  it('is Secure when asked (production)', () => {
    expect(fastifyCookie.serialize(REFRESH_COOKIE, 'token', refreshCookieOptions(true, 60))).toContain('; Secure');
  });

  it('is cleared with an expiry in the past on the same path', () => {
    const header = fastifyCookie.serialize(REFRESH_COOKIE, '', clearedRefreshCookieOptions(false));
    expect(header).toContain('Expires=Thu, 01 Jan 1970 00:00:00 GMT');
    expect(header).toContain('Path=/api/auth');
  });
});
