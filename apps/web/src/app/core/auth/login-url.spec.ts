import { safeReturnUrl } from './login-url';

describe('safeReturnUrl', () => {
  it.each([
    ['/tasks?status=overdue', '/tasks?status=overdue'],
    ['/', '/'],
    [null, '/'],
    [undefined, '/'],
    ['', '/'],
    ['tasks', '/'],
    ['//evil.example/path', '/'],
    ['/\\evil.example', '/'],
    ['https://evil.example/', '/'],
    ['/login', '/'],
    ['/login?returnUrl=%2Ftasks', '/'],
    ['/login-help', '/login-help'],
  ])('%p → %p', (input, expected) => {
    expect(safeReturnUrl(input)).toBe(expected);
  });
});
