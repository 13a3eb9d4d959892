import { CurrentUser, LoginResponse } from '@karta/contracts';

/** A complete signed-in user; override only what a test is about. */
export function aCurrentUser(overrides: Partial<CurrentUser> = {}): CurrentUser {
  return {
    id: '0b5e1c1e-6a4f-4d8e-9d0a-5f3a1c2b7e10',
    email: 'controller@karta.test',
    fullName: 'Алиева Патимат Магомедовна',
    role: 'controller',
    organizationId: '5d6c4b3a-2f1e-4d0c-8b7a-69584a3b2c1d',
    mustChangePassword: false,
    ...overrides,
  };
}

export function aLoginResponse(overrides: Partial<LoginResponse> = {}): LoginResponse {
  return { accessToken: 'access-token-1', expiresIn: 900, user: aCurrentUser(), ...overrides };
}

/** The element the test needs, or a failure naming what was missing. */
export function queryRequired<T extends Element = HTMLElement>(root: ParentNode, selector: string): T {
  const element = root.querySelector<T>(selector);
  if (!element) {
    throw new Error(`No element matches ${selector}`);
  }
  return element;
}
