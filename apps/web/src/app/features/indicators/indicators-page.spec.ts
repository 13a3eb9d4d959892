import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting, TestRequest } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { MatDialog } from '@angular/material/dialog';
import { provideRouter, Router } from '@angular/router';
import type { IndicatorCell, IndicatorDto, IndicatorMatrixDto, IndicatorRollupDto, OrganizationRef, WeekSummaryDto } from '@karta/contracts';
import { formatIsoWeek } from '@karta/domain';
import { firstValueFrom } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { aCurrentUser, aLoginResponse, queryRequired } from '../../../testing/fixtures';
import { firstOfWeeks, lastFinishedWeek } from './indicator-format';
import { IndicatorsPage } from './indicators-page';

const WEEK = lastFinishedWeek();
const WEEK_KEY = formatIsoWeek(WEEK);
const DISTRICT: OrganizationRef = { id: 'uo', code: 'RD-SS-UO', shortName: 'Сулейман-Стальский район', kind: 'department' };
const SCHOOL: OrganizationRef = { id: 'ss1', code: 'SS-001', shortName: 'СОШ №1', kind: 'school' };

function aCell(overrides: Partial<IndicatorCell> = {}): IndicatorCell {
  return { numerator: 3, denominator: 40, share: 0.075, target: 0.15, status: 'not_met', gap: 0.075, change: 0.025, ...overrides };
}

function aRollup(overrides: Partial<IndicatorRollupDto> = {}): IndicatorRollupDto {
  return { ...aCell(), organizationsTotal: 28, organizationsMet: 10, organizationsNotMet: 15, organizationsNoData: 3, ...overrides };
}

