import { inject } from '@angular/core';
import { CanActivateChildFn, CanActivateFn, Router } from '@angular/router';
import { map } from 'rxjs';
import { AuthService } from './auth.service';
import { loginUrlTree, safeReturnUrl } from './login-url';

/** Everything but the login page: signed-in users pass, others go to `/login?returnUrl=…`. */
export const authGuard: CanActivateFn & CanActivateChildFn = (_route, state) => {
  const router = inject(Router);
  return inject(AuthService)
    .ensureSession()
    .pipe(map((signedIn) => signedIn || loginUrlTree(router, state.url)));
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
