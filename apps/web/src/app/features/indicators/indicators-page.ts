import { afterNextRender, ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, Injector, viewChild, type Signal } from '@angular/core';
import { takeUntilDestroyed, toSignal } from '@angular/core/rxjs-interop';
import { MatButton } from '@angular/material/button';
import { MatDialog } from '@angular/material/dialog';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { MatTableModule } from '@angular/material/table';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';
import { INDICATOR_STATUS_LABELS, type IndicatorRollupDto, type OrganizationRef } from '@karta/contracts';
import { can, formatIsoWeek, formatPercentRu, parseIsoWeek, type Permission } from '@karta/domain';
import { map } from 'rxjs';
import { AuthService } from '../../core/auth/auth.service';
import { ZonedDatePipe } from '../../core/time/zoned-date.pipe';
import { roadmapChoice } from '../roadmaps/roadmap-choice';
import { IndicatorHeatmap, HEATMAP_PAGE_SIZES } from './indicator-heatmap';
import { currentWeek, firstOfWeeks, formatChangeRu, formatGapRu, lastFinishedWeek, shareText, weekFromParam, weekOption, weeksBack } from './indicator-format';
import { isOrganizationList, ORGANIZATION_LIST_EMPTY, ORGANIZATION_LIST_LABELS, ORGANIZATION_LISTS, type OrganizationList } from './indicator-labels';
import { IndicatorTargetsDialog } from './indicator-targets-dialog';
import { IndicatorsApi } from './indicators-api';
import { latest } from './latest';
import { isRecomputing, recomputationPercent, recomputationText, watchRecomputation } from './recomputation';
import { describeStages, targetLine } from './target-stages';
import { TrendChart } from './trend-chart';

const LIST_PAGE_SIZE = 10;
/** Weeks in the heatmap and the trend, ending with the chosen week. */
const HEATMAP_WEEKS = 12;
const TREND_WEEKS = 26;
/** How far back the week picker reaches. */
const PICKER_WEEKS = 52;

export interface DashboardQuery {
  roadmapId: string | null;
  week: string;
  /** An inner node of the caller's scope (a district of a region); null = the scope root. */
  scope: string | null;
  indicatorId: string | null;
  /** The organization of the trend chart; null = the scope. */
  org: string | null;
  /** The organizations listed under the cards: below target, did not report, or without a denominator. */
  list: OrganizationList;
  page: number;
  heatPage: number;
  heatSize: number;
}

function positive(value: string | null, fallback: number): number {
  const number = Number(value ?? fallback);
  return Number.isInteger(number) && number > 0 ? number : fallback;
}

/** The dashboard's state lives in the URL: a link shows the same week, indicator and organization. */
export function dashboardQuery(params: ParamMap, now: Date = new Date()): DashboardQuery {
  const heatSize = positive(params.get('heatSize'), HEATMAP_PAGE_SIZES[0]);
  return {
    roadmapId: params.get('roadmapId'),
    week: formatIsoWeek(weekFromParam(params.get('week'), lastFinishedWeek(now))),
    scope: params.get('scope'),
    indicatorId: params.get('indicatorId'),
    org: params.get('org'),
    list: isOrganizationList(params.get('list')) ? (params.get('list') as OrganizationList) : 'not_met',
    page: positive(params.get('page'), 1),
    heatPage: positive(params.get('heatPage'), 1),
    heatSize: HEATMAP_PAGE_SIZES.includes(heatSize) ? heatSize : HEATMAP_PAGE_SIZES[0],
  };
}

/** Coverage of a rollup: «отчитались 11 из 28 · среди отчитавшихся 62,0%». */
export function coverageLine(rollup: IndicatorRollupDto): string {
  const reported = `отчитались ${rollup.organizationsReported} из ${rollup.organizationsTotal}`;
  return rollup.reportedShare === null ? reported : `${reported} · среди отчитавшихся ${formatPercentRu(rollup.reportedShare)}`;
}

/** The count of a rollup that a list under the cards shows: its total equals it for the same week and scope. */
export function listCount(rollup: IndicatorRollupDto, list: OrganizationList): number {
  switch (list) {
    case 'not_met':
      return rollup.organizationsNotMet;
    case 'no_data':
      return rollup.organizationsNoData;
    case 'no_denominator':
      return rollup.organizationsNoDenominator;
  }
}

