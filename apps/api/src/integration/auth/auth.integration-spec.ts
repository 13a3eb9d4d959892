import { JwtService } from '@nestjs/jwt';
import { AuditLogEntity, RefreshTokenEntity, UserEntity } from '@karta/db';
import { makeUser, type TestUser } from '@karta/testing';
import { startTestApi, type TestApi } from '../../testing/test-api';

const COOKIE = 'karta_refresh';

interface Session {
  accessToken: string;
  refreshToken: string;
  setCookie: string;
}

/** Generous: the shared machine can be slow; nothing here measures time. */
jest.setTimeout(120_000);

describe('sessions: refresh tokens, logout, password change (real PostgreSQL and Redis)', () => {
  let api: TestApi;

  beforeAll(async () => {
    api = await startTestApi();
  });

  afterAll(() => api.close());

  async function signIn(user: TestUser): Promise<Session> {
    const response = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
    expect(response.statusCode).toBe(200);
    return sessionOf(response.json<{ accessToken: string }>().accessToken, response.headers['set-cookie']);
  }

  function sessionOf(accessToken: string, header: string | string[] | undefined): Session {
    const setCookie = [header ?? []].flat().find((value) => value.startsWith(`${COOKIE}=`));
    if (!setCookie) throw new Error('no refresh cookie set');
    return { accessToken, refreshToken: setCookie.slice(COOKIE.length + 1).split(';')[0], setCookie };
  }

  function refresh(refreshToken: string | undefined) {
    return api.app.inject({ method: 'POST', url: '/api/auth/refresh', cookies: refreshToken === undefined ? {} : { [COOKIE]: refreshToken } });
  }

  function me(accessToken: string) {
    return api.app.inject({ url: '/api/auth/me', headers: { authorization: `Bearer ${accessToken}` } });
  }

  function auditOf(action: string, entityId: string) {
    return api.dataSource.getRepository(AuditLogEntity).find({ where: { action, entityId } });
  }

  it('sets the refresh token as an httpOnly, SameSite=Strict cookie on /api/auth and stores only its hash', async () => {
    const user = await makeUser(api.dataSource);
    const session = await signIn(user);
    const attributes = session.setCookie.split(';').map((part) => part.trim().toLowerCase());
    expect(attributes).toEqual(expect.arrayContaining(['httponly', 'samesite=strict', 'path=/api/auth']));
    expect(attributes.some((part) => part.startsWith('max-age='))).toBe(true);
    // Not production: plain HTTP in tests, so no Secure flag.
    expect(attributes).not.toContain('secure');
    expect(session.refreshToken.length).toBeGreaterThanOrEqual(43);

    const stored = await api.dataSource.getRepository(RefreshTokenEntity).find({ where: { userId: user.id } });
    expect(stored).toHaveLength(1);
    expect(stored[0].tokenHash).toMatch(/^[0-9a-f]{64}$/);
    expect(stored[0].tokenHash).not.toContain(session.refreshToken);
    expect(await auditOf('auth.login_succeeded', user.id)).toHaveLength(1);
  });

  it('marks the cookie Secure when configured (production default)', async () => {
    const secureApi = await startTestApi({ REFRESH_COOKIE_SECURE: 'true' });
    try {
      const user = await makeUser(secureApi.dataSource);
      const response = await secureApi.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
      const attributes = sessionOf('', response.headers['set-cookie']).setCookie.split(';').map((part) => part.trim().toLowerCase());
      expect(attributes).toEqual(expect.arrayContaining(['httponly', 'secure', 'samesite=strict', 'path=/api/auth']));
    } finally {
      await secureApi.close();
    }
  });

  it('rotates: a refresh returns a working access token and a new cookie, the old token is used up', async () => {
    const user = await makeUser(api.dataSource);
    const session = await signIn(user);

    const rotated = await refresh(session.refreshToken);
    expect(rotated.statusCode).toBe(200);
    const next = sessionOf(rotated.json<{ accessToken: string }>().accessToken, rotated.headers['set-cookie']);
    expect(next.refreshToken).not.toBe(session.refreshToken);
    expect((await me(next.accessToken)).statusCode).toBe(200);

    const tokens = await api.dataSource.getRepository(RefreshTokenEntity).find({ where: { userId: user.id } });
    expect(tokens).toHaveLength(2);
    expect(new Set(tokens.map((token) => token.familyId)).size).toBe(1);
    expect(tokens.filter((token) => token.usedAt !== null)).toHaveLength(1);

    // And the successor rotates again.
    expect((await refresh(next.refreshToken)).statusCode).toBe(200);
  });

  it('treats a reused token as theft: revokes the whole family, answers 401 and audits it', async () => {
    const user = await makeUser(api.dataSource);
    const session = await signIn(user);
    const rotated = await refresh(session.refreshToken);
    const next = sessionOf('', rotated.headers['set-cookie']);

    const reuse = await refresh(session.refreshToken);
    expect(reuse.statusCode).toBe(401);
    expect([reuse.headers['set-cookie']].flat().join()).toContain(`${COOKIE}=;`);
    // The legitimate successor is dead too.
    expect((await refresh(next.refreshToken)).statusCode).toBe(401);

    const tokens = await api.dataSource.getRepository(RefreshTokenEntity).find({ where: { userId: user.id } });
    expect(tokens.every((token) => token.revokedAt !== null)).toBe(true);
    // Both presentations of a dead token are recorded: the reuse and the revoked successor.
    const audit = await auditOf('auth.refresh_reuse_detected', user.id);
    expect(audit).toHaveLength(2);
    expect(audit[0]).toMatchObject({ actorId: user.id, organizationId: user.organizationId });
  });

  it('lets only one of two concurrent refreshes with the same token win', async () => {
    const user = await makeUser(api.dataSource);
    const session = await signIn(user);
    const answers = await Promise.all([refresh(session.refreshToken), refresh(session.refreshToken)]);
    expect(answers.map((answer) => answer.statusCode).sort()).toEqual([200, 401]);
  });

  it('refuses a missing, unknown or expired refresh token', async () => {
    const user = await makeUser(api.dataSource);
    const session = await signIn(user);
    expect((await refresh(undefined)).statusCode).toBe(401);
    expect((await refresh('not-a-token')).statusCode).toBe(401);

    await api.dataSource.getRepository(RefreshTokenEntity).update({ userId: user.id }, { expiresAt: new Date(Date.now() - 1000) });
    const expired = await refresh(session.refreshToken);
    expect(expired.statusCode).toBe(401);
    expect(expired.json()).toMatchObject({ statusCode: 401, message: 'Сеанс истёк, войдите снова' });
  });

  it('refuses to refresh the session of a disabled user, whose access token stops at once too', async () => {
    const user = await makeUser(api.dataSource);
    const session = await signIn(user);
    await api.dataSource.getRepository(UserEntity).update(user.id, { isActive: false });
    expect((await refresh(session.refreshToken)).statusCode).toBe(401);
    expect((await me(session.accessToken)).statusCode).toBe(401);
  });

  it('logout revokes this session’s family, clears the cookie, and is audited; other sessions live on', async () => {
    const user = await makeUser(api.dataSource);
    const first = await signIn(user);
    const second = await signIn(user);

    const logout = await api.app.inject({
      method: 'POST',
      url: '/api/auth/logout',
      headers: { authorization: `Bearer ${first.accessToken}` },
      cookies: { [COOKIE]: first.refreshToken },
    });
    expect(logout.statusCode).toBe(204);
    const cleared = [logout.headers['set-cookie']].flat().join();
    expect(cleared).toContain(`${COOKIE}=;`);
    expect(cleared).toContain('Path=/api/auth');
    expect(cleared).toContain('Expires=Thu, 01 Jan 1970');

    expect((await refresh(first.refreshToken)).statusCode).toBe(401);
    expect((await refresh(second.refreshToken)).statusCode).toBe(200);
    expect(await auditOf('auth.logout', user.id)).toHaveLength(1);
  });

  it('audits failed sign-ins: the account for a known e-mail, the e-mail only for an unknown one, never the password', async () => {
    const user = await makeUser(api.dataSource);
    await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'wrong-secret-1' } });
    await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: 'nobody-here@karta.test', password: 'wrong-secret-2' } });

    const known = await auditOf('auth.login_failed', user.id);
    expect(known).toHaveLength(1);
    expect(known[0]).toMatchObject({ actorId: null, entityType: 'user', organizationId: user.organizationId, after: { reason: 'wrong_password' } });
    const all = await api.dataSource.getRepository(AuditLogEntity).find({ where: { action: 'auth.login_failed' } });
    const unknown = all.find((entry) => entry.after?.['email'] === 'nobody-here@karta.test');
    expect(unknown).toMatchObject({ entityId: null, organizationId: null, after: { email: 'nobody-here@karta.test', reason: 'unknown_account' } });
    expect(JSON.stringify(all)).not.toContain('wrong-secret');
  });

  describe('password change', () => {
    function changePassword(accessToken: string, payload: object) {
      return api.app.inject({ method: 'POST', url: '/api/auth/password', headers: { authorization: `Bearer ${accessToken}` }, payload });
    }

    it('changes the password, ends every older session, keeps this one with a fresh pair, and audits it', async () => {
      const user = await makeUser(api.dataSource);
      const other = await signIn(user);
      const current = await signIn(user);

      const response = await changePassword(current.accessToken, { currentPassword: user.password, newPassword: 'a-brand-new-secret' });
      expect(response.statusCode).toBe(200);
      const fresh = sessionOf(response.json<{ accessToken: string }>().accessToken, response.headers['set-cookie']);

      expect((await me(fresh.accessToken)).statusCode).toBe(200);
      for (const old of [other, current]) {
        expect((await me(old.accessToken)).statusCode).toBe(401);
      }
      expect((await refresh(other.refreshToken)).statusCode).toBe(401);
      expect((await refresh(fresh.refreshToken)).statusCode).toBe(200);

      const relogin = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: 'a-brand-new-secret' } });
      expect(relogin.statusCode).toBe(200);
      const stale = await api.app.inject({ method: 'POST', url: '/api/auth/login', payload: { email: user.email, password: user.password } });
      expect(stale.statusCode).toBe(401);

      const audit = await auditOf('auth.password_changed', user.id);
      expect(audit).toHaveLength(1);
      expect(JSON.stringify(audit)).not.toContain('a-brand-new-secret');
    });

    it.each([
      [{ currentPassword: 'wrong-current', newPassword: 'a-brand-new-secret' }, 'currentPassword', 'Текущий пароль указан неверно'],
      [{ newPassword: 'short' }, 'newPassword', 'Пароль должен содержать не менее 10 символов'],
      [{ newPassword: 'EMAIL' }, 'newPassword', 'Пароль не должен совпадать с адресом электронной почты'],
      [{ newPassword: 'CURRENT' }, 'newPassword', 'Новый пароль должен отличаться от текущего'],
    ])('refuses %p with a Russian field message', async (body, field, message) => {
      const user = await makeUser(api.dataSource, { email: `long-address-${Date.now()}@karta.test` });
      const session = await signIn(user);
      const payload = {
        currentPassword: user.password,
        ...body,
        newPassword: body.newPassword === 'EMAIL' ? user.email : body.newPassword === 'CURRENT' ? user.password : body.newPassword,
      };
      const response = await changePassword(session.accessToken, payload);
      expect(response.statusCode).toBe(400);
      expect(response.json().fieldErrors).toEqual([{ field, messages: [message] }]);
      expect((await me(session.accessToken)).statusCode).toBe(200);
    });

    it('is rate-limited like sign-in', async () => {
      const user = await makeUser(api.dataSource);
      const session = await signIn(user);
      for (let attempt = 0; attempt < 5; attempt++) {
        expect((await changePassword(session.accessToken, { currentPassword: 'wrong', newPassword: 'a-brand-new-secret' })).statusCode).toBe(400);
      }
      const blocked = await changePassword(session.accessToken, { currentPassword: user.password, newPassword: 'a-brand-new-secret' });
      expect(blocked.statusCode).toBe(429);
    });
  });

  it('refuses forged and expired access tokens and tokens issued before the password changed', async () => {
    const user = await makeUser(api.dataSource);
    const jwt = new JwtService();
    const now = Date.now() / 1000;
    const forged = await jwt.signAsync({ sub: user.id, iat: now }, { secret: 'f'.repeat(64), issuer: 'karta', audience: 'karta-api' });
    const expired = await jwt.signAsync({ sub: user.id, iat: now - 120, exp: Math.floor(now) - 60 }, { secret: api.env.JWT_SECRET, issuer: 'karta', audience: 'karta-api' });
    const beforeChange = await jwt.signAsync({ sub: user.id, iat: now - 10 }, { secret: api.env.JWT_SECRET, issuer: 'karta', audience: 'karta-api', expiresIn: 900 });
    const valid = await jwt.signAsync({ sub: user.id, iat: now }, { secret: api.env.JWT_SECRET, issuer: 'karta', audience: 'karta-api', expiresIn: 900 });
    await api.dataSource.getRepository(UserEntity).update(user.id, { passwordChangedAt: new Date((now - 5) * 1000) });

    for (const token of [forged, expired, beforeChange]) {
      expect((await me(token)).statusCode).toBe(401);
    }
    expect((await me(valid)).statusCode).toBe(200);
  });
});
