import { PASSWORD_MIN_LENGTH } from '@karta/contracts';

/**
 * Why a new password is refused, in Russian for the user, or null when it is acceptable. The
 * "not the current password" rule needs the hash and is checked by the service.
 */
export function passwordProblem(newPassword: string, email: string): string | null {
  if (newPassword.length < PASSWORD_MIN_LENGTH) {
    return `Пароль должен содержать не менее ${PASSWORD_MIN_LENGTH} символов`;
  }
  if (newPassword.trim().toLowerCase() === email.trim().toLowerCase()) {
    return 'Пароль не должен совпадать с адресом электронной почты';
  }
  return null;
}