function aSummary(): WeekSummaryDto {
  return {
    weekStart: '2025-09-01',
    weekKey: WEEK_KEY,
    organization: DISTRICT,
    computedAt: '2025-09-08T03:00:00Z',
    indicators: [
      { indicator: { id: 'i1', code: 'staff', name: 'Работники в МАКС' }, rollup: aRollup() },
      { indicator: { id: 'i2', code: 'families', name: 'Родители в МАКС' }, rollup: aRollup({ share: null, status: 'no_data', change: null }) },
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
    organizationKinds: ['school'],
    targets: [
      { effectiveFrom: '2025-09-01', target: 0.15 },
      { effectiveFrom: '2025-12-01', target: 0.75 },
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

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [IndicatorsPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login({ email: 'controller@karta.test', password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(aLoginResponse({ user: aCurrentUser({ role: 'controller' }) }));
    fixture = TestBed.createComponent(IndicatorsPage);
    page = fixture.nativeElement;
    await fixture.whenStable();
    backend.expectOne('/api/roadmaps?pageSize=100').flush({ items: [{ id: 'rm-1', title: 'Приказ №76' }], total: 1, page: 1, pageSize: 100 });
    await fixture.whenStable();
    backend.expectOne('/api/indicators?roadmapId=rm-1').flush([aDefinition(), aDefinition({ id: 'i2', name: 'Родители в МАКС', targets: [] })]);
  });

  afterEach(() => backend.verify());

  function request(path: string): TestRequest {
    return backend.expectOne((r) => r.url === path);
  }

  /** Answers the lists below the cards for one indicator; returns the matrix request's parameters. */
  async function flushIndicator(id: string, cell: IndicatorMatrixDto['rows'][number]['cells'][number]): Promise<URLSearchParams> {
    const below = request(`/api/indicators/${id}/organizations`);
    expect(below.request.params.toString()).toBe(`week=${WEEK_KEY}&status=not_met&page=1&pageSize=10`);
    below.flush({ items: [{ organization: SCHOOL, cell: aCell() }], total: 1, page: 1, pageSize: 10 });
    const matrix = request(`/api/indicators/${id}/matrix`);
    matrix.flush(aMatrix(cell));
    request(`/api/indicators/${id}/series`).flush({ indicator: { id, code: id, name: id }, organization: DISTRICT, points: [] });
    await fixture.whenStable();
    return new URLSearchParams(matrix.request.params.toString());
  }

  it('shows the last finished week for the scope: shares against targets, counts, «нет данных» never as 0 %', async () => {
    const summary = request('/api/indicators/summary');
    expect(summary.request.params.toString()).toBe(`roadmapId=rm-1&week=${WEEK_KEY}`);
    summary.flush(aSummary());
    await fixture.whenStable();
    const matrixParams = await flushIndicator('i1', { status: 'met', share: 0.8 });

    const cards = Array.from(page.querySelectorAll('.card'), (card) => Array.from(card.querySelectorAll('span:not(.card-counts)'), (span) => span.textContent?.replace(/\s+/g, ' ').trim()));
    expect(cards[0]).toEqual([
      'Работники в МАКС',
      '7,5%',
      'цель 15,0% · Ниже цели',
      'к прошлой неделе: +2,5 п.п.',
      'достигли: 10 из 28',
      'ниже цели: 15',
      'нет данных: 3',
    ]);
    expect(cards[1].slice(0, 2)).toEqual(['Родители в МАКС', 'нет данных']);
    expect(cards[1].join(' ')).not.toContain('0,0%');
    expect(queryRequired(page, '.card').getAttribute('aria-pressed')).toBe('true');

    expect(Array.from(page.querySelectorAll('.below-table td'), (td) => td.textContent?.trim())).toEqual(['СОШ №1', '7,5%', '15,0%', '7,5 п.п.', '+2,5 п.п.']);
    expect(matrixParams.get('from')).toBe(formatIsoWeek(firstOfWeeks(WEEK, 12)));
    expect(matrixParams.get('to')).toBe(WEEK_KEY);
    const cell = queryRequired(page, 'td.status-met');
    expect(cell.getAttribute('aria-label')).toBe('СОШ №1, неделя 36 (01.09–07.09): достигнут, 80,0%');
    expect(queryRequired(page, 'th.week-col').getAttribute('title')).toBe('неделя 36 (01.09–07.09)');
    expect(page.querySelector('.stages')?.textContent).toContain('Цель «Работники в МАКС»: с 01.09.2025 — 15,0%; с 01.12.2025 — 75,0%');
  });

  it('lets the controller change the staged targets and reloads the week', async () => {
    request('/api/indicators/summary').flush(aSummary());
    await fixture.whenStable();
    await flushIndicator('i1', null);

    Array.from(page.querySelectorAll<HTMLButtonElement>('.stages button')).find((b) => b.textContent?.includes('Изменить цели'))?.click();
    await fixture.whenStable();
    const dialog = queryRequired(document.body, 'karta-indicator-targets-dialog');
    const percent = queryRequired<HTMLInputElement>(dialog, 'input[name="percent-1"]');
    percent.value = '80';
    percent.dispatchEvent(new Event('input'));
    await fixture.whenStable();
    Array.from(dialog.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === 'Сохранить')?.click();

    const put = backend.expectOne({ method: 'PUT', url: '/api/indicators/i1/targets' });
    expect(put.request.body).toEqual({ targets: [{ effectiveFrom: '2025-09-01', target: 0.15 }, { effectiveFrom: '2025-12-01', target: 0.8 }] });
    put.flush(aDefinition({ targets: [{ effectiveFrom: '2025-09-01', target: 0.15 }, { effectiveFrom: '2025-12-01', target: 0.8 }] }));
    await firstValueFrom(TestBed.inject(MatDialog).afterAllClosed);
    backend.expectOne('/api/indicators?roadmapId=rm-1').flush([aDefinition({ targets: [{ effectiveFrom: '2025-09-01', target: 0.15 }, { effectiveFrom: '2025-12-01', target: 0.8 }] })]);
    request('/api/indicators/summary').flush(aSummary());
    await fixture.whenStable();
    expect(page.querySelector('.stages')?.textContent).toContain('с 01.12.2025 — 80,0%');
    expect(queryRequired(page, '.stages a').getAttribute('href')).toBe('/audit?entityType=indicator&entityId=i1');
  });

  it('keeps the chosen indicator in the URL and loads its lists', async () => {
    request('/api/indicators/summary').flush(aSummary());
    await fixture.whenStable();
    await flushIndicator('i1', null);

    Array.from(page.querySelectorAll<HTMLButtonElement>('.card'))[1].click();
    await fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/?indicatorId=i2');
    await flushIndicator('i2', { status: 'no_data', share: null });
    expect(queryRequired(page, 'td.status-no_data').getAttribute('aria-label')).toBe('СОШ №1, неделя 36 (01.09–07.09): нет данных');
  });
});
