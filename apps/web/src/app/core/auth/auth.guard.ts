import { inject } from '@angular/core';
import { CanActivateChildFn, CanActivateFn, Router } from '@angular/router';
import { map } from 'rxjs';
import { AuthService } from './auth.service';
import { loginUrlTree, safeReturnUrl } from './login-url';

/** Where a user holding a one-time password is sent: the profile's password form. */
export const PASSWORD_CHANGE_URL = '/profile';

/**
 * Everything but the login page: signed-in users pass, others go to `/login?returnUrl=…`. A user who
 * signed in with a one-time password sees only the profile until they choose their own password
 * (the API refuses everything else anyway).
 */
export const authGuard: CanActivateFn & CanActivateChildFn = (_route, state) => {
  const router = inject(Router);
  const auth = inject(AuthService);
  return auth.ensureSession().pipe(
    map((signedIn) => {
      if (!signedIn) return loginUrlTree(router, state.url);
      const mustChange = auth.currentUser()?.mustChangePassword === true;
      return mustChange && !state.url.startsWith(PASSWORD_CHANGE_URL) ? router.parseUrl(PASSWORD_CHANGE_URL) : true;
    }),
  );
};

/** The login page: someone already signed in goes where they were headed instead. */
export const guestGuard: CanActivateFn = (route) => {
  const router = inject(Router);
  return inject(AuthService)
    .ensureSession()
    .pipe(
      map((signedIn) =>
        signedIn ? router.parseUrl(safeReturnUrl(route.queryParamMap.get('returnUrl'))) : true,
      ),
    );
};
