import { ChangeDetectionStrategy, Component, computed, inject } from '@angular/core';
import { toSignal } from '@angular/core/rxjs-interop';
import { MatFormField, MatLabel } from '@angular/material/form-field';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { MatProgressBar } from '@angular/material/progress-bar';
import { MatOption, MatSelect } from '@angular/material/select';
import { ActivatedRoute, ParamMap, Router, RouterLink } from '@angular/router';

import { formatIsoWeek, parseIsoWeek } from '@karta/domain';
import { map } from 'rxjs';
import { roadmapChoice } from '../roadmaps/roadmap-choice';
import { currentWeek, firstOfWeeks, weekFromParam, weekLabel } from '../indicators/indicator-format';
import { latest } from '../indicators/latest';
import { REPORTING_STATE_LABELS, reportingCellDescription, reportingState, type ReportingState } from './reporting-matrix';
import { WeeklyApi } from './weekly-api';
import { SOURCE_LABELS, SOURCE_MARKS, type ReportSource } from './weekly-labels';

const PAGE_SIZES = [25, 50, 100];
const WEEK_SPANS = [4, 8, 13, 26];

export interface ReportingQuery {
  roadmapId: string | null;
  to: string;
  weeks: number;
  page: number;
  pageSize: number;
}

export function reportingQuery(params: ParamMap, now: Date = new Date()): ReportingQuery {
  const weeks = Number(params.get('weeks'));
  const page = Number(params.get('page') ?? 1);
  const pageSize = Number(params.get('pageSize'));
  return {
    roadmapId: params.get('roadmapId'),
    to: formatIsoWeek(weekFromParam(params.get('to'), currentWeek(now))),
    weeks: WEEK_SPANS.includes(weeks) ? weeks : 8,
    page: Number.isInteger(page) && page > 0 ? page : 1,
    pageSize: PAGE_SIZES.includes(pageSize) ? pageSize : PAGE_SIZES[0],
  };
}

/** «Сдача данных»: which organizations reported which weeks; a cell opens that organization's week. */
@Component({
  selector: 'karta-reporting-matrix-page',
  imports: [RouterLink, MatFormField, MatLabel, MatSelect, MatOption, MatPaginator, MatProgressBar],
  templateUrl: './reporting-matrix-page.html',
  styleUrl: './reporting-matrix-page.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class ReportingMatrixPage {
  private readonly api = inject(WeeklyApi);
  private readonly router = inject(Router);
  private readonly route = inject(ActivatedRoute);

  protected readonly pageSizes = PAGE_SIZES;
  protected readonly weekSpans = WEEK_SPANS;
  protected readonly sources = (Object.keys(SOURCE_MARKS) as ReportSource[]).map((source) => ({ mark: SOURCE_MARKS[source], label: SOURCE_LABELS[source] }));
  protected readonly legend = (Object.entries(REPORTING_STATE_LABELS) as [ReportingState, string][]).map(([state, label]) => ({ state, label }));

  protected readonly query = toSignal(this.route.queryParamMap.pipe(map((params) => reportingQuery(params))), { requireSync: true });
  private readonly roadmapChoice = roadmapChoice(() => this.query().roadmapId);
  protected readonly roadmaps = this.roadmapChoice.roadmaps;
  protected readonly roadmapId = this.roadmapChoice.roadmapId;

  protected readonly matrix = latest(
    computed(() => {
      const roadmapId = this.roadmapId();
      const q = this.query();
      return roadmapId ? { roadmapId, from: formatIsoWeek(firstOfWeeks(parseIsoWeek(q.to), q.weeks)), to: q.to, page: q.page, pageSize: q.pageSize } : null;
    }),
    (q) => this.api.status(q),
  );

  protected readonly weeks = computed(() =>
    (this.matrix.value()?.weeks ?? []).map((week) => ({
      key: week.weekKey,
      number: parseIsoWeek(week.weekKey).week,
      day: `${week.weekStart.slice(8, 10)}.${week.weekStart.slice(5, 7)}`,
      label: weekLabel(week.weekKey),
    })),
  );
  protected readonly rows = computed(() => {
    const matrix = this.matrix.value();
    if (!matrix) return [];
    return matrix.rows.map((row) => ({
      organization: row.organization,
      cells: row.cells.map((cell, index) => {
        const week = matrix.weeks[index].weekKey;
        return {
          week,
          state: reportingState(cell),
          mark: cell ? SOURCE_MARKS[cell.source] : '',
          description: reportingCellDescription(row.organization.shortName, week, cell),
        };
      }),
    }));
  });

  protected setQuery(patch: Partial<Record<keyof ReportingQuery, string | number | null>>): void {
    void this.router.navigate([], { relativeTo: this.route, queryParams: patch, queryParamsHandling: 'merge' });
  }

  protected onPage(event: PageEvent): void {
    this.setQuery({ page: event.pageIndex + 1, pageSize: event.pageSize });
  }
}
