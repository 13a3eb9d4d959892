import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { aCurrentUser, aLoginResponse } from '../../../testing/fixtures';
import { AccessTokenStore } from './access-token-store';
import { AuthService, REFRESH_LOCK } from './auth.service';
import { REDIRECT_ON_UNAUTHORIZED } from './session-redirect';

describe('AuthService', () => {
  let auth: AuthService;
  let tokens: AccessTokenStore;
  let http: HttpTestingController;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [provideHttpClient(), provideHttpClientTesting()],
    });
    auth = TestBed.inject(AuthService);
    tokens = TestBed.inject(AccessTokenStore);
    http = TestBed.inject(HttpTestingController);
  });

  afterEach(() => http.verify());

  it('starts signed out', () => {
    expect(auth.currentUser()).toBeNull();
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
  });

  it('login posts the credentials, keeps the token in memory and the user', async () => {
    const user = aCurrentUser();
    const result = firstValueFrom(auth.login({ email: user.email, password: 'demo-karta-76' }));

    const request = http.expectOne('/api/auth/login');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ email: user.email, password: 'demo-karta-76' });
    expect(request.request.context.get(REDIRECT_ON_UNAUTHORIZED)).toBe(false);
    request.flush(aLoginResponse({ accessToken: 'token-42', user }));

    await expect(result).resolves.toEqual(user);
    expect(auth.currentUser()).toEqual(user);
    expect(auth.isAuthenticated()).toBe(true);
    expect(auth.accessToken()).toBe('token-42');
    expect(sessionStorage.length).toBe(0);
    expect(localStorage.length).toBe(0);
  });

  it('a failed login stores nothing', async () => {
    const result = firstValueFrom(auth.login({ email: 'a@b.ru', password: 'wrong' }));
    http
      .expectOne('/api/auth/login')
      .flush({ statusCode: 401, error: 'Unauthorized', message: 'Неверный e-mail или пароль' }, { status: 401, statusText: 'Unauthorized' });

    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
  });

  it('logout tells the server and clears the session', async () => {
    await signIn();

    const done = firstValueFrom(auth.logout());
    const request = http.expectOne('/api/auth/logout');
    expect(request.request.method).toBe('POST');
    request.flush(null, { status: 204, statusText: 'No Content' });
    await done;

    expect(auth.currentUser()).toBeNull();
    expect(auth.accessToken()).toBeNull();
    expect(sessionStorage.length).toBe(0);
  });

  it('logout clears the session even when the server cannot be reached', async () => {
    await signIn();

    const done = firstValueFrom(auth.logout());
    http.expectOne('/api/auth/logout').error(new ProgressEvent('error'));
    await done;

    expect(auth.isAuthenticated()).toBe(false);
    expect(auth.accessToken()).toBeNull();
  });

  it('changePassword posts the passwords and continues with the fresh token pair', async () => {
    await signIn();
    const result = firstValueFrom(auth.changePassword({ currentPassword: 'old-password', newPassword: 'new-password-1' }));

    const request = http.expectOne('/api/auth/password');
    expect(request.request.method).toBe('POST');
    expect(request.request.body).toEqual({ currentPassword: 'old-password', newPassword: 'new-password-1' });
    request.flush(aLoginResponse({ accessToken: 'after-change' }));
    await result;

    expect(auth.accessToken()).toBe('after-change');
    expect(auth.isAuthenticated()).toBe(true);
  });

  describe('refresh', () => {
    it('trades the cookie for a new access token, once for concurrent callers', async () => {
      const first = firstValueFrom(auth.refresh());
      const second = firstValueFrom(auth.refresh());

      const request = http.expectOne('/api/auth/refresh');
      expect(request.request.method).toBe('POST');
      expect(request.request.context.get(REDIRECT_ON_UNAUTHORIZED)).toBe(false);
      request.flush({ accessToken: 'refreshed', expiresIn: 900 });

      await expect(first).resolves.toBe('refreshed');
      await expect(second).resolves.toBe('refreshed');
      expect(auth.accessToken()).toBe('refreshed');
    });

    it('answers null and forgets the token when the cookie is refused', async () => {
      tokens.set('old', 900);
      const result = firstValueFrom(auth.refresh());
      http.expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });

      await expect(result).resolves.toBeNull();
      expect(auth.accessToken()).toBeNull();
    });

    it('takes the shared Web Lock so another tab never presents the same single-use cookie at the same time', async () => {
      let release: () => void = () => undefined;
      const held = new Promise<void>((resolve) => (release = resolve));
      const request = jest.fn(async (_name: string, work: () => Promise<unknown>) => {
        await held; // another tab holds the lock
        return work();
      });
      Object.defineProperty(globalThis.navigator, 'locks', { value: { request }, configurable: true });
      try {
        const result = firstValueFrom(auth.refresh());
        await Promise.resolve();
        expect(request).toHaveBeenCalledWith(REFRESH_LOCK, expect.any(Function));
        http.expectNone('/api/auth/refresh');
        release();
        await held;
        await Promise.resolve();
        http.expectOne('/api/auth/refresh').flush({ accessToken: 'after-other-tab', expiresIn: 900 });
        await expect(result).resolves.toBe('after-other-tab');
      } finally {
        delete (globalThis.navigator as { locks?: unknown }).locks;
      }
    });
  });

  describe('ensureSession', () => {
    it('restores the session from the refresh cookie, once for concurrent callers', async () => {
      const first = firstValueFrom(auth.ensureSession());
      const second = firstValueFrom(auth.ensureSession());

      http.expectOne('/api/auth/refresh').flush({ accessToken: 'restored', expiresIn: 900 });
      const me = http.expectOne('/api/auth/me');
      expect(me.request.context.get(REDIRECT_ON_UNAUTHORIZED)).toBe(false);
      me.flush(aCurrentUser());

      await expect(first).resolves.toBe(true);
      await expect(second).resolves.toBe(true);
      expect(auth.currentUser()?.fullName).toBe(aCurrentUser().fullName);
      expect(auth.accessToken()).toBe('restored');
    });

    it('is false when there is no valid refresh cookie, and asks nothing more', async () => {
      const result = firstValueFrom(auth.ensureSession());
      http.expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });

      await expect(result).resolves.toBe(false);
      expect(auth.accessToken()).toBeNull();
      // Known now: the login page's guard does not ask again.
      await expect(firstValueFrom(auth.ensureSession())).resolves.toBe(false);
    });

    it('does not probe the cookie again after sign-out', async () => {
      await signIn();
      const done = firstValueFrom(auth.logout());
      http.expectOne('/api/auth/logout').flush(null, { status: 204, statusText: 'No Content' });
      await done;

      await expect(firstValueFrom(auth.ensureSession())).resolves.toBe(false);
    });

    it('is false when the server is unreachable', async () => {
      const result = firstValueFrom(auth.ensureSession());
      http.expectOne('/api/auth/refresh').error(new ProgressEvent('error'));

      await expect(result).resolves.toBe(false);
      expect(auth.isAuthenticated()).toBe(false);
    });

    it('is true at once for a signed-in user', async () => {
      await signIn();
      await expect(firstValueFrom(auth.ensureSession())).resolves.toBe(true);
    });
  });

  async function signIn(): Promise<void> {
    const result = firstValueFrom(auth.login({ email: 'controller@karta.test', password: 'x' }));
    http.expectOne('/api/auth/login').flush(aLoginResponse());
    await result;
  }
});
