import { HttpErrorResponse, HttpInterceptorFn, HttpRequest } from '@angular/common/http';
import { inject } from '@angular/core';
import { Router } from '@angular/router';
import { catchError, switchMap, throwError } from 'rxjs';
import { AuthService } from './auth.service';
import { LOGIN_PATH, loginUrlTree } from './login-url';
import { REDIRECT_ON_UNAUTHORIZED } from './session-redirect';

/** Same-origin API paths only: the token never leaves for another host. */
export function isApiUrl(url: string): boolean {
  return /^\/api(?:[/?#]|$)/.test(url);
}

function withToken<T>(request: HttpRequest<T>, token: string | null): HttpRequest<T> {
  return token ? request.clone({ setHeaders: { Authorization: `Bearer ${token}` } }) : request;
}

/**
 * Adds `Authorization: Bearer …` to `/api` calls. A 401 answer (except from the calls that opt out,
 * such as login) first tries ONE refresh through the cookie and repeats the call with the new token;
 * if that fails the session is over: forget it and go to the login page, keeping where the user was.
 */
export const authInterceptor: HttpInterceptorFn = (request, next) => {
  if (!isApiUrl(request.url)) {
    return next(request);
  }
  const auth = inject(AuthService);
  const router = inject(Router);

  const endSession = (error: unknown) => {
    auth.clearSession();
    const currentUrl = router.url;
    if (!currentUrl.startsWith(LOGIN_PATH)) {
      void router.navigateByUrl(loginUrlTree(router, currentUrl));
    }
    return throwError(() => error);
  };

  return next(withToken(request, auth.accessToken())).pipe(
    catchError((error: unknown) => {
      if (!(error instanceof HttpErrorResponse) || error.status !== 401 || !request.context.get(REDIRECT_ON_UNAUTHORIZED)) {
        return throwError(() => error);
      }
      return auth.refresh().pipe(
        switchMap((token) =>
          token
            ? next(withToken(request, token)).pipe(
                catchError((retryError: unknown) =>
                  retryError instanceof HttpErrorResponse && retryError.status === 401 ? endSession(retryError) : throwError(() => retryError),
                ),
              )
            : endSession(error),
        ),
      );
    }),
  );
};
