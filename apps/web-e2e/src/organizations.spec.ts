import { expect, test } from './fixtures';
import { DEMO_CONTROLLER } from './demo-users';

test('the controller opens «Организации», sees the district department with its schools and opens a card', async ({ page }) => {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(DEMO_CONTROLLER.email);
  await page.getByLabel('Пароль').fill(DEMO_CONTROLLER.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).toHaveURL(/\/$/);

  await page.getByRole('link', { name: 'Организации' }).click();
  await expect(page).toHaveURL(/\/organizations$/);
  await expect(page.getByRole('heading', { name: 'Организации', level: 1 })).toBeVisible();

  const tree = page.getByRole('navigation', { name: 'Дерево организаций' });
  const department = tree.getByRole('treeitem').filter({ hasText: 'Отдел образования Сулейман-Стальского района' }).first();
  await expect(department).toBeVisible();
  // The department is expanded: its schools are listed under it.
  const schools = department.getByRole('group').getByRole('treeitem');
  await expect(schools.first()).toBeVisible();
  expect(await schools.count()).toBeGreaterThanOrEqual(20);
  await expect(department.getByRole('group')).toContainText('СОШ');

  // The registry lists the same organizations with their kind and headcounts.
  const registry = page.getByRole('region', { name: 'Реестр организаций' });
  await expect(registry.getByRole('cell', { name: 'Школа', exact: true }).first()).toBeVisible();

  const firstSchool = registry.getByRole('row').filter({ hasText: 'SS-001' }).getByRole('link').first();
  const name = (await firstSchool.textContent())?.trim() ?? '';
  await firstSchool.click();
  await expect(page).toHaveURL(/\/organizations\/[0-9a-f-]{36}$/);
  await expect(page.getByRole('heading', { level: 1 })).toHaveText(name);
  await expect(page.getByText('SS-001', { exact: true })).toBeVisible();
  await expect(page.getByRole('heading', { name: 'Численность' })).toBeVisible();
  await expect(page.getByText('Обучающиеся (по формам статнаблюдения)').first()).toBeVisible();
  await expect(page.getByRole('button', { name: 'Добавить численность' })).toBeVisible();
});
