import { ChangeDetectionStrategy, Component, computed, DestroyRef, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormControl, ReactiveFormsModule } from '@angular/forms';
import { MatButton } from '@angular/material/button';
import { MatChipListbox, MatChipListboxChange, MatChipOption } from '@angular/material/chips';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatInput } from '@angular/material/input';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatSlideToggle } from '@angular/material/slide-toggle';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import type { TaskFilterOptions, TaskListQuery, TaskSortKey, TaskStatusCode } from '@karta/contracts';
import { debounceTime, distinctUntilChanged, map } from 'rxjs';
import { pagedList } from '../../core/list/paged-list';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { errorMessage, indicatorStatusLabel, STATUS_LABELS, STATUS_ORDER } from './task-labels';
import { TasksApi } from './tasks-api';

const PAGE_SIZES = [25, 50, 100, 200];

/** Reads the list query from the URL; the URL is the single source of truth for filters. */
export function queryFromParams(params: ParamMap): TaskListQuery {
  const status = params.getAll('status').flatMap((s) => s.split(',')).filter((s): s is TaskStatusCode => s in STATUS_LABELS);
  const overdue = params.get('overdue');
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize') ?? 50);
  return {
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : 50,
    status: status.length ? status : undefined,
    overdue: overdue === 'true' ? true : undefined,
    roadmapId: params.get('roadmapId') ?? undefined,
    actionId: params.get('actionId') ?? undefined,
    q: params.get('q') ?? undefined,
    periodFrom: params.get('periodFrom') ?? undefined,
    periodTo: params.get('periodTo') ?? undefined,
    assignee: params.get('assignee') === 'me' ? 'me' : undefined,
    sort: (params.get('sort') as TaskSortKey | null) ?? undefined,
  };
}

@Component({
  selector: 'karta-task-list-page',
  imports: [
    ReactiveFormsModule,
    RouterLink,
    MatTableModule,
    MatPaginator,
    MatChipListbox,
    MatChipOption,
    MatSlideToggle,
    MatFormField,
    MatLabel,
    MatInput,
    MatSelect,
    MatOption,
    MatButton,
    MatProgressBar,
    ZonedDatePipe,
  ],
  templateUrl: './task-list-page.html',
  styleUrl: './task-list-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TaskListPage {
  private readonly api = inject(TasksApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly destroyRef = inject(DestroyRef);

  protected readonly mine = this.route.snapshot.data['mine'] === true;
  protected readonly title = this.mine ? 'Мои задачи' : 'Задачи';
  protected readonly statuses = STATUS_ORDER;
  protected readonly statusLabels = STATUS_LABELS;
  protected readonly indicatorLabel = indicatorStatusLabel;
  protected readonly pageSizes = PAGE_SIZES;
  protected readonly columns = ['organization', 'action', 'period', 'due', 'status', 'executor'];
  protected readonly sorts: { value: TaskSortKey; label: string }[] = [
    { value: 'dueAt', label: 'Срок: сначала ближайшие' },
    { value: '-dueAt', label: 'Срок: сначала поздние' },
    { value: 'organization', label: 'Организация' },
    { value: 'status', label: 'Статус' },
    { value: 'updatedAt', label: 'Недавно изменённые' },
  ];

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map(queryFromParams)), { requireSync: true });
  private readonly list = pagedList(this.route.queryParamMap.pipe(map(queryFromParams)), (query) => this.api.list(query, this.mine), errorMessage);
  protected readonly loading = this.list.loading;
  protected readonly error = this.list.error;
  protected readonly page = this.list.page;
  protected readonly options = signal<TaskFilterOptions | null>(null);
  protected readonly actions = computed(() => {
    const roadmapId = this.query().roadmapId;
    const roadmaps = this.options()?.roadmaps ?? [];
    return (roadmapId ? roadmaps.filter((r) => r.id === roadmapId) : roadmaps).flatMap((r) => r.actions);
  });

  protected readonly search = new FormControl(this.query().q ?? '', { nonNullable: true });

  constructor() {
    this.api
      .filterOptions()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe({ next: (options) => this.options.set(options), error: () => this.options.set({ roadmaps: [] }) });
    this.search.valueChanges
      .pipe(debounceTime(300), distinctUntilChanged(), takeUntilDestroyed(this.destroyRef))
      .subscribe((q) => this.setFilter({ q: q.trim() || null }));
  }

  protected statusLabel(status: TaskStatusCode): string {
    return STATUS_LABELS[status];
  }

  protected setFilter(patch: Record<string, string | string[] | null>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { ...patch, page: null }, queryParamsHandling: 'merge' });
  }

  protected onStatuses(change: MatChipListboxChange): void {
    const values = (change.value as TaskStatusCode[] | null) ?? [];
    this.setFilter({ status: values.length ? values : null });
  }

  protected onPage(event: PageEvent): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { page: event.pageIndex + 1, pageSize: event.pageSize },
      queryParamsHandling: 'merge',
    });
  }

  protected resetFilters(): void {
    this.search.setValue('', { emitEvent: false });
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }
}