/** Columns of each list: the shortfall for those below target, where to fix it for the others. */
const LIST_COLUMNS: Readonly<Record<OrganizationList, string[]>> = {
  not_met: ['organization', 'share', 'target', 'gap', 'change'],
  no_data: ['organization', 'target', 'report'],
  no_denominator: ['organization', 'numerator', 'headcounts'],
};

/** «Показатели»: the week's rollups for the caller's scope, organization lists by status, heatmap and trend. */
@Component({
  selector: 'karta-indicators-page',
  imports: [RouterLink, MatFormField, MatLabel, MatSelect, MatOption, MatButton, MatProgressBar, MatTableModule, MatPaginator, ZonedDatePipe, IndicatorHeatmap, TrendChart],
  templateUrl: './indicators-page.html',
  styleUrl: './indicators-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IndicatorsPage {
  private readonly api = inject(IndicatorsApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);
  private readonly dialog = inject(MatDialog);
  private readonly destroyRef = inject(DestroyRef);
  private readonly injector = inject(Injector);
  private readonly user = inject(AuthService).currentUser;
  private readonly listHeading = viewChild<ElementRef<HTMLElement>>('listHeading');

  protected readonly statusLabels = INDICATOR_STATUS_LABELS;
  protected readonly lists = ORGANIZATION_LISTS;
  protected readonly listLabels = ORGANIZATION_LIST_LABELS;
  protected readonly listEmpty = ORGANIZATION_LIST_EMPTY;
  protected readonly listColumns = computed(() => LIST_COLUMNS[this.query().list]);
  protected readonly listPageSize = LIST_PAGE_SIZE;
  protected readonly listCount = listCount;
  protected readonly coverageLine = coverageLine;
  protected readonly shareText = shareText;
  protected readonly percent = formatPercentRu;
  protected readonly change = formatChangeRu;
  protected readonly describeStages = describeStages;
  protected readonly gap = formatGapRu;
  protected readonly canConfigure = this.allows('indicators.configure');
  protected readonly canReadAudit = this.allows('audit.read');
  protected readonly weekOptions = (() => {
    const current = weekOption(currentWeek());
    return [{ ...current, label: `${current.label}, текущая` }, ...weeksBack(lastFinishedWeek(), PICKER_WEEKS).map(weekOption)];
  })();

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map((params) => dashboardQuery(params))), { requireSync: true });
  private readonly roadmapChoice = roadmapChoice(() => this.query().roadmapId);
  protected readonly roadmaps = this.roadmapChoice.roadmaps;
  protected readonly roadmapsError = this.roadmapChoice.failed;
  protected readonly roadmapId = this.roadmapChoice.roadmapId;

  protected readonly summary = latest(
    computed(() => {
      const roadmapId = this.roadmapId();
      return roadmapId ? { roadmapId, week: this.query().week, organizationId: this.query().scope } : null;
    }),
    (q) => this.api.summary(q),
  );
  protected readonly indicators = computed(() => this.summary.value()?.indicators ?? []);
  protected readonly selected = computed(() => {
    const all = this.indicators();
    return all.find((i) => i.indicator.id === this.query().indicatorId) ?? all.at(0) ?? null;
  });
  protected readonly selectedId = computed(() => this.selected()?.indicator.id ?? null);
  /** The full definition of the chosen indicator (its staged targets). */
  protected readonly definitions = latest(
    computed(() => {
      const roadmapId = this.roadmapId();
      return roadmapId ? { roadmapId } : null;
    }),
    (q) => this.api.list(q.roadmapId),
  );
  protected readonly definition = computed(() => this.definitions.value()?.find((d) => d.id === this.selectedId()) ?? null);
  protected readonly scopeOrganization = computed(() => this.summary.value()?.organization ?? null);
  /** Each card's target line, by indicator id: the targets by kind need the definitions. */
  protected readonly targetLines = computed(() => {
    const week = this.summary.value();
    const definitions = this.definitions.value() ?? [];
    if (!week) return {};
    return Object.fromEntries(
      week.indicators.map(({ indicator, rollup }) => [
        indicator.id,
        targetLine(rollup?.target ?? null, definitions.find((d) => d.id === indicator.id) ?? null, week.weekStart, week.organization),
      ]),
    ) as Record<string, string>;
  });

  protected readonly organizationList = latest(
    computed(() => {
      const indicator = this.selected();
      const q = this.query();
      return indicator ? { id: indicator.indicator.id, week: q.week, organizationId: q.scope, status: q.list, page: q.page, pageSize: LIST_PAGE_SIZE } : null;
    }),
    ({ id, ...q }) => this.api.organizations(id, q),
  );

  protected readonly matrix = latest(
    computed(() => {
      const indicator = this.selected();
      const q = this.query();
      if (!indicator) return null;
      return { id: indicator.indicator.id, organizationId: q.scope, from: formatIsoWeek(firstOfWeeks(parseIsoWeek(q.week), HEATMAP_WEEKS)), to: q.week, page: q.heatPage, pageSize: q.heatSize };
    }),
    ({ id, ...q }) => this.api.matrix(id, q),
  );

  protected readonly series = latest(
    computed(() => {
      const indicator = this.selected();
      const q = this.query();
      if (!indicator) return null;
      return { id: indicator.indicator.id, organizationId: q.org ?? q.scope, from: formatIsoWeek(firstOfWeeks(parseIsoWeek(q.week), TREND_WEEKS)), to: q.week };
    }),
    ({ id, ...q }) => this.api.series(id, q),
  );

  /** A recomputation of stored weeks (after a target edit, a re-import, a migration): followed until it ends, then the week is read again. */
  protected readonly recomputation = watchRecomputation(this.roadmapId, (roadmapId) => this.api.recomputation(roadmapId), () => {
    this.summary.reload();
    this.organizationList.reload();
    this.matrix.reload();
    this.series.reload();
  });
  protected readonly recomputationText = computed(() => recomputationText(this.recomputation.value()));
  protected readonly recomputationPercent = computed(() => recomputationPercent(this.recomputation.value()));
  protected readonly recomputing = computed(() => isRecomputing(this.recomputation.value()));

  /** Whether the signed-in role holds the permission (the server checks it again). */
  private allows(permission: Permission): Signal<boolean> {
    return computed(() => {
      const role = this.user()?.role;
      return role !== undefined && can(role, permission);
    });
  }

  protected setQuery(patch: Partial<Record<keyof DashboardQuery, string | number | null>>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: patch, queryParamsHandling: 'merge' });
  }

  protected selectRoadmap(roadmapId: string): void {
    this.setQuery({ roadmapId, indicatorId: null, org: null, scope: null, page: null, heatPage: null });
  }

  protected selectWeek(week: string): void {
    this.setQuery({ week, page: null });
  }

  protected selectIndicator(indicatorId: string): void {
    this.setQuery({ indicatorId, page: null, heatPage: null });
  }

  protected selectList(list: OrganizationList): void {
    this.setQuery({ list: list === 'not_met' ? null : list, page: null });
  }

  /** A count on a card: its indicator and list, scrolled into view. */
  protected openList(indicatorId: string, list: OrganizationList): void {
    const patch = { indicatorId, list: list === 'not_met' ? null : list, page: null, ...(indicatorId === this.selectedId() ? {} : { heatPage: null }) };
    void this.router
      .navigate([], { relativeTo: this.route, queryParams: patch, queryParamsHandling: 'merge' })
      .then(() => afterNextRender(() => this.listHeading()?.nativeElement.scrollIntoView?.({ behavior: 'smooth', block: 'start' }), { injector: this.injector }));
  }

  protected selectScope(organization: OrganizationRef | null): void {
    this.setQuery({ scope: organization?.id ?? null, org: null, page: null, heatPage: null });
  }

  protected showTrend(organization: OrganizationRef | null): void {
    this.setQuery({ org: organization?.id ?? null });
  }

  protected onListPage(event: PageEvent): void {
    this.setQuery({ page: event.pageIndex + 1 });
  }

  protected onHeatmapPage(event: PageEvent): void {
    this.setQuery({ heatPage: event.pageIndex + 1, heatSize: event.pageSize });
  }

  protected editTargets(): void {
    const indicator = this.definition();
    if (!indicator) return;
    this.dialog
      .open<IndicatorTargetsDialog, typeof indicator>(IndicatorTargetsDialog, { data: indicator, width: '560px' })
      .afterClosed()
      .pipe(takeUntilDestroyed(this.destroyRef))
      .subscribe((updated) => {
        if (!updated) return;
        this.definitions.reload();
        this.summary.reload();
        this.recomputation.restart();
      });
  }
}
