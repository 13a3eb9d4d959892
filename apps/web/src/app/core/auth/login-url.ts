import { Router, UrlTree } from '@angular/router';

export const LOGIN_PATH = '/login';

/** `/login?returnUrl=…`, without the parameter when coming back to the home page would be the default anyway. */
export function loginUrlTree(router: Router, returnUrl: string): UrlTree {
  const target = safeReturnUrl(returnUrl);
  return router.createUrlTree([LOGIN_PATH], target === '/' ? {} : { queryParams: { returnUrl: target } });
}

/** Only a path inside the app is a place to come back to: no other origin, no loop back to the login page. */
export function safeReturnUrl(returnUrl: string | null | undefined): string {
  if (!returnUrl || !returnUrl.startsWith('/') || returnUrl.startsWith('//') || returnUrl.startsWith('/\\')) {
    return '/';
  }
  if (returnUrl === LOGIN_PATH || returnUrl.startsWith(`${LOGIN_PATH}?`) || returnUrl.startsWith(`${LOGIN_PATH}/`)) {
    return '/';
  }
  return returnUrl;
}
