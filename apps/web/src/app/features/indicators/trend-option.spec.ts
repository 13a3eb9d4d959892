import type { IndicatorCell, IndicatorSeriesDto } from '@karta/contracts';
import { trendDescription, trendOption } from './trend-option';

function point(weekKey: string, weekStart: string, cell: Partial<IndicatorCell>) {
  return { weekKey, weekStart, numerator: null, denominator: null, share: null, target: null, status: 'no_data' as const, gap: null, change: null, ...cell };
}

function aSeries(points: IndicatorSeriesDto['points']): IndicatorSeriesDto {
  return {
    indicator: { id: 'i1', code: 'staff', name: 'Работники в МАКС' },
    organization: { id: 'o1', code: 'SS-001', shortName: 'СОШ №1', kind: 'school' },
    points,
  };
}

describe('trendOption', () => {
  const series = aSeries([
    point('2025-W36', '2025-09-01', { share: 0.1, target: 0.15, status: 'not_met' }),
    point('2025-W37', '2025-09-08', { share: null, target: 0.15 }),
    point('2025-W38', '2025-09-15', { share: 0.8, target: 0.75, status: 'met' }),
  ]);

  it('leaves a gap for an undefined share and draws the target as a step line', () => {
    const option = trendOption(series) as { xAxis: { data: string[] }; series: { name: string; data: (number | null)[]; step?: string; connectNulls?: boolean }[] };
    expect(option.xAxis.data).toEqual(['36', '37', '38']);
    const [share, target] = option.series;
    expect(share).toMatchObject({ name: 'Доля', data: [0.1, null, 0.8], connectNulls: false });
    expect(target).toMatchObject({ name: 'Цель', data: [0.15, 0.15, 0.75], step: 'end' });
  });

  it('formats the tooltip like the cards: toward zero, an undefined share in words', () => {
    const { tooltip } = trendOption(series) as { tooltip: { valueFormatter: (value: unknown) => string } };
    expect(tooltip.valueFormatter(0.9995)).toBe('99,9%');
    expect(tooltip.valueFormatter(0.15)).toBe('15,0%');
    expect(tooltip.valueFormatter(null)).toBe('нет данных');
    expect(tooltip.valueFormatter('-')).toBe('нет данных');
  });

  it('says the latest known share and target for screen readers', () => {
    expect(trendDescription(series)).toBe('Работники в МАКС, СОШ №1: последняя неделя с данными — неделя 38 (15.09–21.09), доля 80,0%, цель 75,0%');
    expect(trendDescription(aSeries([point('2025-W36', '2025-09-01', {})]))).toBe('Работники в МАКС, СОШ №1: нет данных за выбранные недели');
  });
});
