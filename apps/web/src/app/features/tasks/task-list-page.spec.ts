import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import { provideKartaIcons } from '../../core/ui/icons';
import { aTaskListItem } from './task-fixtures';
import routes from './tasks.routes';

describe('TaskListPage', () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'tasks', children: routes }]),
        provideKartaIcons(),
        { provide: LOCALE_ID, useValue: 'ru-RU' },
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => backend.verify());

  const flushOptions = () => backend.expectOne('/api/tasks/filter-options').flush({ roadmaps: [] });

  it('loads the filters from the URL and shows Russian statuses with the overdue badge', async () => {
    const navigation = harness.navigateByUrl('/tasks?status=returned&overdue=true&q=%D0%9A%D0%B0%D1%81');
    await new Promise((resolve) => setTimeout(resolve));
    flushOptions();
    const request = backend.expectOne((r) => r.url === '/api/tasks');
    expect(request.request.params.toString()).toBe('page=1&pageSize=50&status=returned&overdue=true&q=%D0%9A%D0%B0%D1%81');
    request.flush({ items: [aTaskListItem()], total: 1, page: 1, pageSize: 50 });
    await navigation;
    harness.detectChanges();
    const page = harness.routeNativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent).toBe('Задачи');
    const row = page.querySelector('tr.task-row');
    expect(row?.textContent).toContain('неделя 36 (01.09–07.09)');
    expect(row?.textContent).toContain('08.09.2025');
    expect(row?.querySelector('.status-chip')?.textContent).toBe('Возвращена');
    expect(row?.querySelector('.overdue-badge')?.textContent).toBe('Просрочена');
  });

  it('asks /api/tasks/mine on «Мои задачи» and keeps a changed filter in the URL', async () => {
    const navigation = harness.navigateByUrl('/tasks/mine');
    await new Promise((resolve) => setTimeout(resolve));
    flushOptions();
    backend.expectOne((r) => r.url === '/api/tasks/mine').flush({ items: [], total: 0, page: 1, pageSize: 50 });
    await navigation;
    harness.detectChanges();
    const page = harness.routeNativeElement as HTMLElement;
    expect(page.querySelector('h1')?.textContent).toBe('Мои задачи');
    expect(page.textContent).toContain('Задач не найдено');
    const chip = Array.from(page.querySelectorAll<HTMLElement>('mat-chip-option')).find((c) => c.textContent?.includes('На проверке'));
    chip?.querySelector<HTMLElement>('button, [role=option], .mdc-evolution-chip__action')?.click();
    await harness.fixture.whenStable();
    expect(TestBed.inject(Router).url).toBe('/tasks/mine?status=submitted');
    backend.expectOne((r) => r.url === '/api/tasks/mine' && r.params.get('status') === 'submitted').flush({ items: [], total: 0, page: 1, pageSize: 50 });
  });
});
