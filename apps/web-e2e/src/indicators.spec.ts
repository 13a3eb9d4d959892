import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';

// Sign-ins (argon2) and the worker's jobs on a shared machine: give pages more than the default 5 s.
const expect = baseExpect.configure({ timeout: 20_000 });

const PASSWORD = 'demo-karta-76';
const COORDINATOR = 'coordinator@karta.test'; // SS-001, Касумкентская СОШ №1
const CONTROLLER = 'controller@karta.test';
/** SS-002 of the demo district: 84 staff per the statistical forms. */
const SS_002 = 'Касумкентская СОШ №2';

async function signIn(page: Page, email: string): Promise<void> {
  await page.goto('/login');
  await page.getByLabel('E-mail').fill(email);
  await page.getByLabel('Пароль').fill(PASSWORD);
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page).not.toHaveURL(/\/login/);
}

/** A day of the week that ended last Sunday, Moscow time, as the sheet writes it (`18.11.2026`). */
function dayOfLastWeek(): string {
  const weekAgo = new Date(Date.now() - 7 * 24 * 60 * 60 * 1000);
  return new Intl.DateTimeFormat('ru-RU', { timeZone: 'Europe/Moscow', day: '2-digit', month: '2-digit', year: 'numeric' }).format(weekAgo);
}

