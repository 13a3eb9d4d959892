import { afterRenderEffect, ChangeDetectionStrategy, Component, computed, DestroyRef, ElementRef, inject, input, signal, viewChild } from '@angular/core';
import { takeUntilDestroyed } from '@angular/core/rxjs-interop';
import type { IndicatorSeriesDto } from '@karta/contracts';
import type { EChartsCoreOption, EChartsType } from 'echarts/core';
import { fromEvent } from 'rxjs';
import { trendDescription, trendOption } from './trend-option';

type EchartsCore = typeof import('echarts/core');

let echartsLoading: Promise<EchartsCore> | null = null;

/** ECharts is loaded on first use, in its own chunk: only the pages with a chart pay for it. */
function loadEcharts(): Promise<EchartsCore> {
  echartsLoading ??= Promise.all([import('echarts/core'), import('echarts/charts'), import('echarts/components'), import('echarts/renderers')]).then(
    ([core, charts, components, renderers]) => {
      core.use([charts.LineChart, components.GridComponent, components.LegendComponent, components.TooltipComponent, renderers.CanvasRenderer]);
      return core;
    },
  );
  return echartsLoading;
}

/**
 * Share over weeks with the target line. The canvas is described in Russian by `trendDescription`;
 * ECharts' own aria module is left out because it would replace that label with English text.
 */
@Component({
  selector: 'karta-trend-chart',
  template: `
    <div #host class="chart" role="img" [attr.aria-label]="description()"></div>
    @if (failed()) {
      <p class="error" role="alert">График не загрузился. Обновите страницу.</p>
    }
  `,
  styles: `
    :host { display: block; }
    .chart { width: 100%; height: 320px; }
    .error { color: #b00020; }
  `,
  changeDetection: ChangeDetectionStrategy.OnPush,
})
export class TrendChart {
  readonly series = input.required<IndicatorSeriesDto>();

  protected readonly description = computed(() => trendDescription(this.series()));
  protected readonly failed = signal(false);
  private readonly host = viewChild.required<ElementRef<HTMLElement>>('host');
  private chart: EChartsType | null = null;
  private destroyed = false;

  constructor() {
    const destroyRef = inject(DestroyRef);
    afterRenderEffect(() => void this.render(trendOption(this.series())));
    fromEvent(window, 'resize')
      .pipe(takeUntilDestroyed(destroyRef))
      .subscribe(() => this.chart?.resize());
    destroyRef.onDestroy(() => {
      this.destroyed = true;
      this.chart?.dispose();
    });
  }

  private async render(option: EChartsCoreOption): Promise<void> {
    try {
      const echarts = await loadEcharts();
      if (this.destroyed) return;
      this.chart ??= echarts.init(this.host().nativeElement, undefined, { renderer: 'canvas' });
      this.chart.setOption(option, true);
    } catch {
      this.failed.set(true);
    }
  }
}
