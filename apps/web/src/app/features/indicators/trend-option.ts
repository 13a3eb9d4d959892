import type { IndicatorSeriesDto } from '@karta/contracts';
import { formatPercentRu, parseIsoWeek } from '@karta/domain';
import type { EChartsCoreOption } from 'echarts/core';
import { STATUS_COLORS, shareText, weekLabel } from './indicator-format';

export const SHARE_SERIES = 'Доля';
export const TARGET_SERIES = 'Цель';

/**
 * The trend chart: the share per week (gaps where it is undefined — never drawn as 0 %) and the target
 * in force as a dashed step line, so a stage change shows as a step.
 */
export function trendOption(series: IndicatorSeriesDto): EChartsCoreOption {
  const points = series.points;
  const highest = Math.max(1, ...points.map((p) => p.share ?? 0));
  return {
    animation: false,
    grid: { left: 56, right: 16, top: 40, bottom: 40 },
    legend: { data: [SHARE_SERIES, TARGET_SERIES], top: 0 },
    tooltip: {
      trigger: 'axis',
      // The cards' formatting: rounded toward zero, and an undefined share in words.
      valueFormatter: (value: unknown) => shareText(typeof value === 'number' ? value : null),
    },
    xAxis: {
      type: 'category',
      data: points.map((p) => String(parseIsoWeek(p.weekKey).week)),
      name: 'неделя',
      nameLocation: 'middle',
      nameGap: 26,
      axisLabel: { interval: 'auto' },
    },
    yAxis: {
      type: 'value',
      min: 0,
      max: Math.ceil(highest * 10) / 10,
      axisLabel: { formatter: (value: number) => `${Math.round(value * 100)}%` },
    },
    series: [
      {
        name: SHARE_SERIES,
        type: 'line',
        data: points.map((p) => p.share),
        connectNulls: false,
        symbolSize: 7,
        itemStyle: { color: '#1565c0' },
      },
      {
        name: TARGET_SERIES,
        type: 'line',
        step: 'end',
        data: points.map((p) => p.target),
        symbol: 'none',
        lineStyle: { type: 'dashed', color: STATUS_COLORS.met },
        itemStyle: { color: STATUS_COLORS.met },
      },
    ],
  };
}

/** The chart in words, for screen readers (the canvas itself says nothing). */
export function trendDescription(series: IndicatorSeriesDto): string {
  const last = [...series.points].reverse().find((p) => p.share !== null);
  const head = `${series.indicator.name}, ${series.organization.shortName}`;
  if (!last) return `${head}: нет данных за выбранные недели`;
  const target = last.target === null ? 'цель не задана' : `цель ${formatPercentRu(last.target)}`;
  return `${head}: последняя неделя с данными — ${weekLabel(last.weekKey)}, доля ${shareText(last.share)}, ${target}`;
}
