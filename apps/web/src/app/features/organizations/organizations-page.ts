import { NgTemplateOutlet } from '@angular/common';
import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatCheckbox } from '@angular/material/checkbox';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatPaginator, type PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, Router, RouterLink } from '@angular/router';
import {
  HEADCOUNT_KIND_LABELS,
  ORGANIZATION_KIND_LABELS,
  ORGANIZATION_KIND_VALUES,
  type OrganizationKindValue,
  type OrganizationTreeNode,
} from '@karta/contracts';
import { can } from '@karta/domain';
import { debounceTime, distinctUntilChanged, map, Subject } from 'rxjs';
import { pagedList } from '../../core/list/paged-list';
import { AuthService } from '../../core/auth/auth.service';
import { buildTree, errorMessage, type TreeEntry } from './organization-format';
import { OrganizationsApi } from './organizations-api.service';

interface Filters {
  parentId: string | null;
  kind: OrganizationKindValue | null;
  q: string;
  includeInactive: boolean;
  page: number;
  pageSize: number;
}

function readFilters(params: Record<string, string | undefined>): Filters {
  const kind = params['kind'];
  return {
    parentId: params['parentId'] || null,
    kind: kind && (ORGANIZATION_KIND_VALUES as readonly string[]).includes(kind) ? (kind as OrganizationKindValue) : null,
    q: params['q'] ?? '',
    includeInactive: params['includeInactive'] === 'true',
    page: Math.max(1, Number(params['page']) || 1),
    pageSize: [25, 50, 100].includes(Number(params['pageSize'])) ? Number(params['pageSize']) : 50,
  };
}

@Component({
  selector: 'karta-organizations-page',
  imports: [
    NgTemplateOutlet,
    FormsModule,
    RouterLink,
    MatButton,
    MatIconButton,
    MatIcon,
    MatCheckbox,
    MatFormField,
    MatLabel,
    MatInput,
    MatSelect,
    MatOption,
    MatTableModule,
    MatPaginator,
    MatProgressBar,
  ],
  templateUrl: './organizations-page.html',
  styleUrl: './organizations-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class OrganizationsPage {
  private readonly api = inject(OrganizationsApi);
  private readonly route = inject(ActivatedRoute);
  private readonly router = inject(Router);
  private readonly destroyRef = inject(DestroyRef);
  private readonly search = new Subject<string>();

  protected readonly kindLabels: Readonly<Record<string, string>> = ORGANIZATION_KIND_LABELS;
  protected readonly kinds = ORGANIZATION_KIND_VALUES;
  protected readonly headcountLabels: Readonly<Record<string, string>> = HEADCOUNT_KIND_LABELS;
  /** Compact kind names for the table; the full name is in the cell's tooltip. */
  protected readonly shortKindLabels: Readonly<Record<string, string>> = {
    region: 'Регион',
    department: 'Орган управления',
    school: 'Школа',
    kindergarten: 'Детский сад',
    additional_education: 'Доп. образование',
    other: 'Иная',
  };
  protected readonly columns = ['code', 'name', 'kind', 'head', 'staff', 'students', 'actual', 'max'];
  private readonly auth = inject(AuthService);
  protected readonly canWrite = computed(() => {
    const role = this.auth.currentUser()?.role;
    return role !== undefined && can(role, 'organizations.write');
  });

  protected readonly filters = toSignal(this.route.queryParams.pipe(map(readFilters)), { requireSync: true });
  protected readonly treeNodes = signal<OrganizationTreeNode[]>([]);
  protected readonly tree = computed(() => buildTree(this.treeNodes()));
  protected readonly expanded = signal<ReadonlySet<string>>(new Set());
  protected readonly selectedNode = computed(() => this.treeNodes().find((node) => node.id === this.filters().parentId) ?? null);
  private readonly list = pagedList(
    this.route.queryParams.pipe(map(readFilters)),
    (filters) =>
      this.api.list({
        parentId: filters.parentId ?? undefined,
        kind: filters.kind ?? undefined,
        q: filters.q || undefined,
        includeInactive: filters.includeInactive || undefined,
        page: filters.page,
        pageSize: filters.pageSize,
      }),
    errorMessage,
  );
  protected readonly page = this.list.page;
  protected readonly loading = this.list.loading;
  protected readonly error = this.list.error;

  constructor() {
    this.api
      .tree()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({
        next: (nodes) => {
          this.treeNodes.set(nodes);
          // Roots and their children are open at first: the department and its schools are in view.
          this.expanded.set(new Set(buildTree(nodes).map((entry) => entry.node.id)));
        },
        error: (error: unknown) => this.error.set(errorMessage(error)),
      });
    this.search
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe((q) => this.navigate({ q: q || null, page: null }));
  }

  protected toggle(entry: TreeEntry): void {
    const next = new Set(this.expanded());
    if (next.has(entry.node.id)) next.delete(entry.node.id);
    else next.add(entry.node.id);
    this.expanded.set(next);
  }

  protected select(id: string | null): void {
    this.navigate({ parentId: id, page: null });
  }

  protected onSearch(value: string): void {
    this.search.next(value.trim());
  }

  protected onKind(kind: OrganizationKindValue | null): void {
    this.navigate({ kind, page: null });
  }

  protected onIncludeInactive(checked: boolean): void {
    this.navigate({ includeInactive: checked ? 'true' : null, page: null });
  }

  protected onPage(event: PageEvent): void {
    this.navigate({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }

  private navigate(params: Record<string, string | number | null>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: params, queryParamsHandling: 'merge' });
  }
}
