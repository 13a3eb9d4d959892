import { Comparison, compareNumbers } from './comparison';
import { LocalDate, addDays, daysBetween, isoWeekday, localDate, localDateParts } from './local-date';
import { pad2, padYear } from './pad';

/** An ISO-8601 week (Monday–Sunday). `year` is the week-numbering year, which differs near 1 January. */
export interface IsoWeek {
  readonly year: number;
  /** 1–52 or 1–53 */
  readonly week: number;
}

const ISO_WEEK_PATTERN = /^(\d{4})-W(\d{2})$/;

export function isoWeekOf(date: LocalDate): IsoWeek {
  // A week belongs to the year that holds its Thursday.
  const thursday = addDays(date, 4 - isoWeekday(date));
  const { year } = localDateParts(thursday);
  const dayOfYear = daysBetween(localDate(year, 1, 1), thursday);
  return { year, week: Math.floor(dayOfYear / 7) + 1 };
}

export function isoWeeksInYear(year: number): 52 | 53 {
  // 28 December always falls in the last week of its year.
  return isoWeekOf(localDate(year, 12, 28)).week === 53 ? 53 : 52;
}

function isValidIsoWeek(year: number, week: number): boolean {
  return Number.isInteger(year) && year >= 1 && year <= 9999 && Number.isInteger(week) && week >= 1 && week <= isoWeeksInYear(year);
}

export function isoWeek(year: number, week: number): IsoWeek {
  if (!isValidIsoWeek(year, week)) {
    throw new RangeError(`Invalid ISO week: ${year}-W${week}`);
  }
  return { year, week };
}

/** Monday of the week. */
export function isoWeekStart({ year, week }: IsoWeek): LocalDate {
  // 4 January is always in week 1.
  const fourthOfJanuary = localDate(year, 1, 4);
  const mondayOfWeekOne = addDays(fourthOfJanuary, 1 - isoWeekday(fourthOfJanuary));
  return addDays(mondayOfWeekOne, (week - 1) * 7);
}

/** Sunday of the week. */
/** Monday of the ISO week containing `date` (the key weekly data and snapshots are stored under). */
export function weekStartOf(date: LocalDate): LocalDate {
  return addDays(date, 1 - isoWeekday(date));
}

export function isoWeekEnd(week: IsoWeek): LocalDate {
  return addDays(isoWeekStart(week), 6);
}

export function nextIsoWeek(week: IsoWeek): IsoWeek {
  return isoWeekOf(addDays(isoWeekStart(week), 7));
}

export function previousIsoWeek(week: IsoWeek): IsoWeek {
  return isoWeekOf(addDays(isoWeekStart(week), -7));
}

export function compareIsoWeeks(a: IsoWeek, b: IsoWeek): Comparison {
  return compareNumbers(a.year, b.year) || compareNumbers(a.week, b.week);
}

/** Every week from `from` to `to`, both included; empty when `from` is after `to`. */
export function isoWeeksBetween(from: IsoWeek, to: IsoWeek): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  for (let week = from; compareIsoWeeks(week, to) <= 0; week = nextIsoWeek(week)) {
    weeks.push(week);
  }
  return weeks;
}

/** Whether `value` is a week key such as `2025-W36` naming a week that exists. */
export function isIsoWeekKey(value: string): boolean {
  const match = ISO_WEEK_PATTERN.exec(value);
  return match !== null && isValidIsoWeek(Number(match[1]), Number(match[2]));
}

/** Parses `2025-W36`; throws `RangeError` for malformed keys and for week 53 of a 52-week year. */
export function parseIsoWeek(value: string): IsoWeek {
  if (!isIsoWeekKey(value)) {
    throw new RangeError(`Invalid ISO week: "${value}"`);
  }
  return { year: Number(value.slice(0, 4)), week: Number(value.slice(6)) };
}

/** `2025-W36`: the stable key used for weekly periods and indicator values. */
export function formatIsoWeek({ year, week }: IsoWeek): string {
  return `${padYear(year)}-W${pad2(week)}`;
}

/** UI label, e.g. `неделя 36 (01.09–07.09)` (en dash between the Monday and the Sunday). */
export function formatIsoWeekLabelRu(week: IsoWeek): string {
  return `неделя ${week.week} (${dayMonth(isoWeekStart(week))}–${dayMonth(isoWeekEnd(week))})`;
}

function dayMonth(date: LocalDate): string {
  const { month, day } = localDateParts(date);
  return `${pad2(day)}.${pad2(month)}`;
}
