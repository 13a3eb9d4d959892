import { generateOneTimePassword } from './one-time-password';

describe('generateOneTimePassword', () => {
  it('groups 16 unambiguous characters', () => {
    const password = generateOneTimePassword();
    expect(password).toMatch(/^[a-km-np-zA-HJ-NP-Z2-9]{4}(-[a-km-np-zA-HJ-NP-Z2-9]{4}){3}$/);
    expect(password).not.toMatch(/[01OIl]/);
  });

  it('never repeats', () => {
    const passwords = new Set(Array.from({ length: 200 }, generateOneTimePassword));
    expect(passwords.size).toBe(200);
  });
});
