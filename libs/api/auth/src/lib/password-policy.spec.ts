import { passwordProblem } from './password-policy';

describe('passwordProblem', () => {
  it('accepts a long enough password that is not the e-mail', () => {
    expect(passwordProblem('correct horse battery', 'user@karta.test')).toBeNull();
  });

  it.each(['', 'short', '123456789'])('refuses %p as too short', (password) => {
    expect(passwordProblem(password, 'user@karta.test')).toBe('Пароль должен содержать не менее 10 символов');
  });

  it('accepts exactly ten characters', () => {
    expect(passwordProblem('0123456789', 'user@karta.test')).toBeNull();
  });

  it.each(['user@karta.test', 'USER@karta.test', ' user@karta.test '])('refuses the e-mail %p', (password) => {
    expect(passwordProblem(password, 'user@karta.test')).toBe('Пароль не должен совпадать с адресом электронной почты');
  });
});
