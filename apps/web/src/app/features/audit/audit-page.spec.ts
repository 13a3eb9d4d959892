import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import { RouterTestingHarness } from '@angular/router/testing';
import type { AuditEntry, Page } from '@karta/contracts';
import { LOCALE_ID } from '@angular/core';
import { provideKartaIcons } from '../../core/ui/icons';
import AuditPage from './audit-page';

function anEntry(overrides: Partial<AuditEntry> = {}): AuditEntry {
  return {
    id: '1',
    at: '2025-09-01T06:30:00.000Z',
    actor: { id: 'u1', fullName: 'Алиева Патимат Магомедовна', email: 'controller@karta.test' },
    action: 'task.accepted',
    entityType: 'task',
    entityId: 't1',
    organization: { id: 'o1', shortName: 'МКОУ «Касумкентская СОШ №1»' },
    before: { status: 'submitted' },
    after: { status: 'accepted' },
    ip: '10.0.0.1',
    requestId: 'r1',
    ...overrides,
  };
}

const aPage = (items: AuditEntry[]): Page<AuditEntry> => ({ items, total: items.length, page: 1, pageSize: 50 });

describe('AuditPage', () => {
  let backend: HttpTestingController;
  let harness: RouterTestingHarness;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      providers: [
        provideHttpClient(),
        provideHttpClientTesting(),
        provideRouter([{ path: 'audit', component: AuditPage }]),
        { provide: LOCALE_ID, useValue: 'ru-RU' },
        provideKartaIcons(),
      ],
    });
    backend = TestBed.inject(HttpTestingController);
    harness = await RouterTestingHarness.create();
  });

  afterEach(() => backend.verify());

  it('reads the filters from the URL, Moscow days to instants', async () => {
    await harness.navigateByUrl('/audit?action=auth.&from=2025-09-01&to=2025-09-01&page=2');
    const request = backend.expectOne((r) => r.url === '/api/audit');
    expect(request.request.params.get('action')).toBe('auth.');
    expect(request.request.params.get('from')).toBe('2025-08-31T21:00:00.000Z');
    expect(request.request.params.get('to')).toBe('2025-09-01T21:00:00.000Z');
    expect(request.request.params.get('page')).toBe('2');
    request.flush(aPage([]));
    await harness.fixture.whenStable();
    expect(harness.routeNativeElement?.textContent).toContain('Записей не найдено.');
  });

  it('shows Moscow time, who, the action in Russian, the object and organization, and the diff on demand', async () => {
    await harness.navigateByUrl('/audit');
    backend.expectOne((r) => r.url === '/api/audit').flush(aPage([anEntry(), anEntry({ id: '2', action: 'custom.thing', actor: null, before: null, after: null })]));
    await harness.fixture.whenStable();
    const page = harness.routeNativeElement as HTMLElement;
    const rows = page.querySelectorAll('tr.entry');

    expect(rows[0].textContent).toContain('01.09.2025, 09:30');
    expect(rows[0].textContent).toContain('Алиева Патимат Магомедовна');
    expect(rows[0].textContent).toContain('Задача принята');
    expect(rows[0].textContent).toContain('Задача');
    expect(rows[0].textContent).toContain('МКОУ «Касумкентская СОШ №1»');
    expect(rows[1].textContent).toContain('custom.thing');
    expect(rows[1].textContent).toContain('Система / аноним');
    expect(page.querySelector('table.diff')).toBeNull();

    (rows[0].querySelector('button') as HTMLButtonElement).click();
    await harness.fixture.whenStable();
    const diff = page.querySelector('table.diff tbody tr.changed');
    expect(diff?.textContent).toContain('status');
    expect(diff?.querySelector('.before')?.textContent).toBe('submitted');
    expect(diff?.querySelector('.after')?.textContent).toBe('accepted');
  });

  it('puts a chosen filter into the URL and starts from the first page', async () => {
    await harness.navigateByUrl('/audit?page=3');
    backend.expectOne((r) => r.url === '/api/audit').flush(aPage([anEntry()]));
    await harness.fixture.whenStable();
    const router = TestBed.inject(Router);

    const input = (harness.routeNativeElement as HTMLElement).querySelectorAll<HTMLInputElement>('input[type="date"]')[0];
    input.value = '2025-09-02';
    input.dispatchEvent(new Event('change'));
    await harness.fixture.whenStable();

    expect(router.url).toBe('/audit?from=2025-09-02');
    backend.expectOne((r) => r.url === '/api/audit' && r.params.get('from') === '2025-09-01T21:00:00.000Z').flush(aPage([]));
  });
});
