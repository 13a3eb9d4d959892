import { provideHttpClient } from '@angular/common/http';
import { HttpTestingController, provideHttpClientTesting } from '@angular/common/http/testing';
import { ComponentFixture, TestBed } from '@angular/core/testing';
import { provideRouter, Router } from '@angular/router';
import type { OrganizationSummary, OrganizationTreeNode } from '@karta/contracts';
import { AuthService } from '../../core/auth/auth.service';
import { provideKartaIcons } from '../../core/ui/icons';
import { aLoginResponse } from '../../../testing/fixtures';
import { OrganizationsPage } from './organizations-page';

const node = (id: string, parentId: string | null, shortName: string, childCount = 0): OrganizationTreeNode => ({
  id,
  parentId,
  code: id,
  shortName,
  kind: parentId ? 'school' : 'department',
  isActive: true,
  childCount,
});

const summary = (overrides: Partial<OrganizationSummary>): OrganizationSummary => ({
  id: 'SS-001',
  parentId: 'RD-SS-UO',
  code: 'SS-001',
  name: 'МКОУ «Касумкентская СОШ № 1»',
  shortName: 'Касумкентская СОШ № 1',
  kind: 'school',
  headName: 'Гасанов Г. Г.',
  phone: null,
  email: null,
  address: null,
  maxChannelUrl: 'https://max.ru/kasumkent1',
  isActive: true,
  headcounts: { staff_stat: 42, students_stat: 380, actual_headcount_ministry: null },
  ...overrides,
});

describe('OrganizationsPage', () => {
  let fixture: ComponentFixture<OrganizationsPage>;
  let page: HTMLElement;
  let backend: HttpTestingController;

  beforeEach(async () => {
    TestBed.configureTestingModule({
      imports: [OrganizationsPage],
      providers: [provideHttpClient(), provideHttpClientTesting(), provideRouter([]), provideKartaIcons()],
    });
    backend = TestBed.inject(HttpTestingController);
    TestBed.inject(AuthService).login({ email: 'a@b.ru', password: 'x' }).subscribe();
    backend.expectOne('/api/auth/login').flush(aLoginResponse());
    fixture = TestBed.createComponent(OrganizationsPage);
    page = fixture.nativeElement;
    fixture.detectChanges();
    backend.expectOne('/api/organizations/tree').flush([
      node('RD-SS-UO', 'RD', 'Отдел образования', 2),
      node('SS-001', 'RD-SS-UO', 'Касумкентская СОШ № 1'),
      node('SS-002', 'RD-SS-UO', 'Детский сад «Солнышко»'),
    ]);
    backend
      .expectOne((request) => request.url === '/api/organizations')
      .flush({ items: [summary({}), summary({ id: 'SS-002', code: 'SS-002', shortName: 'Детский сад «Солнышко»', kind: 'kindergarten', maxChannelUrl: null })], total: 2, page: 1, pageSize: 50 });
    await fixture.whenStable();
    fixture.detectChanges();
  });

  afterEach(() => backend.verify());

  it('shows the department with its schools in the tree, expanded', () => {
    const items = Array.from(page.querySelectorAll('[role="treeitem"] .tree-item'), (item) => item.textContent?.trim());
    expect(items).toEqual(['Отдел образования 2', 'Касумкентская СОШ № 1', 'Детский сад «Солнышко»']);
  });

  it('lists organizations with kind, head, current headcounts and the MAX channel', () => {
    const rows = Array.from(page.querySelectorAll('tr.mat-mdc-row'), (row) =>
      Array.from(row.querySelectorAll('td'), (cell) => cell.textContent?.trim()),
    );
    expect(rows[0]).toEqual(['SS-001', 'Касумкентская СОШ № 1', 'Школа', 'Гасанов Г. Г.', '42', '380', '—', 'канал']);
    expect(rows[1][2]).toBe('Детский сад');
    expect(page.querySelector('td.mat-column-kind')?.getAttribute('title')).toBe('Общеобразовательная организация');
    expect(rows[1][7]).toBe('нет');
    expect(page.querySelector<HTMLAnchorElement>('a.max-link')?.href).toBe('https://max.ru/kasumkent1');
  });

  it('filters by the selected tree node through the URL', async () => {
    const router = TestBed.inject(Router);
    const tree = Array.from(page.querySelectorAll<HTMLButtonElement>('[role="treeitem"] .tree-item'));
    tree[0].click();
    await fixture.whenStable();
    expect(router.url).toContain('parentId=RD-SS-UO');
    const request = backend.expectOne((r) => r.url === '/api/organizations');
    expect(request.request.params.get('parentId')).toBe('RD-SS-UO');
    request.flush({ items: [], total: 0, page: 1, pageSize: 50 });
  });
});
