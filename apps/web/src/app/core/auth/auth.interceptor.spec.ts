import { HttpClient, HttpErrorResponse, provideHttpClient, withInterceptors } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { firstValueFrom } from 'rxjs';
import { AccessTokenStore } from './access-token-store';
import { authInterceptor, isApiUrl } from './auth.interceptor';
import { AuthService } from './auth.service';
import { withoutSessionRedirect } from './session-redirect';

@Component({ template: '' })
class BlankPage {}

describe('authInterceptor', () => {
  let http: HttpClient;
  let backend: HttpTestingController;
  let router: Router;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(withInterceptors([authInterceptor])),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: BlankPage },
          { path: 'tasks', component: BlankPage },
        ]),
      ],
    });
    http = TestBed.inject(HttpClient);
    backend = TestBed.inject(HttpTestingController);
    router = TestBed.inject(Router);
    TestBed.inject(AccessTokenStore).set('token-42', 900);
  });

  afterEach(() => backend.verify());

  it('adds the bearer token to /api calls', () => {
    http.get('/api/tasks?page=1').subscribe();
    expect(backend.expectOne('/api/tasks?page=1').request.headers.get('Authorization')).toBe('Bearer token-42');
  });

  it('leaves other URLs alone', () => {
    http.get('/assets/logo.svg').subscribe();
    http.get('https://example.org/api/tasks').subscribe();
    http.get('/apiary').subscribe();

    expect(backend.expectOne('/assets/logo.svg').request.headers.has('Authorization')).toBe(false);
    expect(backend.expectOne('https://example.org/api/tasks').request.headers.has('Authorization')).toBe(false);
    expect(backend.expectOne('/apiary').request.headers.has('Authorization')).toBe(false);
  });

  it('sends no header when there is no token', () => {
    TestBed.inject(AccessTokenStore).clear();
    http.get('/api/health').subscribe();
    expect(backend.expectOne('/api/health').request.headers.has('Authorization')).toBe(false);
  });

  it('on 401 refreshes once and repeats the call with the new token', async () => {
    const result = firstValueFrom(http.get<{ ok: boolean }>('/api/tasks'));

    backend.expectOne('/api/tasks').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'token-43', expiresIn: 900 });
    const retry = backend.expectOne('/api/tasks');
    expect(retry.request.headers.get('Authorization')).toBe('Bearer token-43');
    retry.flush({ ok: true });

    await expect(result).resolves.toEqual({ ok: true });
    expect(TestBed.inject(AuthService).accessToken()).toBe('token-43');
  });

  it('shares one refresh between calls that fail together', async () => {
    const first = firstValueFrom(http.get('/api/tasks'));
    const second = firstValueFrom(http.get('/api/organizations'));

    backend.expectOne('/api/tasks').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/organizations').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'token-43', expiresIn: 900 });
    backend.expectOne('/api/tasks').flush([]);
    backend.expectOne('/api/organizations').flush([]);

    await expect(first).resolves.toEqual([]);
    await expect(second).resolves.toEqual([]);
  });

  it('when the refresh fails, clears the session and goes to the login page with the current URL to return to', async () => {
    await router.navigateByUrl('/tasks?status=overdue');
    const navigate = jest.spyOn(router, 'navigateByUrl');
    const result = firstValueFrom(http.get('/api/tasks'));

    backend.expectOne('/api/tasks').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });

    await expect(result).rejects.toBeInstanceOf(HttpErrorResponse);
    expect(TestBed.inject(AuthService).accessToken()).toBeNull();
    expect(navigate).toHaveBeenCalledTimes(1);
    await navigate.mock.results[0].value;
    expect(router.url).toBe('/login?returnUrl=%2Ftasks%3Fstatus%3Doverdue');
  });

  it('gives up after one retry: a second 401 ends the session', async () => {
    await router.navigateByUrl('/tasks');
    const result = firstValueFrom(http.get('/api/tasks'));

    backend.expectOne('/api/tasks').flush(null, { status: 401, statusText: 'Unauthorized' });
    backend.expectOne('/api/auth/refresh').flush({ accessToken: 'token-43', expiresIn: 900 });
    backend.expectOne('/api/tasks').flush(null, { status: 401, statusText: 'Unauthorized' });

    await expect(result).rejects.toMatchObject({ status: 401 });
    backend.expectNone('/api/auth/refresh');
    expect(TestBed.inject(AuthService).accessToken()).toBeNull();
  });

  it('does not redirect on a 401 the caller handles itself (login)', async () => {
    await router.navigateByUrl('/login');
    const navigate = jest.spyOn(router, 'navigateByUrl');
    const result = firstValueFrom(http.post('/api/auth/login', {}, { context: withoutSessionRedirect() }));

    backend.expectOne('/api/auth/login').flush(null, { status: 401, statusText: 'Unauthorized' });

    await expect(result).rejects.toMatchObject({ status: 401 });
    expect(navigate).not.toHaveBeenCalled();
    backend.expectNone('/api/auth/refresh');
  });

  it('passes other errors through untouched', async () => {
    const navigate = jest.spyOn(router, 'navigateByUrl');
    const result = firstValueFrom(http.get('/api/tasks'));

    backend.expectOne('/api/tasks').flush(null, { status: 403, statusText: 'Forbidden' });

    await expect(result).rejects.toMatchObject({ status: 403 });
    expect(navigate).not.toHaveBeenCalled();
    expect(TestBed.inject(AuthService).accessToken()).toBe('token-42');
  });
});

describe('isApiUrl', () => {
  it.each([
    ['/api', true],
    ['/api/auth/me', true],
    ['/api?x=1', true],
    ['/apis', false],
    ['api/auth/me', false],
    ['//evil.example/api', false],
    ['http://localhost:3000/api/auth/me', false],
  ])('%s → %s', (url, expected) => {
    expect(isApiUrl(url)).toBe(expected);
  });
});
