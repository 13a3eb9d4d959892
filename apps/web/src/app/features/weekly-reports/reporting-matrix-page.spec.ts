import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter } from '@angular/router';
import type { ReportingMatrixDto } from '@karta/contracts';
import { formatIsoWeek } from '@karta/domain';
import { queryRequired } from '../../../testing/fixtures';
import { currentWeek, firstOfWeeks } from '../indicators/indicator-format';
import { ReportingMatrixPage } from './reporting-matrix-page';

describe('ReportingMatrixPage', () => {
  let fixture: ComponentFixture<ReportingMatrixPage>;
  let page: HTMLElement;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [ReportingMatrixPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([])],
    });
    backend = TestBed.inject(HttpTestingController);
    fixture = TestBed.createComponent(ReportingMatrixPage);
    page = fixture.nativeElement;
    await fixture.whenStable();
    backend.expectOne('/api/roadmaps?pageSize=100').flush({ items: [{ id: 'rm-1', title: 'Приказ №76' }], total: 1, page: 1, pageSize: 100 });
    await fixture.whenStable();
  });

  afterEach(() => backend.verify());

  it('shows who reported which of the last 8 weeks and opens an organization’s week from its cell', async () => {
    const request = backend.expectOne((r) => r.url === '/api/weekly-reports/status');
    const to = currentWeek();
    expect(request.request.params.toString()).toBe(`roadmapId=rm-1&from=${formatIsoWeek(firstOfWeeks(to, 8))}&to=${formatIsoWeek(to)}&page=1&pageSize=25`);
    const matrix: ReportingMatrixDto = {
      weeks: [
        { weekStart: '2025-09-01', weekKey: '2025-W36' },
        { weekStart: '2025-09-08', weekKey: '2025-W37' },
        { weekStart: '2025-09-15', weekKey: '2025-W38' },
      ],
      rows: [
        {
          organization: { id: 'ss1', code: 'SS-001', shortName: 'СОШ №1', kind: 'school' },
          cells: [{ source: 'entry', complete: true, updatedAt: '2025-09-08T07:00:00Z' }, { source: 'import', complete: false, updatedAt: '2025-09-15T07:00:00Z' }, null],
        },
      ],
      total: 1,
      page: 1,
      pageSize: 25,
    };
    request.flush(matrix);
    await fixture.whenStable();

    const cells = Array.from(page.querySelectorAll('a.cell'));
    expect(cells.map((c) => [c.className.replace('cell ', ''), c.textContent?.trim()])).toEqual([
      ['state-complete', 'В'],
      ['state-partial', 'И'],
      ['state-missing', ''],
    ]);
    expect(cells[1].getAttribute('aria-label')).toBe('СОШ №1, неделя 37 (08.09–14.09): сданы частично, импорт файла');
    expect(cells[2].getAttribute('href')).toBe('/weekly/entry?organizationId=ss1&week=2025-W38');
    expect(queryRequired(page, 'th.week-col').getAttribute('aria-label')).toBe('неделя 36 (01.09–07.09)');
  });
});
