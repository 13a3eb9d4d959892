import type { IndicatorStatusValue, MeasureValue, MeasureValuesDto, WeeklyReportDto, WeekHeadcountsDto } from '@karta/contracts';
import { MEASURE_VALUES } from '@karta/contracts';
import {
  checkWeeklyValues,
  computeDenominator,
  computeNumerator,
  computeShare,
  evaluate,
  lacksDenominator,
  type DenominatorInputs,
  type MeasureLimit,
  type MeasureValues,
  type WeeklyValueIssue,
} from '@karta/domain';

/** What the coordinator typed, per measure: the raw text of each field. */
export type MeasureInputs = Record<MeasureValue, string>;

export function inputsFromValues(values: MeasureValuesDto): MeasureInputs {
  return Object.fromEntries(MEASURE_VALUES.map((m) => [m, values[m] === null ? '' : String(values[m])])) as MeasureInputs;
}

/** An empty field is «not reported» (null); anything else is read as a number (NaN when it is not one). */
export function parseInputs(inputs: MeasureInputs): MeasureValuesDto {
  return Object.fromEntries(MEASURE_VALUES.map((m) => [m, inputs[m].trim() === '' ? null : Number(inputs[m].trim().replace(',', '.'))])) as MeasureValuesDto;
}

/** The headcounts and the form's own Sferum total, as the domain's denominator inputs (null = unknown). */
export function denominatorInputs(headcounts: WeekHeadcountsDto, values: MeasureValues): DenominatorInputs {
  return {
    staffStat: headcounts.staffStat ?? undefined,
    studentsStat: headcounts.studentsStat ?? undefined,
    actualHeadcountMinistry: headcounts.actualHeadcountMinistry ?? undefined,
    sferumUsersTotal: values.sferum_total ?? undefined,
  };
}

export interface LiveShare {
  id: string;
  name: string;
  numerator: number | null;
  denominator: number | null;
  share: number | null;
  target: number | null;
  status: IndicatorStatusValue;
}

/** Each indicator's share as the form stands, computed exactly as the worker will (libs/domain). */
export function liveShares(report: Pick<WeeklyReportDto, 'indicators' | 'headcounts'>, values: MeasureValuesDto): LiveShare[] {
  const inputs = denominatorInputs(report.headcounts, values);
  return report.indicators.map((indicator) => {
    const numerator = computeNumerator(indicator.numeratorMeasures, values);
    const denominator = computeDenominator(indicator.denominatorSource, inputs);
    const share = numerator === null || Number.isNaN(numerator) ? null : computeShare(numerator, denominator);
    // A missing or zero headcount reads «нет знаменателя» (a headcount to fix), as the worker will judge it.
    const status = evaluate(share, indicator.target, lacksDenominator(indicator.denominatorSource, numerator, denominator)).status;
    return { id: indicator.id, name: indicator.name, numerator, denominator, share, target: indicator.target, status };
  });
}

const LIMIT_LABELS: Readonly<Record<MeasureLimit, string>> = {
  staff_stat: 'работников по статистической отчётности',
  students_stat: 'обучающихся по статистической отчётности',
  actual_headcount_ministry: 'фактической численности по данным Минпросвещения',
  sferum_total: 'всех пользователей «Сферума»',
};

export function issueMessage(issue: WeeklyValueIssue): string {
  if (issue.code === 'not_a_count') return 'Введите целое неотрицательное число';
  return issue.limit ? `Больше, чем ${LIMIT_LABELS[issue.limit.source]} (${issue.limit.value})` : 'Больше знаменателя';
}

/** Field messages the server would answer with, found before saving. */
export function fieldIssues(values: MeasureValuesDto, headcounts: WeekHeadcountsDto): Partial<Record<MeasureValue, string>> {
  return Object.fromEntries(checkWeeklyValues(values, headcounts).map((issue) => [issue.measure, issueMessage(issue)]));
}

/** Only what changed against the stored report: omitted fields stay as they are on the server. */
export function changedValues(stored: MeasureValuesDto, values: MeasureValuesDto): Partial<MeasureValuesDto> {
  return Object.fromEntries(MEASURE_VALUES.filter((m) => stored[m] !== values[m]).map((m) => [m, values[m]]));
}

/** `values.staff_wrote` (a field of the API's 400 answer) → `staff_wrote`. */
export function measureOfField(field: string): MeasureValue | null {
  const name = field.replace(/^values\./, '');
  return (MEASURE_VALUES as readonly string[]).includes(name) ? (name as MeasureValue) : null;
}
