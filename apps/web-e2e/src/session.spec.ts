import type { CurrentUser, LoginResponse } from '@karta/contracts';
import { expect, test } from './fixtures';
import { DEMO_CONTROLLER } from './demo-users';

test('the demo controller signs in, sees the home page and signs out', async ({ page }) => {
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);

  await page.getByLabel('E-mail').fill(DEMO_CONTROLLER.email);
  await page.getByLabel('Пароль').fill(DEMO_CONTROLLER.password);
  const loginResponse = page.waitForResponse(
    (response) => response.url().endsWith('/api/auth/login') && response.request().method() === 'POST',
  );
  await page.getByRole('button', { name: 'Войти' }).click();
  // The name comes from the demo data: read it from the API instead of repeating it here.
  const { user } = (await (await loginResponse).json()) as LoginResponse;

  await expect(page).toHaveURL(/\/$/);
  const header = page.getByRole('banner');
  await expect(header).toContainText('Карта');
  await expect(header).toContainText(user.fullName);
  await expect(header).toContainText('Контролёр');

  await expect(page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Главная' })).toBeVisible();
  await expect(page.getByRole('heading', { name: `Здравствуйте, ${user.fullName}!` })).toBeVisible();
  const services = page.getByRole('list', { name: 'Службы' });
  await expect(services.getByRole('listitem').filter({ hasText: 'База данных' })).toContainText('работает');
  await expect(services.getByRole('listitem').filter({ hasText: 'Redis' })).toContainText('работает');

  await header.getByRole('button', { name: 'Выйти' }).click();

  await expect(page).toHaveURL(/\/login$/);
  await expect(page.getByRole('heading', { name: 'Вход в систему' })).toBeVisible();
  await page.goto('/');
  await expect(page).toHaveURL(/\/login$/);
});

test('a signed-in user comes back to the page they asked for, also after a reload', async ({ page }) => {
  await page.goto('/?from=e2e');
  await expect(page).toHaveURL(/\/login\?returnUrl=%2F%3Ffrom%3De2e$/);

  await page.getByLabel('E-mail').fill(DEMO_CONTROLLER.email);
  await page.getByLabel('Пароль').fill(DEMO_CONTROLLER.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/\?from=e2e$/);

  const me = page.waitForResponse((response) => response.url().endsWith('/api/auth/me'));
  await page.reload();
  const user = (await (await me).json()) as CurrentUser;
  await expect(page.getByRole('banner')).toContainText(user.fullName);
  await expect(page).toHaveURL(/\/\?from=e2e$/);
});
