import { ChangeDetectionStrategy, Component, computed, input, output } from '@angular/core';
import { MatPaginator, PageEvent } from '@angular/material/paginator';
import { INDICATOR_STATUS_LABELS, type IndicatorMatrixDto, type OrganizationRef } from '@karta/contracts';
import { parseIsoWeek } from '@karta/domain';
import { cellDescription, STATUS_ORDER, weekLabel } from './indicator-format';

export const HEATMAP_PAGE_SIZES = [25, 50, 100];

/**
 * Organizations × weeks for one indicator, as a table: each cell is coloured by status and says its
 * status and share in its title and aria-label, so it reads without colour.
 */
@Component({
  selector: 'karta-indicator-heatmap',
  imports: [MatPaginator],
  templateUrl: './indicator-heatmap.html',
  styleUrl: './indicator-heatmap.scss',
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class IndicatorHeatmap {
  readonly matrix = input.required<IndicatorMatrixDto>();
  /** The organization whose trend is shown (highlighted). */
  readonly selectedId = input<string | null>(null);
  readonly pageChange = output<PageEvent>();
  readonly organizationSelect = output<OrganizationRef>();

  protected readonly pageSizes = HEATMAP_PAGE_SIZES;
  protected readonly legend = STATUS_ORDER.map((status) => ({ status, label: INDICATOR_STATUS_LABELS[status] }));
  protected readonly weeks = computed(() =>
    this.matrix().weeks.map((week) => ({ key: week.weekKey, number: parseIsoWeek(week.weekKey).week, day: week.weekStart.slice(8, 10) + '.' + week.weekStart.slice(5, 7), label: weekLabel(week.weekKey) })),
  );
  protected readonly rows = computed(() => {
    const weeks = this.matrix().weeks;
    return this.matrix().rows.map((row) => ({
      organization: row.organization,
      cells: row.cells.map((cell, index) => ({
        key: weeks[index].weekKey,
        status: cell?.status ?? 'none',
        description: cellDescription(row.organization.shortName, weeks[index].weekKey, cell),
      })),
    }));
  });
}
