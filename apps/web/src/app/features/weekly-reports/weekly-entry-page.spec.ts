import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { WeeklyReportDto } from '@karta/contracts';
import { formatIsoWeek } from '@karta/domain';
import { AuthService } from '../../core/auth/auth.service';
import { aCurrentUser, aLoginResponse, queryRequired } from '../../../testing/fixtures';
import { lastFinishedWeek } from '../indicators/indicator-format';
import { WeeklyEntryPage } from './weekly-entry-page';

const ORG = '7a0c9a43-0a8e-4c57-9d0b-1f1f2a3b4c5d';

function aReport(overrides: Partial<WeeklyReportDto> = {}): WeeklyReportDto {
  const week = lastFinishedWeek();
  return {
    organization: { id: ORG, code: 'SS-001', shortName: 'МКОУ «СОШ №1»', kind: 'school' },
    weekStart: '2025-09-01',
    weekKey: formatIsoWeek(week),
    values: { staff_wrote: 4, students_active: null, parents_active: null, sferum_in_max: null, sferum_total: null, officials_wrote: null },
    source: 'entry',
    updatedAt: '2025-09-08T07:00:00Z',
    updatedBy: { id: 'u1', fullName: 'Гаджиева Марьям Руслановна' },
    version: 3,
    headcounts: { staffStat: 40, studentsStat: 300, actualHeadcountMinistry: null },
    editable: true,
    indicators: [
      { id: 'staff', code: 'staff', name: 'Работники, писавшие в МАКС', numeratorMeasures: ['staff_wrote'], denominatorSource: 'staff_stat', target: 0.15 },
      { id: 'families', code: 'families', name: 'Обучающиеся и родители в МАКС', numeratorMeasures: ['students_active', 'parents_active'], denominatorSource: 'students_stat_x2', target: 0.05 },
    ],
    history: [
      { id: 'r1', recordedAt: '2025-09-08T07:00:00Z', source: 'entry', author: { id: 'u1', fullName: 'Гаджиева Марьям Руслановна' }, importId: null, changes: { staff_wrote: [null, 4] } },
    ],
    ...overrides,
  };
}

describe('WeeklyEntryPage', () => {
  let fixture: ComponentFixture<WeeklyEntryPage>;
  let page: HTMLElement;
  let backend: HttpTestingController;
  const url = `/api/weekly-reports/${ORG}/${formatIsoWeek(lastFinishedWeek())}`;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [WeeklyEntryPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login({ email: 'coordinator@karta.test', password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(aLoginResponse({ user: aCurrentUser({ role: 'org_coordinator', organizationId: ORG }) }));
    fixture = TestBed.createComponent(WeeklyEntryPage);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  function shareOf(indicatorId: string): string {
    return queryRequired(page, `tr[data-indicator="${indicatorId}"] td.share`).textContent?.trim() ?? '';
  }

  async function type(measure: string, text: string): Promise<void> {
    const input = queryRequired<HTMLInputElement>(page, `input[name="${measure}"]`);
    input.value = text;
    input.dispatchEvent(new Event('input'));
    await fixture.whenStable();
  }

  function saveButton(): HTMLButtonElement {
    return queryRequired<HTMLButtonElement>(page, 'button[type="submit"]');
  }

  it('opens the last finished week of the user’s organization with the stored numbers and their history', async () => {
    backend.expectOne(url).flush(aReport());
    await fixture.whenStable();
    expect(page.querySelector('h2')?.textContent).toContain('МКОУ «СОШ №1»');
    expect(queryRequired<HTMLInputElement>(page, 'input[name="staff_wrote"]').value).toBe('4');
    expect(shareOf('staff')).toBe('10,0%');
    expect(shareOf('families')).toBe('нет данных');
    expect(page.querySelector('.history-list')?.textContent).toContain('Работники, писавшие сообщения за неделю: — → 4');
    expect(saveButton().disabled).toBe(true);
  });

  it('recomputes the shares as the numbers are typed and saves only what changed with the version', async () => {
    backend.expectOne(url).flush(aReport());
    await fixture.whenStable();
    await type('staff_wrote', '6');
    await type('students_active', '20');
    await type('parents_active', '10');
    expect(shareOf('staff')).toBe('15,0%');
    expect(shareOf('families')).toBe('5,0%');
    expect(page.querySelector('tr[data-indicator="families"] .status')?.textContent?.trim()).toBe('Достигнут');

    saveButton().click();
    const request = backend.expectOne(url);
    expect(request.request.method).toBe('PUT');
    expect(request.request.body).toEqual({ values: { staff_wrote: 6, students_active: 20, parents_active: 10 }, version: 3 });
    request.flush(aReport({ version: 4, values: { ...aReport().values, staff_wrote: 6, students_active: 20, parents_active: 10 } }));
    await fixture.whenStable();
    expect(page.querySelector('.saved')?.textContent?.trim()).toBe('Сохранено');
  });

  it('shows a numerator above its denominator before saving and does not let it be saved', async () => {
    backend.expectOne(url).flush(aReport());
    await fixture.whenStable();
    await type('staff_wrote', '41');
    expect(page.querySelector('.field-error')?.textContent?.trim()).toBe('Больше, чем работников по статистической отчётности (40)');
    expect(saveButton().disabled).toBe(true);
  });

  it('reloads the week when someone else saved it first', async () => {
    backend.expectOne(url).flush(aReport());
    await fixture.whenStable();
    await type('staff_wrote', '5');
    saveButton().click();
    backend.expectOne({ method: 'PUT', url }).flush({ statusCode: 409, error: 'Conflict', message: 'Версия устарела' }, { status: 409, statusText: 'Conflict' });
    await fixture.whenStable();
    backend.expectOne({ method: 'GET', url }).flush(aReport({ version: 5, values: { ...aReport().values, staff_wrote: 7 } }));
    await fixture.whenStable();
    expect(page.querySelector('[role="alert"]')?.textContent).toContain('уже изменил кто-то другой');
    expect(queryRequired<HTMLInputElement>(page, 'input[name="staff_wrote"]').value).toBe('7');
  });

  it('puts the server’s field messages under their fields', async () => {
    backend.expectOne(url).flush(aReport());
    await fixture.whenStable();
    await type('sferum_total', '12');
    saveButton().click();
    backend
      .expectOne({ method: 'PUT', url })
      .flush(
        { statusCode: 400, error: 'Bad Request', message: 'Проверьте значения', fieldErrors: [{ field: 'values.sferum_total', messages: ['Неделя закрыта для ввода'] }] },
        { status: 400, statusText: 'Bad Request' },
      );
    await fixture.whenStable();
    expect(page.querySelector('.field-error')?.textContent?.trim()).toBe('Неделя закрыта для ввода');
  });
});
