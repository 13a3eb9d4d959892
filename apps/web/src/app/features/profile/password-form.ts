import { AbstractControl, ValidationErrors, ValidatorFn } from '@angular/forms';
import { HttpErrorResponse } from '@angular/common/http';
import { ApiError, PASSWORD_MIN_LENGTH } from '@karta/contracts';

export const PASSWORD_MESSAGES = {
  currentRequired: 'Введите текущий пароль',
  newRequired: 'Введите новый пароль',
  tooShort: `Пароль должен содержать не менее ${PASSWORD_MIN_LENGTH} символов`,
  sameAsEmail: 'Пароль не должен совпадать с адресом электронной почты',
  sameAsCurrent: 'Новый пароль должен отличаться от текущего',
  confirmRequired: 'Повторите новый пароль',
  mismatch: 'Пароли не совпадают',
  tooManyAttempts: 'Слишком много неверных попыток. Повторите позже.',
  unknown: 'Не удалось сменить пароль. Повторите попытку позже.',
} as const;

/** Group-level rules: the new password is not the e-mail, not the current one, and is repeated exactly. */
export function passwordRules(email: () => string): ValidatorFn {
  return (group: AbstractControl): ValidationErrors | null => {
    const current = String(group.get('currentPassword')?.value ?? '');
    const next = String(group.get('newPassword')?.value ?? '');
    const confirm = String(group.get('confirmPassword')?.value ?? '');
    const errors: ValidationErrors = {};
    if (next && next.trim().toLowerCase() === email().trim().toLowerCase()) errors['sameAsEmail'] = true;
    if (next && current && next === current) errors['sameAsCurrent'] = true;
    if (confirm && next !== confirm) errors['mismatch'] = true;
    return Object.keys(errors).length ? errors : null;
  };
}

/** The server's word on a refused change, per field where it names one. */
export function passwordChangeError(error: unknown): { field: 'currentPassword' | 'newPassword' | null; message: string } {
  if (error instanceof HttpErrorResponse) {
    if (error.status === 429) return { field: null, message: PASSWORD_MESSAGES.tooManyAttempts };
    const body = error.error as Partial<ApiError> | null;
    const fieldError = body?.fieldErrors?.find((item) => item.field === 'currentPassword' || item.field === 'newPassword');
    if (error.status === 400 && fieldError) {
      return { field: fieldError.field as 'currentPassword' | 'newPassword', message: fieldError.messages[0] ?? PASSWORD_MESSAGES.unknown };
    }
    if (error.status >= 400 && error.status < 500 && typeof body?.message === 'string') return { field: null, message: body.message };
  }
  return { field: null, message: PASSWORD_MESSAGES.unknown };
}
