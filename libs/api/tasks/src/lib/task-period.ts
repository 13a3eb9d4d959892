import { formatIsoWeekLabelRu, isIsoWeekKey, isYearMonthKey, parseIsoWeek, parseYearMonth } from '@karta/domain';
import type { TaskPeriodInfo } from '@karta/contracts';

const MONTHS_RU = ['январь', 'февраль', 'март', 'апрель', 'май', 'июнь', 'июль', 'август', 'сентябрь', 'октябрь', 'ноябрь', 'декабрь'];

/** Period of a task as the UI shows it: «неделя 36 (01.09–07.09)», «август 2025», «однократно». */
export function taskPeriod(key: string, start: string, end: string): TaskPeriodInfo {
  if (isIsoWeekKey(key)) {
    return { key, kind: 'week', start, end, label: formatIsoWeekLabelRu(parseIsoWeek(key)) };
  }
  if (isYearMonthKey(key)) {
    const { year, month } = parseYearMonth(key);
    return { key, kind: 'month', start, end, label: `${MONTHS_RU[month - 1]} ${year}` };
  }
  return { key, kind: 'once', start, end, label: 'однократно' };
}
