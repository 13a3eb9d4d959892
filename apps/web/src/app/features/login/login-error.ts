import { HttpErrorResponse } from '@angular/common/http';
import { ApiError } from '@karta/contracts';

export const LOGIN_ERRORS = {
  invalidCredentials: 'Неверный e-mail или пароль',
  tooManyAttempts: 'Слишком много попыток входа. Повторите позже.',
  serverUnavailable: 'Сервер недоступен',
  unknown: 'Не удалось войти. Повторите попытку позже.',
} as const;

/** What the login page tells the user about a failed `POST /api/auth/login`. */
export function loginErrorMessage(error: unknown): string {
  if (!(error instanceof HttpErrorResponse)) {
    return LOGIN_ERRORS.unknown;
  }
  switch (error.status) {
    case 0:
    case 502:
    case 503:
    case 504:
      return LOGIN_ERRORS.serverUnavailable;
    case 401:
      return LOGIN_ERRORS.invalidCredentials;
    case 429:
      return LOGIN_ERRORS.tooManyAttempts;
  }
  // Other client errors (e.g. 400 from validation) carry a message written for the user.
  if (error.status >= 400 && error.status < 500 && isApiError(error.error)) {
    return error.error.message;
  }
  return LOGIN_ERRORS.unknown;
}

function isApiError(body: unknown): body is ApiError {
  return (
    typeof body === 'object' &&
    body !== null &&
    typeof (body as Partial<ApiError>).message === 'string' &&
    (body as Partial<ApiError>).message !== ''
  );
}
