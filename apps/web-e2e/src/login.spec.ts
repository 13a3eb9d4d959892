import { expect, test } from './fixtures';
import { DEMO_CONTROLLER } from './demo-users';

test.describe('login page', () => {
  test('is in Russian, and a visitor of the home page is sent there', async ({ page }) => {
    await page.goto('/');

    await expect(page).toHaveURL(/\/login$/);
    await expect(page.locator('html')).toHaveAttribute('lang', 'ru');
    await expect(page.getByRole('heading', { name: 'Вход в систему' })).toBeVisible();
    await expect(page.getByLabel('E-mail')).toBeVisible();
    await expect(page.getByLabel('Пароль')).toBeVisible();
    await expect(page.getByRole('button', { name: 'Войти' })).toBeEnabled();
    await expect(page).toHaveTitle('Вход в систему — Карта');
  });

  test('explains empty fields without asking the server', async ({ page }) => {
    await page.goto('/login');

    await page.getByRole('button', { name: 'Войти' }).click();

    await expect(page.getByText('Введите e-mail', { exact: true })).toBeVisible();
    await expect(page.getByText('Введите пароль', { exact: true })).toBeVisible();
    await expect(page).toHaveURL(/\/login$/);
  });

  test('a wrong password is refused with a Russian message', async ({ page }) => {
    await page.goto('/login');

    await page.getByLabel('E-mail').fill(DEMO_CONTROLLER.email);
    await page.getByLabel('Пароль').fill('not-the-password');
    await page.getByRole('button', { name: 'Войти' }).click();

    await expect(page.getByRole('alert')).toHaveText('Неверный e-mail или пароль');
    await expect(page).toHaveURL(/\/login$/);
    await expect(page.getByRole('button', { name: 'Войти' })).toBeEnabled();
  });
});
