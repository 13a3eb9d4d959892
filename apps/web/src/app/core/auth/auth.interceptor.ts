import { HttpErrorResponse, HttpInterceptorFn } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, throwError } from 'rxjs';
import { AuthService } from './auth.service';
import { LOGIN_PATH, loginUrlTree } from './login-url';
import { REDIRECT_ON_UNAUTHORIZED } from './session-redirect';

/** Same-origin API paths only: the token never leaves for another host. */
export function isApiUrl(url: string): boolean {
  return /^\/api(?:[/?#]|$)/.test(url);
}

/**
 * Adds `Authorization: Bearer …` to `/api` calls. A 401 answer (except from the calls that opt out,
 * such as login) means the session is over: forget it and go to the login page, keeping where the
 * user was so they come back there.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) {
    return next(request);
  }
  const auth = inject(AuthService);
  const router = inject(Router);
  const token = auth.accessToken();
  const authorized = token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;

  return next(authorized).pipe(
    catchError((error: unknown) => {
      if (
        error instanceof HttpErrorResponse &&
        error.status === 401 &&
        request.context.get(REDIRECT_ON_UNAUTHORIZED)
      ) {
        auth.clearSession();
        const currentUrl = router.url;
        if (!currentUrl.startsWith(LOGIN_PATH)) {
          void router.navigateByUrl(loginUrlTree(router, currentUrl));
        }
      }
      return throwError(() => error);
    }),
  );
};
