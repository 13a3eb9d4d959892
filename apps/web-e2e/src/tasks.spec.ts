import type { Browser, Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';

// Four sessions and argon2 sign-ins on a shared machine: pages may take longer than the default 5 s.
const expect = baseExpect.configure({ timeout: 20_000 });

const PASSWORD = 'demo-karta-76';
const COORDINATOR = 'coordinator@karta.test'; // SS-001
const COORDINATOR2 = 'coordinator2@karta.test'; // SS-002
const CONTROLLER = 'controller@karta.test';

/** A one-page PDF small enough to write by hand; the server judges it by its `%PDF` signature. */
const TINY_PDF = Buffer.from(
  '%PDF-1.4\n1 0 obj<</Type/Catalog/Pages 2 0 R>>endobj\n2 0 obj<</Type/Pages/Kids[3 0 R]/Count 1>>endobj\n' +
    '3 0 obj<</Type/Page/Parent 2 0 R/MediaBox[0 0 200 200]>>endobj\ntrailer<</Root 1 0 R>>\n%%EOF\n',
);

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** Another user in their own browser context (their console is not the coordinator's). */
async function asUser(browser: Browser, email: string): Promise<Page> {
  const context = await browser.newContext();
  const page = await context.newPage();
  await signIn(page, email);
  return page;
}

test.describe('task review cycle', () => {
  // Four people take turns in four browser windows.
  test.setTimeout(180_000);

  test('coordinator submits evidence, controller returns, coordinator resubmits, controller accepts; SS-002 sees nothing', async ({ page, browser }) => {
    await signIn(page, COORDINATOR);

    // One of SS-001's report tasks of action 1 that still awaits the executor.
    await page.goto('/tasks/mine?status=open&status=in_progress&sort=dueAt');
    await expect(page.getByRole('heading', { name: 'Мои задачи' })).toBeVisible();
    // The paginator speaks Russian (its labels are provided by the shell, around every page).
    const paginator = page.getByRole('group', { name: 'Страницы' });
    await expect(paginator.getByText('На странице:')).toBeVisible();
    await expect(paginator.getByRole('status')).toHaveText(/^\s*\d+–\d+ из \d+\s*$/);
    const row = page.locator('tr.task-row', { hasText: '№1.' }).first();
    await expect(row).toBeVisible();
    await row.getByRole('link').click();
    await expect(page).toHaveURL(/\/tasks\/[0-9a-f-]{36}$/);
    const taskUrl = new URL(page.url()).pathname;
    await expect(page.getByRole('heading', { level: 1 })).toContainText('Мероприятие №1.');
    await expect(page.locator('.period')).toHaveText(/^[а-я]+ \d{4}$/);

    // The coordinator names the school's head as executor and herself as co-executor.
    await page.getByRole('button', { name: 'Назначить' }).click();
    // The floating label lies over the select: open it from the keyboard, as a user of a screen reader would.
    const assignees = page.getByRole('dialog', { name: 'Исполнители' });
    await assignees.getByRole('combobox', { name: 'Ответственный исполнитель' }).press('Enter');
    await page.getByRole('option', { name: /Мирзоев Т\. К\./ }).click();
    await assignees.getByRole('combobox', { name: 'Соисполнители' }).press('Enter');
    await page.getByRole('option', { name: 'Рамазанова Л. Ш.', exact: true }).click();
    await page.keyboard.press('Escape');
    await assignees.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.locator('.assignees')).toContainText('Мирзоев Т. К.');
    await expect(page.locator('.assignees')).toContainText('соисполнители: Рамазанова Л. Ш.');
    // The task's audit trail shows the assignment.
    await expect(page.locator('karta-audit-history')).toContainText('Назначены исполнители');

    await page.locator('input[type=file]').setInputFiles({ name: 'отчёт-канал.pdf', mimeType: 'application/pdf', buffer: TINY_PDF });
    await expect(page.locator('.evidence-item', { hasText: 'отчёт-канал.pdf' })).toBeVisible();
    await page.getByRole('button', { name: 'Отправить на проверку' }).click();
    await expect(page.locator('.task-status')).toHaveText('На проверке');

    const controller = await asUser(browser, CONTROLLER);
    await controller.goto(taskUrl);
    await expect(controller.locator('.task-status')).toHaveText('На проверке');
    await controller.getByRole('button', { name: 'Вернуть на доработку' }).click();
    const dialog = controller.getByRole('dialog');
    await dialog.getByLabel('Что нужно исправить').fill('Добавьте ссылку на публикацию в канале MAX');
    await dialog.getByRole('button', { name: 'Вернуть на доработку' }).click();
    await expect(controller.locator('.task-status')).toHaveText('Возвращена');

    await page.reload();
    await expect(page.locator('.task-status')).toHaveText('Возвращена');
    await expect(page.locator('.event-status_changed').first()).toContainText('Добавьте ссылку на публикацию в канале MAX');
    await expect(page.locator('.round', { hasText: 'отчёт-канал.pdf' })).toBeVisible();
    await page.getByLabel('Ссылка (например, на публикацию в канале MAX)').fill('https://max.ru/ss001/post/42');
    await page.getByRole('button', { name: 'Добавить ссылку' }).click();
    await expect(page.locator('.evidence-link', { hasText: 'https://max.ru/ss001/post/42' })).toBeVisible();
    await page.getByRole('button', { name: 'Отправить на проверку' }).click();
    await expect(page.locator('.task-status')).toHaveText('На проверке');

    await controller.reload();
    await controller.getByRole('button', { name: 'Принять' }).click();
    await expect(controller.locator('.task-status')).toHaveText('Принята');
    await controller.context().close();

    const neighbour = await asUser(browser, COORDINATOR2);
    await neighbour.goto(taskUrl);
    await expect(neighbour.getByRole('heading', { name: 'Не найдено' })).toBeVisible();
    await neighbour.context().close();
  });
});
