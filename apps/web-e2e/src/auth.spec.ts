import type { APIRequestContext } from '@playwright/test';
import type { CurrentUser, LoginResponse, UserWithPassword } from '@karta/contracts';
import { expect, test } from './fixtures';
import { DEMO_CONTROLLER } from './demo-users';

const DEMO_ADMIN = { email: 'admin@karta.test', password: DEMO_CONTROLLER.password } as const;

async function signInThroughForm(page: import('@playwright/test').Page, email: string, password: string, landing = /\/$/): Promise<void> {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Пароль').fill(password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(landing);
}

/** A throwaway account created by the demo admin through the API, so its password may change. */
async function createThrowawayUser(request: APIRequestContext): Promise<{ email: string; password: string; fullName: string }> {
  const login = await request.post('/api/auth/login', { data: DEMO_ADMIN });
  expect(login.status()).toBe(200);
  const { accessToken, user: admin } = (await login.json()) as LoginResponse;
  const headers = { authorization: `Bearer ${accessToken}` };
  const email = `e2e-${Date.now()}-${Math.floor(Math.random() * 1e6)}@karta.test`;
  const fullName = 'Проверочный Пользователь Сквозной';
  const created = await request.post('/api/users', {
    headers,
    data: { email, fullName, role: 'observer', organizationId: (admin as CurrentUser).organizationId },
  });
  expect(created.status()).toBe(201);
  const { oneTimePassword } = (await created.json()) as UserWithPassword;
  return { email, password: oneTimePassword, fullName };
}

test('the session lives in an httpOnly cookie: a reload keeps it, nothing is kept in web storage', async ({ page, context }) => {
  await signInThroughForm(page, DEMO_CONTROLLER.email, DEMO_CONTROLLER.password);

  const cookie = (await context.cookies()).find((candidate) => candidate.name === 'karta_refresh');
  expect(cookie).toMatchObject({ httpOnly: true, sameSite: 'Strict', path: '/api/auth' });
  const stored = await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage }));
  expect(stored).not.toMatch(/eyJ/);
  expect(await page.evaluate(() => document.cookie)).not.toContain('karta_refresh');

  const refresh = page.waitForResponse((response) => response.url().endsWith('/api/auth/refresh'));
  await page.reload();
  expect((await refresh).status()).toBe(200);
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('heading', { name: /^Здравствуйте/ })).toBeVisible();
});

test('after signing out, neither the back button nor a reload shows a protected page', async ({ page }) => {
  await signInThroughForm(page, DEMO_CONTROLLER.email, DEMO_CONTROLLER.password);
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/tasks/);

  await page.getByRole('banner').getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);

  await page.goBack();
  await expect(page).toHaveURL(/\/login/);
  await expect(page.getByRole('heading', { name: 'Вход в систему' })).toBeVisible();

  await page.reload();
  await expect(page).toHaveURL(/\/login/);
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/login\?returnUrl=%2Ftasks$/);
});

test('a user changes their password on the profile page and signs in with the new one', async ({ page, request }) => {
  const user = await createThrowawayUser(request);
  const newPassword = `new-e2e-${Date.now()}`;

  // A one-time password leads straight to the profile: nothing else opens until it is replaced.
  await signInThroughForm(page, user.email, user.password, /\/profile$/);
  await expect(page.getByRole('alert')).toContainText('Вы вошли с одноразовым паролем');
  await page.goto('/tasks');
  await expect(page).toHaveURL(/\/profile$/);
  await page.getByTestId('current-user').click();
  await page.getByRole('menuitem', { name: 'Сменить пароль' }).click();
  await expect(page).toHaveURL(/\/profile#password$/);
  await expect(page.getByTestId('profile-name')).toHaveText(user.fullName);

  const form = page.getByRole('form', { name: 'Смена пароля' });
  await form.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(form).toContainText('Введите текущий пароль');

  await form.getByLabel('Текущий пароль').fill(user.password);
  await form.getByLabel('Новый пароль', { exact: true }).fill('short');
  await form.getByLabel('Повторите новый пароль').fill('short');
  await form.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(form).toContainText('Пароль должен содержать не менее 10 символов');

  await form.getByLabel('Новый пароль', { exact: true }).fill(newPassword);
  await form.getByLabel('Повторите новый пароль').fill(newPassword);
  await form.getByRole('button', { name: 'Сменить пароль' }).click();
  await expect(form).toContainText('Пароль изменён. Остальные сеансы завершены.');
  await expect(page.getByText('Вы вошли с одноразовым паролем')).toHaveCount(0);

  // This session continues after the change, also across a reload.
  await page.reload();
  await expect(page.getByTestId('profile-name')).toHaveText(user.fullName);

  await page.getByRole('banner').getByRole('button', { name: 'Выйти' }).click();
  await expect(page).toHaveURL(/\/login$/);
  const old = await request.post('/api/auth/login', { data: { email: user.email, password: user.password } });
  expect(old.status()).toBe(401);

  await page.getByLabel('E-mail').fill(user.email);
  await page.getByLabel('Пароль').fill(newPassword);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/$/);
  await expect(page.getByRole('banner')).toContainText(user.fullName);
});