test.describe('weekly indicators', () => {
  test.setTimeout(120_000);

  test('a coordinator enters the week’s numbers and sees the shares as they type; the controller opens them from the matrix', async ({ page, browser }) => {
    await signIn(page, COORDINATOR);
    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Ввод данных' }).click();
    await expect(page.getByRole('heading', { name: 'Еженедельные данные' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'Касумкентская СОШ №1' })).toBeVisible();

    // The current week: nothing reported for it in the demo data yet.
    await page.getByRole('combobox', { name: 'Неделя' }).click();
    await page.getByRole('option').first().click();
    await expect(page.getByText('За эту неделю данные ещё не внесены.')).toBeVisible();

    const headcounts = page.locator('.headcounts dd');
    const staffStat = Number((await headcounts.nth(0).textContent())?.trim());
    const studentsStat = Number((await headcounts.nth(1).textContent())?.trim().split(' ')[0]);
    expect(staffStat).toBeGreaterThan(0);
    const share = (name: string) => page.locator('.shares-table tbody tr', { hasText: name }).locator('td.share');

    // A numerator above its denominator is caught before saving.
    await page.getByLabel('Работники, писавшие сообщения за неделю').fill(String(staffStat + 1));
    await expect(page.locator('.field-error')).toHaveText(`Больше, чем работников по статистической отчётности (${staffStat})`);
    await expect(page.getByRole('button', { name: 'Сохранить' })).toBeDisabled();

    await page.getByLabel('Работники, писавшие сообщения за неделю').fill(String(staffStat));
    await expect(share('Доля работников')).toHaveText('100,0%');
    // Students and parents over students × 2 (one parent per student): all students and no parents = 50 %.
    await expect(share('Доля обучающихся и родителей')).toHaveText('нет данных');
    await page.getByLabel('Обучающиеся, активные за неделю').fill(String(studentsStat));
    await page.getByLabel('Родители (законные представители), активные за неделю').fill('0');
    await expect(share('Доля обучающихся и родителей')).toHaveText('50,0%');
    // A zero denominator is «no data», never 0 %.
    await page.getByLabel('Пользователи «Сферума» всего').fill('0');
    await page.getByLabel('Пользователи «Сферума» внутри МАКС').fill('0');
    await expect(share('Доля пользователей «Сферума»')).toHaveText('нет данных');

    await page.getByRole('button', { name: 'Сохранить' }).click();
    await expect(page.getByRole('status')).toHaveText('Сохранено');
    await expect(page.locator('.history-list > li').first()).toContainText('ввод в форме');

    await page.reload();
    await expect(page.getByLabel('Работники, писавшие сообщения за неделю')).toHaveValue(String(staffStat));
    await expect(share('Доля обучающихся и родителей')).toHaveText('50,0%');

    // The controller sees the week reported in the matrix and opens it from there.
    const controller = await (await browser.newContext()).newPage();
    await signIn(controller, CONTROLLER);
    await controller.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Сдача данных' }).click();
    await controller.getByRole('link', { name: /^Касумкентская СОШ №1, неделя \d+ \(.+\): сданы (полностью|частично), ввод в форме$/ }).click();
    await expect(controller).toHaveURL(/\/weekly\/entry\?organizationId=[0-9a-f-]{36}&week=\d{4}-W\d{2}$/);
    await expect(controller.getByRole('heading', { name: 'Касумкентская СОШ №1' })).toBeVisible();
    await expect(controller.getByLabel('Работники, писавшие сообщения за неделю')).toHaveValue(String(staffStat));
    await expect(controller.locator('.history-list > li').first()).toContainText('ввод в форме');
    await controller.context().close();
  });

  test('the controller imports a district file, watches it run, reads the row report and sees the heatmap change', async ({ page }) => {
    await signIn(page, CONTROLLER);

    // The heatmap of the first indicator (staff who wrote) for the week that ended, all organizations on one page.
    await page.goto('/indicators?heatSize=100');
    const ss002 = page.locator('table.heatmap tbody tr', { has: page.getByRole('button', { name: `Динамика: ${SS_002}` }) });
    const lastWeekCell = ss002.locator('td').last();
    await expect(lastWeekCell).toHaveAttribute('aria-label', new RegExp(`^${SS_002}, неделя \\d+`));
    const before = await lastWeekCell.getAttribute('aria-label');

    await page.getByRole('navigation', { name: 'Разделы' }).getByRole('link', { name: 'Импорт данных' }).click();
    await expect(page.getByRole('heading', { name: 'Импорт еженедельных данных' })).toBeVisible();
    const day = dayOfLastWeek();
    const sheet = [
      'Код организации;Неделя;Писали работники',
      `SS-002;${day};0`, // applied: nobody wrote → 0 % (a known share, below any target)
      `SS-999;${day};5`, // unknown organization
      `SS-003;${day};100000`, // more than the school's staff
    ].join('\r\n');
    await page.getByLabel('Файл с еженедельными данными').setInputFiles({ name: 'район-неделя.csv', mimeType: 'text/csv', buffer: Buffer.from(sheet, 'utf8') });
    await page.getByRole('button', { name: 'Загрузить' }).click();

    await expect(page).toHaveURL(/import=[0-9a-f-]{36}/);
    await expect(page.getByRole('progressbar', { name: 'Ход обработки' })).toBeVisible();
    await expect(page.getByRole('heading', { name: 'район-неделя.csv: Готово' })).toBeVisible();
    await expect(page.locator('.summary li')).toHaveText(['Строк: 3', 'Применено: 1', 'Без изменений: 0', 'Отклонено: 2']);
    const report = page.locator('table.issues tbody tr');
    await expect(report).toHaveCount(2);
    await expect(report.filter({ hasText: 'SS-999' })).toContainText('не найдена');
    await expect(report.filter({ hasText: 'SS-003' })).toContainText('Писали работники');
    await expect(page.locator('table.history tbody tr').first()).toContainText('район-неделя.csv');

    // The worker recomputes the week: the cell turns «below target, 0,0%».
    await page.getByRole('link', { name: 'К показателям' }).click();
    await expect(async () => {
      await page.goto('/indicators?heatSize=100');
      await expect(lastWeekCell).toHaveAttribute('aria-label', new RegExp('ниже цели, 0,0%$'), { timeout: 3_000 });
    }).toPass({ timeout: 60_000 });
    await expect(lastWeekCell).not.toHaveAttribute('aria-label', before ?? '');
    await expect(lastWeekCell).toHaveClass(/status-not_met/);

    // Its trend: ECharts is loaded on demand and draws the share against the target line.
    await ss002.getByRole('button', { name: `Динамика: ${SS_002}` }).click();
    await expect(page.getByRole('heading', { name: new RegExp(`^Динамика: .*, ${SS_002}$`) })).toBeVisible();
    await expect(page.locator('karta-trend-chart canvas')).toBeVisible();
    await expect(page.getByRole('img', { name: new RegExp(`${SS_002}: последняя неделя с данными — неделя \\d+ \\(.+\\), доля 0,0%`) })).toBeVisible();
  });
});
