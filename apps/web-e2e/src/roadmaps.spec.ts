import { expect, test } from './fixtures';
import { DEMO_CONTROLLER } from './demo-users';

test('the controller opens «Дорожные карты» and sees order №76 with its 9 actions and task counts', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(DEMO_CONTROLLER.email);
  await page.getByLabel('Пароль').fill(DEMO_CONTROLLER.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Дорожные карты' }).click();
  await expect(page).toHaveURL(/\/roadmaps$/);
  await expect(page.getByRole('heading', { name: 'Дорожные карты' })).toBeVisible();
  const row = page.getByRole('row').filter({ hasText: 'Приказ №76 от 01.08.2025' });
  await expect(row).toContainText('9');

  await row.getByRole('link').click();
  await expect(page).toHaveURL(/\/roadmaps\/[0-9a-f-]{36}$/);
  await expect(page.getByText('Дорожная карта · Приказ №76 от 01.08.2025')).toBeVisible();
  await expect(page.getByText('Кахриманов Р.Т., заместитель начальника Отдела образования')).toBeVisible();
  const actions = page.getByTestId('roadmap-action');
  await expect(actions).toHaveCount(9);
  await expect(actions.nth(0)).toContainText('август 2025 года и далее ежемесячно');
  await expect(actions.nth(7)).toContainText('сентябрь 2025 года');
  await expect(actions.nth(8)).toContainText('постоянно');

  // Task counts link to the task list filtered by the action.
  const total = actions.nth(0).getByRole('link', { name: /^всего \d+/ });
  await expect(total).toHaveAttribute('href', /\/tasks\?actionId=[0-9a-f-]{36}$/);
  await expect(actions.nth(1).getByRole('link', { name: /^Принято: \d+/ })).toHaveAttribute('href', /status=accepted/);
});
