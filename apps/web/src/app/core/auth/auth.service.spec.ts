import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { firstValueFrom } from 'rxjs';
import { aCurrentUser, aLoginResponse } from '../../../testing/fixtures';
import { AccessTokenStore } from './access-token-store';
import { AuthService } from './auth.service';
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

  it('login posts the credentials, stores the token and the user', async () => {
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

  describe('ensureSession', () => {
    it('is false without a token and asks nothing', async () => {
      await expect(firstValueFrom(auth.ensureSession())).resolves.toBe(false);
    });

    it('restores the user of a stored token from /api/auth/me, once for concurrent callers', async () => {
      tokens.set('stored-token', 900);
      const first = firstValueFrom(auth.ensureSession());
      const second = firstValueFrom(auth.ensureSession());

      http.expectOne('/api/auth/me').flush(aCurrentUser());

      await expect(first).resolves.toBe(true);
      await expect(second).resolves.toBe(true);
      expect(auth.currentUser()?.fullName).toBe(aCurrentUser().fullName);
    });

    it('drops a token the server no longer accepts', async () => {
      tokens.set('stale-token', 900);
      const result = firstValueFrom(auth.ensureSession());

      http.expectOne('/api/auth/me').flush(null, { status: 401, statusText: 'Unauthorized' });

      await expect(result).resolves.toBe(false);
      expect(auth.accessToken()).toBeNull();
    });

    it('keeps the token when the server is unreachable', async () => {
      tokens.set('stored-token', 900);
      const result = firstValueFrom(auth.ensureSession());

      http.expectOne('/api/auth/me').error(new ProgressEvent('error'));

      await expect(result).resolves.toBe(false);
      expect(auth.accessToken()).toBe('stored-token');
    });
  });

  async function signIn(): Promise<void> {
    const result = firstValueFrom(auth.login({ email: 'controller@karta.test', password: 'x' }));
    http.expectOne('/api/auth/login').flush(aLoginResponse());
    await result;
  }
});
