import { HttpErrorResponse } from '@angular/common/http';
import { LOGIN_ERRORS, loginErrorMessage } from './login-error';

const httpError = (status: number, error: unknown = null) =>
  new HttpErrorResponse({ status, error, url: '/api/auth/login' });

describe('loginErrorMessage', () => {
  it('401 → wrong credentials', () => {
    expect(loginErrorMessage(httpError(401, { message: 'Unauthorized' }))).toBe('Неверный e-mail или пароль');
  });

  it('429 → too many attempts', () => {
    expect(loginErrorMessage(httpError(429))).toBe('Слишком много попыток входа. Повторите позже.');
  });

  it.each([0, 502, 503, 504])('%i → server unavailable', (status) => {
    expect(loginErrorMessage(httpError(status))).toBe('Сервер недоступен');
  });

  it("shows the server's own message for other client errors", () => {
    const body = { statusCode: 400, error: 'Bad Request', message: 'Учётная запись заблокирована' };
    expect(loginErrorMessage(httpError(400, body))).toBe('Учётная запись заблокирована');
  });

  it('falls back to a generic message', () => {
    expect(loginErrorMessage(httpError(500, { message: 'Internal server error' }))).toBe(LOGIN_ERRORS.unknown);
    expect(loginErrorMessage(httpError(400, 'plain text'))).toBe(LOGIN_ERRORS.unknown);
    expect(loginErrorMessage(new Error('boom'))).toBe(LOGIN_ERRORS.unknown);
  });
});
