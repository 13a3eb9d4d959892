import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { MatPaginatorIntl } from '@angular/material/paginator';
import { provideRouter, Router } from '@angular/router';
import type { IndicatorCell, IndicatorDto, IndicatorMatrixDto, IndicatorRecomputationDto, IndicatorRollupDto, OrganizationRef, TargetStageDto, WeekSummaryDto } from '@karta/contracts';
import { formatIsoWeek } from '@karta/domain';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { RussianPaginatorIntl } from '../../core/ui/russian-paginator-intl';
import { aCurrentUser, aLoginResponse, queryRequired } from '../../../testing/fixtures';
import { firstOfWeeks, lastFinishedWeek } from './indicator-format';
import { aRecomputation } from './indicator-fixtures';
import { IndicatorsPage } from './indicators-page';
import { RECOMPUTATION_POLL_MS } from './recomputation';

const WEEK = lastFinishedWeek();
const WEEK_KEY = formatIsoWeek(WEEK);
const DISTRICT: OrganizationRef = { id: 'uo', code: 'RD-SS-UO', shortName: 'Сулейман-Стальский район', kind: 'department' };
const SCHOOL: OrganizationRef = { id: 'ss1', code: 'SS-001', shortName: 'СОШ №1', kind: 'school' };

function aCell(overrides: Partial<IndicatorCell> = {}): IndicatorCell {
  return { numerator: 3, denominator: 40, share: 0.075, target: 0.15, status: 'not_met', gap: 0.075, change: 0.025, ...overrides };
}

/**
 * The district on 10.11.2025, staff who wrote: 28 organizations, 13 reported (4 met, 7 below, 2 of them
 * without a headcount), 15 did not. 60 wrote of the 400 staff of those with a share (15,0 %), of 700
 * staff in all (8,5 %, the headline); the target 60 % weighs 75 % for 600 school staff and 15 % for 200 others.
 */
function aRollup(overrides: Partial<IndicatorRollupDto> = {}): IndicatorRollupDto {
  return {
    ...aCell({ numerator: 60, denominator: 700, share: 60 / 700, target: 0.6, gap: 0.6 - 60 / 700, change: 0.025 }),
    reportedDenominator: 400,
    reportedShare: 0.15,
    organizationsTotal: 28,
    organizationsReported: 13,
    organizationsMet: 4,
    organizationsNotMet: 7,
    organizationsNoData: 15,
    organizationsNoDenominator: 2,
    ...overrides,
  };
}

function aSummary(): WeekSummaryDto {
  return {
    weekStart: '2025-11-10',
    weekKey: WEEK_KEY,
    organization: DISTRICT,
    computedAt: '2025-09-08T03:00:00Z',
    indicators: [
      { indicator: { id: 'i1', code: 'staff', name: 'Работники в МАКС' }, rollup: aRollup() },
      {
        indicator: { id: 'i2', code: 'families', name: 'Родители в МАКС' },
        rollup: aRollup({ numerator: 0, share: null, reportedShare: null, target: 0.3, status: 'no_data', change: null, organizationsReported: 0, organizationsMet: 0, organizationsNotMet: 0, organizationsNoData: 28, organizationsNoDenominator: 0 }),
      },
    ],
    children: [],
  };
}

function aDefinition(overrides: Partial<IndicatorDto> = {}): IndicatorDto {
  return {
    id: 'i1',
    roadmapId: 'rm-1',
    code: 'staff',
    name: 'Работники в МАКС',
    description: null,
    numeratorMeasures: ['staff_wrote'],
    denominatorSource: 'staff_stat',
    organizationKinds: ['school', 'kindergarten', 'additional_education'],
    targets: [
      { effectiveFrom: '2025-09-01', target: 0.15, organizationKinds: null },
      { effectiveFrom: '2025-11-10', target: 0.75, organizationKinds: ['school'] },
    ],
    actionNumbers: [2, 4],
    targetsUpdatedAt: null,
    targetsUpdatedBy: null,
    ...overrides,
  };
}

function aMatrix(cell: IndicatorMatrixDto['rows'][number]['cells'][number]): IndicatorMatrixDto {
  return { weeks: [{ weekStart: '2025-09-01', weekKey: '2025-W36' }], rows: [{ organization: SCHOOL, cells: [cell] }], total: 1, page: 1, pageSize: 25 };
}

