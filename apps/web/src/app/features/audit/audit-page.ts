import { ChangeDetectionStrategy, Component, computed, inject, signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { FormsModule } from '@angular/forms';
import { MatButton, MatIconButton } from '@angular/material/button';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatIcon } from '@angular/material/icon';
import { MatInput } from '@angular/material/input';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { AuditEntry, AuditQuery, Page } from '@karta/contracts';
import { parseLocalDate, parseLocalTime, zonedInstant } from '@karta/domain';
import { catchError, map, of, switchMap, tap } from 'rxjs';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { AuditApi } from './audit-api';
import { AuditDiff } from './audit-diff';
import { AUDIT_ACTION_GROUPS, auditActionLabel, ENTITY_TYPE_LABELS, entityTypeLabel } from './audit-labels';

const PAGE_SIZE = 50;

interface Filters {
  action: string;
  entityType: string;
  entityId: string;
  actorId: string;
  organizationId: string;
  from: string;
  to: string;
  page: number;
}

function filtersOf(params: ParamMap): Filters {
  const page = Number(params.get('page'));
  return {
    action: params.get('action') ?? '',
    entityType: params.get('entityType') ?? '',
    entityId: params.get('entityId') ?? '',
    actorId: params.get('actorId') ?? '',
    organizationId: params.get('organizationId') ?? '',
    from: params.get('from') ?? '',
    to: params.get('to') ?? '',
    page: Number.isInteger(page) && page > 0 ? page : 1,
  };
}

/** A calendar day in Moscow as the instant it starts; `next` for the exclusive end of a "to" day. */
function dayStart(value: string, next = false): string | undefined {
  try {
    const instant = zonedInstant(parseLocalDate(value), parseLocalTime('00:00'));
    return new Date(instant.getTime() + (next ? 86_400_000 : 0)).toISOString();
  } catch {
    return undefined;
  }
}

function toQuery(filters: Filters): AuditQuery {
  return {
    page: filters.page,
    pageSize: PAGE_SIZE,
    action: filters.action || undefined,
    entityType: filters.entityType || undefined,
    entityId: filters.entityId || undefined,
    actorId: filters.actorId || undefined,
    organizationId: filters.organizationId || undefined,
    from: filters.from ? dayStart(filters.from) : undefined,
    // The whole "to" day counts (Moscow time); the API's bound is exclusive.
    to: filters.to ? dayStart(filters.to, true) : undefined,
  };
}

@Component({
  selector: 'karta-audit-page',
  imports: [
    AuditDiff,
    FormsModule,
    MatFormField,
    MatLabel,
    MatInput,
    MatSelect,
    MatOption,
    MatButton,
    MatIconButton,
    MatIcon,
    MatPaginator,
    MatProgressBar,
    RouterLink,
    ZonedDatePipe,
  ],
  templateUrl: './audit-page.html',
  styleUrl: './audit-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export default class AuditPage {
  private readonly api = inject(AuditApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly actionGroups = AUDIT_ACTION_GROUPS;
  protected readonly entityTypes = Object.entries(ENTITY_TYPE_LABELS).map(([value, label]) => ({ value, label }));
  protected readonly actionLabel = auditActionLabel;
  protected readonly entityLabel = entityTypeLabel;
  protected readonly pageSize = PAGE_SIZE;

  protected readonly filters = toSignal(this.route.queryParamMap.pipe(map(filtersOf)), { requireSync: true });
  protected readonly loading = signal(true);
  protected readonly error = signal<string | null>(null);
  protected readonly expanded = signal<string | null>(null);
  protected readonly hasFilters = computed(() => {
    const { action, entityType, entityId, actorId, organizationId, from, to } = this.filters();
    return [action, entityType, entityId, actorId, organizationId, from, to].some(Boolean);
  });

  protected readonly result = toSignal(
    this.route.queryParamMap.pipe(
      map((params) => toQuery(filtersOf(params))),
      tap(() => {
        this.loading.set(true);
        this.error.set(null);
      }),
      switchMap((query) =>
        this.api.list(query).pipe(
          catchError(() => {
            this.error.set('Не удалось загрузить журнал. Повторите попытку позже.');
            return of<Page<AuditEntry> | null>(null);
          }),
        ),
      ),
      tap(() => this.loading.set(false)),
      takeUntilDestroyed(),
    ),
    { initialValue: null },
  );

  protected setFilter(name: keyof Filters, value: string | null | undefined): void {
    void this.router.navigate([], {
      relativeTo: this.route,
      queryParams: { [name]: value || null, page: null },
      queryParamsHandling: 'merge',
    });
  }

  protected resetFilters(): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: {} });
  }

  protected changePage(event: PageEvent): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: { page: event.pageIndex + 1 }, queryParamsHandling: 'merge' });
  }

  protected toggle(entry: AuditEntry): void {
    this.expanded.update((current) => (current === entry.id ? null : entry.id));
  }

  protected objectLink(entry: AuditEntry): string | null {
    if (!entry.entityId) return null;
    switch (entry.entityType) {
      case 'task':
        return `/tasks/${entry.entityId}`;
      case 'organization':
        return `/organizations/${entry.entityId}`;
      case 'roadmap':
        return `/roadmaps/${entry.entityId}`;
      default:
        return null;
    }
  }
}
