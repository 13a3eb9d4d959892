import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { WeeklyImportDto } from '@karta/contracts';
import { provideKartaIcons } from '../../core/ui/icons';
import { queryRequired } from '../../../testing/fixtures';
import { WeeklyImportPage } from './weekly-import-page';

function anImport(overrides: Partial<WeeklyImportDto> = {}): WeeklyImportDto {
  return {
    id: 'imp-1',
    roadmapId: 'rm-1',
    organization: { id: 'uo', code: 'RD-SS-UO', shortName: 'Отдел образования', kind: 'department' },
    fileName: 'район.csv',
    format: 'csv',
    sizeBytes: 1200,
    status: 'queued',
    totalRows: null,
    processedRows: 0,
    appliedRows: 0,
    unchangedRows: 0,
    rejectedRows: 0,
    skippedRows: 0,
    error: null,
    retryUntil: null,
    createdAt: '2025-09-08T07:00:00Z',
    startedAt: null,
    finishedAt: null,
    createdBy: { id: 'u1', fullName: 'Алиева Патимат Магомедовна' },
    ...overrides,
  };
}

describe('WeeklyImportPage', () => {
  let fixture: ComponentFixture<WeeklyImportPage>;
  let page: HTMLElement;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [WeeklyImportPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideKartaIcons()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(WeeklyImportPage);
    page = fixture.nativeElement;
    await fixture.whenStable();
    backend.expectOne('/api/roadmaps?pageSize=100').flush({ items: [{ id: 'rm-1', title: 'Приказ №76' }], total: 1, page: 1, pageSize: 100 });
    backend.expectOne('/api/weekly-imports?page=1&pageSize=10').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    await fixture.whenStable();
  });

  afterEach(() => {
    backend.verify();
    jest.useRealTimers();
  });

  /** Fake time: runs the polling timer and Angular's render scheduler alike. */
  async function tick(ms: number): Promise<void> {
    await jest.advanceTimersByTimeAsync(ms + 20);
  }

  it('uploads the file with the roadmap, follows the progress and then shows the summary and the row report', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    const input = queryRequired<HTMLInputElement>(page, 'input[type="file"]');
    Object.defineProperty(input, 'files', { value: [new File(['Код;Неделя'], 'район.csv', { type: 'text/csv' })], configurable: true });
    input.dispatchEvent(new Event('change'));
    await tick(0);
    Array.from(page.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.includes('Загрузить'))?.click();

    const upload = backend.expectOne({ method: 'POST', url: '/api/weekly-imports' });
    const body = upload.request.body as FormData;
    expect(body.get('roadmapId')).toBe('rm-1');
    expect((body.get('file') as File).name).toBe('район.csv');
    upload.flush(anImport(), { status: 202, statusText: 'Accepted' });
    await tick(0);
    expect(TestBed.inject(Router).url).toBe('/?import=imp-1');

    backend.expectOne('/api/weekly-imports/imp-1').flush(anImport({ status: 'running', totalRows: 40, processedRows: 10 }));
    await tick(0);
    expect(page.querySelector('[role="status"]')?.textContent).toContain('Обработано 10 из 40 строк');
    expect(queryRequired(page, 'mat-progress-bar').getAttribute('aria-valuenow')).toBe('25');

    await tick(980);
    backend.expectOne('/api/weekly-imports/imp-1').flush(anImport({ status: 'done', totalRows: 40, processedRows: 40, appliedRows: 36, unchangedRows: 2, rejectedRows: 2 }));
    await tick(0);
    backend.expectOne('/api/weekly-imports?page=1&pageSize=10').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    backend
      .expectOne('/api/weekly-imports/imp-1/issues?page=1&pageSize=50')
      .flush({ items: [{ rowNumber: 7, column: 'Работники писали', organizationCode: 'SS-099', reason: 'unknown_organization', message: 'Неизвестный код организации «SS-099»' }], total: 1, page: 1, pageSize: 50 });
    await tick(0);
    expect(Array.from(page.querySelectorAll('.summary li'), (li) => li.textContent?.trim())).toEqual(['Строк: 40', 'Применено: 36', 'Без изменений: 2', 'Отклонено: 2']);
    expect(Array.from(page.querySelectorAll('table.issues td'), (c) => c.textContent?.trim())).toEqual(['7', 'SS-099', 'Работники писали', 'Неизвестный код организации «SS-099»']);

    // Finished: no more polling.
    await tick(3000);
    backend.expectNone('/api/weekly-imports/imp-1');
  });

  it('reopens an earlier import from the URL and says a failed file wrote nothing', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    await TestBed.inject(Router).navigateByUrl('/?import=imp-2');
    await tick(0);
    backend.expectOne('/api/weekly-imports/imp-2').flush(anImport({ id: 'imp-2', fileName: 'битый.xlsx', status: 'failed', error: 'Файл не является книгой XLSX' }));
    await tick(0);
    backend.expectOne('/api/weekly-imports?page=1&pageSize=10').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    backend.expectOne('/api/weekly-imports/imp-2/issues?page=1&pageSize=50').flush({ items: [], total: 0, page: 1, pageSize: 50 });
    await tick(0);
    expect(page.querySelector('#current-title')?.textContent?.trim()).toBe('битый.xlsx: Ошибка');
    expect(page.querySelector('.current [role="alert"]')?.textContent?.trim()).toBe('Файл не обработан: Файл не является книгой XLSX. Ничего не записано.');
    // Its file is gone: nothing to retry with.
    expect(Array.from(page.querySelectorAll('button'), (b) => b.textContent?.trim())).not.toContain('Повторить');
  });

  it('queues a failed import whose file is kept again with «Повторить», watches it anew and shows the rows skipped as outdated', async () => {
    jest.useFakeTimers({ doNotFake: ['queueMicrotask', 'nextTick'] });
    await TestBed.inject(Router).navigateByUrl('/?import=imp-3');
    await tick(0);
    const error = 'Обработка прервалась: обработчик импорта несколько раз останавливался, не закончив файл. Нажмите «Повторить» или загрузите файл ещё раз';
    backend
      .expectOne('/api/weekly-imports/imp-3')
      .flush(anImport({ id: 'imp-3', status: 'failed', error, finishedAt: '2026-12-07T16:45:00Z', retryUntil: '2026-12-14T16:45:00Z' }));
    await tick(0);
    backend.expectOne('/api/weekly-imports?page=1&pageSize=10').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    backend.expectOne('/api/weekly-imports/imp-3/issues?page=1&pageSize=50').flush({ items: [], total: 0, page: 1, pageSize: 50 });
    await tick(0);
    expect(page.querySelector('.current [role="alert"]')?.textContent).toContain('Обработка прервалась');
    expect(page.querySelector('.retry .hint')?.textContent).toMatch(/Файл хранится до .*14.*2026/);

    Array.from(page.querySelectorAll<HTMLButtonElement>('.retry button')).find((b) => b.textContent?.includes('Повторить'))?.click();
    backend.expectOne({ method: 'POST', url: '/api/weekly-imports/imp-3/retry' }).flush(anImport({ id: 'imp-3', status: 'queued' }));
    await tick(0);
    backend.expectOne('/api/weekly-imports?page=1&pageSize=10').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    backend.expectOne('/api/weekly-imports/imp-3').flush(anImport({ id: 'imp-3', status: 'running', totalRows: 10, processedRows: 5 }));
    await tick(0);
    expect(page.querySelector('.current [role="status"]')?.textContent).toContain('Обработано 5 из 10 строк');

    await tick(980);
    backend.expectOne('/api/weekly-imports/imp-3').flush(anImport({ id: 'imp-3', status: 'done', totalRows: 10, processedRows: 10, appliedRows: 7, unchangedRows: 1, rejectedRows: 0, skippedRows: 2 }));
    await tick(0);
    backend.expectOne('/api/weekly-imports?page=1&pageSize=10').flush({ items: [], total: 0, page: 1, pageSize: 10 });
    backend.expectOne('/api/weekly-imports/imp-3/issues?page=1&pageSize=50').flush({
      items: [{ rowNumber: 4, column: null, organizationCode: 'SS-002', reason: 'outdated', message: 'Данные организации за эту неделю изменены позже загрузки этого файла (вручную 07.12.2026 22:41:51): строка не применена' }],
      total: 1,
      page: 1,
      pageSize: 50,
    });
    await tick(0);
    expect(Array.from(page.querySelectorAll('.summary li'), (li) => li.textContent?.trim())).toEqual([
      'Строк: 10',
      'Применено: 7',
      'Без изменений: 1',
      'Отклонено: 0',
      'Пропущено, данные новее файла: 2',
    ]);
    expect(page.querySelector('table.issues')?.textContent).toContain('изменены позже загрузки этого файла');
  });
});