describe('IndicatorsPage', () => {
  let fixture: ComponentFixture<IndicatorsPage>;
  let page: HTMLElement;
  let backend: HttpTestingController;
  /** Lets the page render: `whenStable`, or fake time where a test follows the polling. */
  let settle: () => Promise<unknown>;

  beforeEach(async () => {
    settle = () => fixture.whenStable();
    TestBed.configureTestingModule({
      imports: [IndicatorsPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), { provide: MatPaginatorIntl, useClass: RussianPaginatorIntl }],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login({ email: 'controller@karta.test', password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(aLoginResponse({ user: aCurrentUser({ role: 'controller' }) }));
    fixture = TestBed.createComponent(IndicatorsPage);
    page = fixture.nativeElement;
    await fixture.whenStable();
    backend.expectOne('/api/roadmaps?pageSize=100').flush({ items: [{ id: 'rm-1', title: 'Приказ №76' }], total: 1, page: 1, pageSize: 100 });
    await fixture.whenStable();
    backend.expectOne('/api/indicators?roadmapId=rm-1').flush([aDefinition(), aDefinition({ id: 'i2', name: 'Родители в МАКС', targets: [{ effectiveFrom: '2025-11-10', target: 0.3, organizationKinds: null }] })]);
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  function request(path: string): TestRequest {
    return backend.expectOne((r) => r.url === path);
  }

  /** Answers the week's summary and the roadmap's latest recomputation (asked together when the roadmap is known). */
  async function openWeek(summary: WeekSummaryDto = aSummary(), recomputation: IndicatorRecomputationDto | null = null): Promise<void> {
    const summaryRequest = request('/api/indicators/summary');
    expect(summaryRequest.request.params.toString()).toBe(`roadmapId=rm-1&week=${WEEK_KEY}`);
    summaryRequest.flush(summary);
    const recomputationRequest = request('/api/indicators/recomputation');
    expect(recomputationRequest.request.params.toString()).toBe('roadmapId=rm-1');
    recomputationRequest.flush(recomputation);
    await settle();
  }

  /** Answers the lists below the cards for one indicator; returns the matrix request's parameters. */
  async function flushIndicator(id: string, cell: IndicatorMatrixDto['rows'][number]['cells'][number], status = 'not_met', total = 1): Promise<URLSearchParams> {
    answerList(id, status, total);
    const matrix = request(`/api/indicators/${id}/matrix`);
    matrix.flush(aMatrix(cell));
    request(`/api/indicators/${id}/series`).flush({ indicator: { id, code: id, name: id }, organization: DISTRICT, points: [] });
    await settle();
    return new URLSearchParams(matrix.request.params.toString());
  }

  function answerList(id: string, status: string, total: number, cell: IndicatorCell = aCell()): void {
    const list = request(`/api/indicators/${id}/organizations`);
    expect(list.request.params.toString()).toBe(`week=${WEEK_KEY}&status=${status}&page=1&pageSize=10`);
    list.flush({ items: [{ organization: SCHOOL, cell }], total, page: 1, pageSize: 10 });
  }

  const text = (element: Element | null) => element?.textContent?.replace(/\s+/g, ' ').trim();

  function card(index: number): string[] {
    const element = page.querySelectorAll('.card')[index];
    return Array.from(element.querySelectorAll('.card-title, .card-share, .card-line, .card-counts li'), text) as string[];
  }

  function countButton(index: number, list: string): HTMLButtonElement {
    return queryRequired<HTMLButtonElement>(page.querySelectorAll('.card')[index], `button[data-list="${list}"]`);
  }

  it('shows the district’s headline share, its weighted target with the kinds’ own, coverage and counts — «нет данных» never as 0 %', async () => {
    await openWeek();
    const matrixParams = await flushIndicator('i1', { status: 'met', share: 0.8 });

    expect(card(0)).toEqual([
      'Работники в МАКС',
      '8,5%',
      'цель 60,0% (школы — 75,0%, остальные — 15,0%) · Ниже цели',
      'к прошлой неделе: +2,5 п.п.',
      'отчитались 13 из 28 · среди отчитавшихся 15,0%',
      'достигли 4 из 28',
      'ниже цели 7',
      'не сдали данные 15',
      'нет знаменателя 2',
    ]);
    expect(card(1).slice(0, 5)).toEqual(['Родители в МАКС', 'нет данных', 'цель 30,0% · Нет данных', 'к прошлой неделе: —', 'отчитались 0 из 28']);
    expect(card(1).join(' ')).not.toMatch(/(^|[^\d])0,0%/);
    expect(queryRequired(page, '.card-select').getAttribute('aria-pressed')).toBe('true');
    expect(countButton(0, 'not_met').getAttribute('aria-pressed')).toBe('true');

    expect(text(page.querySelector('#list-title'))).toBe('Ниже цели: Работники в МАКС');
    expect(Array.from(page.querySelectorAll('.list-switch button'), text)).toEqual(['Ниже цели (7)', 'Не сдали данные (15)', 'Нет знаменателя (2)']);
    expect(Array.from(page.querySelectorAll('.list-table td'), text)).toEqual(['СОШ №1', '7,5%', '15,0%', '7,5 п.п.', '+2,5 п.п.']);
    expect(matrixParams.get('from')).toBe(formatIsoWeek(firstOfWeeks(WEEK, 12)));
    expect(matrixParams.get('to')).toBe(WEEK_KEY);
    const cell = queryRequired(page, 'td.status-met');
    expect(cell.getAttribute('aria-label')).toBe('СОШ №1, неделя 36 (01.09–07.09): достигнут, 80,0%');
    expect(queryRequired(page, 'th.week-col').getAttribute('title')).toBe('неделя 36 (01.09–07.09)');
    expect(page.querySelector('.stages')?.textContent).toContain('Цель «Работники в МАКС»: с 01.09.2025 — 15,0%; с 10.11.2025 — 75,0% (школы)');
    expect(Array.from(page.querySelectorAll('.legend li'), text)).toContain('Нет знаменателя');
  });

  it('opens a card’s count as its list, kept in the URL: those who did not report, then those without a headcount', async () => {
    await openWeek();
    await flushIndicator('i1', null);

    countButton(0, 'no_data').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/?indicatorId=i1&list=no_data');
    answerList('i1', 'no_data', 15, aCell({ numerator: null, share: null, status: 'no_data', gap: null, change: null }));
    await settle();
    expect(text(page.querySelector('#list-title'))).toBe('Не сдали данные: Работники в МАКС');
    expect(countButton(0, 'no_data').getAttribute('aria-pressed')).toBe('true');
    expect(Array.from(page.querySelectorAll('.list-table th'), text)).toEqual(['Организация', 'Цель', 'Данные']);
    expect(queryRequired(page, '.list-table td a').getAttribute('href')).toBe(`/weekly/entry?organizationId=ss1&week=${WEEK_KEY}`);
    // The table's total is the card's count.
    expect(text(page.querySelector('.mat-mdc-paginator-range-label'))).toBe('1–10 из 15');

    Array.from(page.querySelectorAll<HTMLButtonElement>('.list-switch button')).find((b) => text(b)?.startsWith('Нет знаменателя'))?.click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/?indicatorId=i1&list=no_denominator');
    answerList('i1', 'no_denominator', 2, aCell({ numerator: 12, denominator: 0, share: null, status: 'no_denominator', gap: null, change: null }));
    await settle();
    expect(Array.from(page.querySelectorAll('.list-table td'), text)).toEqual(['СОШ №1', '12', 'Численность']);
    expect(queryRequired(page, '.list-table td a').getAttribute('href')).toBe('/organizations/ss1');

    // Back to those below target: the default list leaves the URL.
    countButton(0, 'not_met').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/?indicatorId=i1');
    answerList('i1', 'not_met', 7);
    await settle();
  });

  it('says so when a list is empty', async () => {
    await TestBed.inject(Router).navigateByUrl('/?list=no_denominator');
    await openWeek(aSummary());
    request('/api/indicators/i1/organizations').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    request('/api/indicators/i1/matrix').flush(aMatrix(null));
    request('/api/indicators/i1/series').flush({ indicator: { id: 'i1', code: 'i1', name: 'i1' }, organization: DISTRICT, points: [] });
    await settle();
    expect(text(page.querySelector('#list-title + .list-switch ~ .empty'))).toBe('Знаменатель есть у всех организаций.');
    expect(page.querySelector('.list-table')).toBeNull();
  });

  it('lets the controller set a stage for some kinds, shows the server’s field errors by the stage, then follows the recomputation and reloads the week once', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    settle = () => jest.advanceTimersByTimeAsync(20);
    await openWeek();
    await flushIndicator('i1', null);

    Array.from(page.querySelectorAll<HTMLButtonElement>('.stages button')).find((b) => b.textContent?.includes('Изменить цели'))?.click();
    await settle();
    const dialog = queryRequired(document.body, 'karta-indicator-targets-dialog');
    // A third stage: 30 % for kindergartens only, from 01.12.2025.
    Array.from(dialog.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === 'Добавить этап')?.click();
    await settle();
    const from = queryRequired<HTMLInputElement>(dialog, 'input[name="from-2"]');
    from.value = '2025-12-01';
    from.dispatchEvent(new Event('input'));
    const percent = queryRequired<HTMLInputElement>(dialog, 'input[name="percent-2"]');
    percent.value = '30';
    percent.dispatchEvent(new Event('input'));
    await settle();
    expect(text(queryRequired(dialog, 'mat-select[data-stage="1"]'))).toBe('Общеобразовательная организация');
    expect(text(queryRequired(dialog, 'mat-select[data-stage="2"]'))).toBe('Все виды');
    queryRequired(dialog, 'mat-select[data-stage="2"] .mat-mdc-select-trigger').click();
    await settle();
    const options = () => Array.from(document.querySelectorAll<HTMLElement>('mat-option'));
    expect(options().map(text)).toEqual(['Все виды', 'Общеобразовательная организация', 'Дошкольная образовательная организация', 'Организация дополнительного образования']);
    options().find((o) => text(o) === 'Дошкольная образовательная организация')?.click();
    await settle();
    expect(text(queryRequired(dialog, 'mat-select[data-stage="2"]'))).toBe('Дошкольная образовательная организация');
    queryRequired(document.body, '.cdk-overlay-backdrop').click(); // closes the options
    await settle();

    const save = () => Array.from(dialog.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === 'Сохранить');
    save()?.click();
    const stages = [
      { effectiveFrom: '2025-09-01', target: 0.15, organizationKinds: null },
      { effectiveFrom: '2025-11-10', target: 0.75, organizationKinds: ['school'] },
      { effectiveFrom: '2025-12-01', target: 0.3, organizationKinds: ['kindergarten'] },
    ];
    const refused = backend.expectOne({ method: 'PUT', url: '/api/indicators/i1/targets' });
    expect(refused.request.body).toEqual({ targets: stages });
    refused.flush(
      { statusCode: 400, error: 'Bad Request', message: 'Проверьте этапы', fieldErrors: [{ field: 'targets.2.organizationKinds', messages: ['Показатель не считается для этого вида организаций'] }] },
      { status: 400, statusText: 'Bad Request' },
    );
    await settle();
    const errors = Array.from(dialog.querySelectorAll('.stage'), (stage) => text(stage.querySelector('.error')) ?? null);
    expect(errors).toEqual([null, null, 'Показатель не считается для этого вида организаций']);
    expect(text(dialog.querySelector('mat-dialog-content > .error'))).toBe('Исправьте отмеченные этапы.');

    save()?.click();
    backend.expectOne({ method: 'PUT', url: '/api/indicators/i1/targets' }).flush(aDefinition({ targets: stages as TargetStageDto[] }));
    const closed = firstValueFrom(TestBed.inject(MatDialog).afterAllClosed);
    await jest.advanceTimersByTimeAsync(500); // the closing animation
    await closed;
    backend.expectOne('/api/indicators?roadmapId=rm-1').flush([aDefinition({ targets: stages as TargetStageDto[] })]);
    request('/api/indicators/summary').flush(aSummary());
    // Saving starts following the recomputation at once.
    request('/api/indicators/recomputation').flush(aRecomputation());
    await settle();
    expect(page.querySelector('.stages')?.textContent).toContain('с 01.12.2025 — 30,0% (детские сады)');
    expect(queryRequired(page, '.stages a').getAttribute('href')).toBe('/audit?entityType=indicator&entityId=i1');
    expect(text(page.querySelector('.recomputation[role="status"] p'))).toBe('Идёт пересчёт показателей (изменены цели): 12 из 66 недель');
    expect(queryRequired(page, '.recomputation mat-progress-bar').getAttribute('aria-valuenow')).toBe('18');

    await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS);
    request('/api/indicators/recomputation').flush(aRecomputation({ weeksDone: 40 }));
    await settle();
    expect(text(page.querySelector('.recomputation p'))).toBe('Идёт пересчёт показателей (изменены цели): 40 из 66 недель');

    await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS);
    request('/api/indicators/recomputation').flush(aRecomputation({ status: 'done', weeksDone: 66 }));
    await settle();
    expect(page.querySelector('.recomputation')).toBeNull();
    // Done: the week and its lists are read again, once; nobody asks about the recomputation any more.
    request('/api/indicators/summary').flush(aSummary());
    await flushIndicator('i1', null);
    await jest.advanceTimersByTimeAsync(RECOMPUTATION_POLL_MS * 3);
    backend.expectNone('/api/indicators/recomputation');
    backend.expectNone('/api/indicators/summary');
  });

  it('shows a failed recomputation’s error', async () => {
    await openWeek(aSummary(), aRecomputation({ status: 'failed', reason: 'scope', error: 'Нет связи с базой данных' }));
    await flushIndicator('i1', null);
    expect(text(page.querySelector('.recomputation[role="alert"] p'))).toBe('Пересчёт показателей (изменён состав организаций) не выполнен: Нет связи с базой данных');
    expect(page.querySelector('.recomputation mat-progress-bar')).toBeNull();
  });

  it('keeps the chosen indicator in the URL and loads its lists', async () => {
    await openWeek();
    await flushIndicator('i1', null);

    queryRequired<HTMLButtonElement>(page.querySelectorAll('.card')[1], '.card-select').click();
    await settle();
    expect(TestBed.inject(Router).url).toBe('/?indicatorId=i2');
    await flushIndicator('i2', { status: 'no_data', share: null });
    expect(queryRequired(page, 'td.status-no_data').getAttribute('aria-label')).toBe('СОШ №1, неделя 36 (01.09–07.09): нет данных');
  });
});
