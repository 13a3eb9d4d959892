import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import { provideKartaIcons } from '../../core/ui/icons';
import { OrganizationImportPage } from './organization-import-page';

describe('OrganizationImportPage', () => {
  let fixture: ComponentFixture<OrganizationImportPage>;
  let page: HTMLElement;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [OrganizationImportPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideKartaIcons()],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(OrganizationImportPage);
    page = fixture.nativeElement;
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  function choose(name: string): void {
    const input = page.querySelector<HTMLInputElement>('input[type="file"]');
    if (!input) throw new Error('no file input');
    const file = new File(['Код;Тип'], name, { type: 'text/csv' });
    Object.defineProperty(input, 'files', { value: [file], configurable: true });
    input.dispatchEvent(new Event('change'));
  }

  it('checks the file first, shows the row report and offers no upload when there are errors', async () => {
    choose('orgs.csv');
    const request = backend.expectOne('/api/organizations/import?dryRun=true');
    expect(request.request.body).toBeInstanceOf(FormData);
    request.flush(
      {
        statusCode: 400,
        message: 'Файл не загружен',
        report: { dryRun: true, rows: 2, created: 0, updated: 0, unchanged: 0, errors: [{ row: 3, column: 'Тип', message: 'Неизвестный тип «завод»' }] },
      },
      { status: 400, statusText: 'Bad Request' },
    );
    await fixture.whenStable();
    const cells = Array.from(page.querySelectorAll('table.errors td'), (cell) => cell.textContent?.trim());
    expect(cells).toEqual(['3', 'Тип', 'Неизвестный тип «завод»']);
    expect(Array.from(page.querySelectorAll('button'), (b) => b.textContent?.trim())).not.toContain('Загрузить');
  });

  it('uploads for real after a clean check', async () => {
    choose('orgs.xlsx');
    backend
      .expectOne('/api/organizations/import?dryRun=true')
      .flush({ dryRun: true, rows: 3, created: 2, updated: 1, unchanged: 0, errors: [] });
    await fixture.whenStable();
    expect(page.textContent).toContain('Проверка пройдена');
    const upload = Array.from(page.querySelectorAll<HTMLButtonElement>('button')).find((b) => b.textContent?.trim() === 'Загрузить');
    upload?.click();
    backend.expectOne('/api/organizations/import').flush({ dryRun: false, rows: 3, created: 2, updated: 1, unchanged: 0, errors: [] });
    await fixture.whenStable();
    expect(page.querySelector('h2')?.textContent?.trim()).toBe('Загружено');
    expect(page.textContent).toContain('Добавлено: 2');
  });
});
