import type { Page } from '@playwright/test';
import { expect as baseExpect, test } from './fixtures';

// Sign-ins (argon2) and the worker's jobs on a shared machine: give pages more than the default 5 s.
const expect = baseExpect.configure({ timeout: 20_000 });

const PASSWORD = 'demo-karta-76';
const COORDINATOR = 'coordinator@karta.test'; // SS-001, Касумкентская СОШ №1
const CONTROLLER = 'controller@karta.test';
/** SS-002 of the demo district: 84 staff per the statistical forms. */
const SS_002 = 'Касумкентская СОШ №2';
const SFERUM_IN_MAX = 'Доля пользователей «Сферума», работающих в нём внутри МАКС';

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
    // …and, numbers being entered, it is a denominator to fix rather than numbers not reported.
    await expect(page.locator('.shares-table tbody tr', { hasText: 'Доля пользователей «Сферума»' }).locator('.status')).toHaveText('Нет знаменателя');

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

  test('a share just short of its target reads rounded toward zero: 1999 of 2000 is 99,9 %, not 100,0 %', async ({ page }) => {
    await signIn(page, COORDINATOR);
    await page.goto('/weekly/entry');
    await expect(page.getByRole('heading', { name: 'Касумкентская СОШ №1' })).toBeVisible();
    // The Sferum share's denominator is the form's own total: any pair of numbers can be typed (nothing is saved).
    await page.getByLabel('Пользователи «Сферума» всего').fill('2000');
    await page.getByLabel('Пользователи «Сферума» внутри МАКС').fill('1999');
    const row = page.locator('.shares-table tbody tr', { hasText: 'Доля пользователей «Сферума»' });
    await expect(row.locator('td.share')).toHaveText('99,9%');
    await expect(row.locator('.fraction')).toHaveText('1999 из 2000');
    await expect(row.locator('.status')).toHaveText('Ниже цели'); // the target is 100 %
    await page.getByLabel('Пользователи «Сферума» внутри МАКС').fill('2000');
    await expect(row.locator('td.share')).toHaveText('100,0%');
    await expect(row.locator('.status')).toHaveText('Достигнут');
  });

  test('the controller reads the district’s «Сферум в МАКС» card; each count equals the total of the list it opens', async ({ page }) => {
    await signIn(page, CONTROLLER);
    const card = page.locator('.card', { has: page.locator('.card-title', { hasText: SFERUM_IN_MAX }) });
    // No recomputation under way (the demo data may start with one), so the card and the lists read the same weeks.
    // (The page is opened again only once it has answered: leaving it mid sign-in would replay a rotated refresh token.)
    await expect(async () => {
      const answer = page.waitForResponse((response) => response.url().includes('/api/indicators/recomputation'));
      await page.goto('/indicators?heatSize=100');
      // None yet is an empty body (null).
      const body = await (await answer).text();
      const status = body === '' ? null : (JSON.parse(body) as { status: string } | null)?.status;
      expect(status === 'queued' || status === 'running', `a recomputation is ${status}`).toBe(false);
    }).toPass({ timeout: 90_000, intervals: [3_000] });

    await card.locator('.card-select').click();
    await expect(page.getByRole('heading', { name: `Ниже цели: ${SFERUM_IN_MAX}` })).toBeVisible();
    // The district's rollup, not the department's own number: a percentage over every organization the
    // indicator covers in the district — as many as the heatmap has rows.
    await expect(card.locator('.card-share')).toHaveText(/^\d{1,3},\d%$/);
    const coverage = (await card.locator('.card-coverage').textContent())?.trim() ?? '';
    const [, reported, total] = /^отчитались (\d+) из (\d+)/.exec(coverage) ?? [];
    expect(Number(total)).toBeGreaterThan(1);
    expect(Number(reported)).toBeGreaterThan(0);
    await expect(page.locator('table.heatmap tbody tr')).toHaveCount(Number(total));
    await expect(card.locator('.card-counts li').first()).toHaveText(new RegExp(`^достигли \\d+ из ${total}$`));

    // «Ниже цели» last: it is the list shown already, so its count opens it anew only after another.
    const lists = [
      { list: 'no_data', label: 'не сдали данные', heading: 'Не сдали данные' },
      { list: 'no_denominator', label: 'нет знаменателя', heading: 'Нет знаменателя' },
      { list: 'not_met', label: 'ниже цели', heading: 'Ниже цели' },
    ];
    for (const { list, label, heading } of lists) {
      const button = card.locator(`button[data-list="${list}"]`);
      const count = Number(/(\d+)$/.exec((await button.textContent())?.trim() ?? '')?.[1]);
      expect(count, `${label}: a count on the card`).not.toBeNaN();
      const answer = page.waitForResponse((response) => response.url().includes('/organizations?') && response.url().includes(`status=${list}`));
      await button.click();
      await answer;
      await expect(page.getByRole('heading', { name: `${heading}: ${SFERUM_IN_MAX}` })).toBeVisible();
      if (count === 0) {
        await expect(page.locator('.list-table')).toHaveCount(0);
      } else {
        // The paginator's «1–10 из N»: N is the table's total.
        await expect(page.locator('mat-paginator[aria-label^="Страницы списка"] .mat-mdc-paginator-range-label')).toHaveText(new RegExp(`из ${count}\\s*$`));
        await expect(page.locator('.list-table tbody tr')).toHaveCount(Math.min(count, 10));
      }
    }
  });
});
