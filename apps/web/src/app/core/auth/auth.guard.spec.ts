import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { Component } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { aCurrentUser, aLoginResponse } from '../../../testing/fixtures';
import { authGuard, guestGuard } from './auth.guard';
import { AuthService } from './auth.service';

@Component({ template: '' })
class BlankPage {}

describe('auth guards', () => {
  let router: Router;
  let backend: HttpTestingController;

  beforeEach(() => {
    sessionStorage.clear();
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([
          { path: 'login', component: BlankPage, canActivate: [guestGuard] },
          {
            path: '',
            canActivate: [authGuard],
            canActivateChild: [authGuard],
            children: [
              { path: '', component: BlankPage },
              { path: 'tasks', component: BlankPage },
              { path: 'profile', component: BlankPage },
            ],
          },
        ]),
      ],
    });
    router = TestBed.inject(Router);
    backend = TestBed.inject(HttpTestingController);
  });

  afterEach(() => backend.verify());

  describe('authGuard', () => {
    it('sends a visitor without a session to the login page, remembering where they were going', async () => {
      const navigation = router.navigateByUrl('/tasks?status=overdue');
      await refuseRefresh();
      await navigation;
      expect(router.url).toBe('/login?returnUrl=%2Ftasks%3Fstatus%3Doverdue');
    });

    it('sends a visitor of the home page to a plain /login', async () => {
      const navigation = router.navigateByUrl('/');
      await refuseRefresh();
      await navigation;
      expect(router.url).toBe('/login');
    });

    it('lets a signed-in user through', async () => {
      await signIn();
      await router.navigateByUrl('/tasks');
      expect(router.url).toBe('/tasks');
    });

    it('keeps a user holding a one-time password on the profile until they change it', async () => {
      await signIn({ mustChangePassword: true });
      await router.navigateByUrl('/tasks');
      expect(router.url).toBe('/profile');
      await router.navigateByUrl('/profile');
      expect(router.url).toBe('/profile');
    });

    it('restores the session from the refresh cookie before letting through (a reload)', async () => {
      const navigation = router.navigateByUrl('/tasks');
      await macrotask();

      backend.expectOne('/api/auth/refresh').flush({ accessToken: 'restored', expiresIn: 900 });
      backend.expectOne('/api/auth/me').flush(aCurrentUser());

      await expect(navigation).resolves.toBe(true);
      expect(router.url).toBe('/tasks');
    });
  });

  describe('guestGuard', () => {
    it('shows the login page to a visitor', async () => {
      const navigation = router.navigateByUrl('/login?returnUrl=%2Ftasks');
      await refuseRefresh();
      await navigation;
      expect(router.url).toBe('/login?returnUrl=%2Ftasks');
    });

    it('sends a signed-in user where they were going instead', async () => {
      await signIn();
      await router.navigateByUrl('/login?returnUrl=%2Ftasks');
      expect(router.url).toBe('/tasks');
    });

    it('never follows a return URL to another site', async () => {
      await signIn();
      await router.navigateByUrl('/login?returnUrl=%2F%2Fevil.example%2F');
      expect(router.url).toBe('/');
    });
  });

  /** Lets the router reach the guard, which runs a few promise hops after `navigateByUrl`. */
  function macrotask(): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve));
  }

  async function refuseRefresh(): Promise<void> {
    await macrotask();
    backend.expectOne('/api/auth/refresh').flush(null, { status: 401, statusText: 'Unauthorized' });
  }

  async function signIn(user: Partial<ReturnType<typeof aCurrentUser>> = {}): Promise<void> {
    const auth = TestBed.inject(AuthService);
    const done = new Promise<void>((resolve) => auth.login({ email: 'a@b.ru', password: 'x' }).subscribe(() => resolve()));
    backend.expectOne('/api/auth/login').flush(aLoginResponse({ user: aCurrentUser(user) }));
    await done;
  }
});
