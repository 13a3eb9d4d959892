import { formatIsoWeekLabelRu, isIsoWeekKey, isYearMonthKey, parseIsoWeek, parseYearMonth } from '@karta/domain';
import type { TaskPeriodInfo } from '@karta/contracts';

const MONTHS_RU = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

type PeriodLabel = Pick<TaskPeriodInfo, 'kind' | 'label'>;

/**
 * Labels by period key. A list page repeats a handful of keys fifty times and the week label's date
 * arithmetic showed in the API's profile; the key space (weeks and months of a few years) is small.
 */
const labels = new Map<string, PeriodLabel>();
const MAX_CACHED_LABELS = 10_000;

function periodLabel(key: string): PeriodLabel {
  const cached = labels.get(key);
  if (cached) return cached;
  let label: PeriodLabel;
  if (isIsoWeekKey(key)) {
    label = { kind: 'week', label: formatIsoWeekLabelRu(parseIsoWeek(key)) };
  } else if (isYearMonthKey(key)) {
    const { year, month } = parseYearMonth(key);
    label = { kind: 'month', label: `${MONTHS_RU[month - 1]} ${year}` };
  } else {
    label = { kind: 'once', label: 'однократно' };
  }
  if (labels.size >= MAX_CACHED_LABELS) labels.clear();
  labels.set(key, label);
  return label;
}

/** Period of a task as the UI shows it: «неделя 36 (01.09–07.09)», «август 2025», «однократно». */
export function taskPeriod(key: string, start: string, end: string): TaskPeriodInfo {
  return { key, start, end, ...periodLabel(key) };
}
