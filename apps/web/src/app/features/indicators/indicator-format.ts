import { INDICATOR_STATUS_LABELS, type IndicatorStatusValue } from '@karta/contracts';
import {
  formatIsoWeek,
  formatIsoWeekLabelRu,
  formatPercentRu,
  isIsoWeekKey,
  isoWeekOf,
  parseIsoWeek,
  previousIsoWeek,
  toLocalDate,
  type IsoWeek,
} from '@karta/domain';

/** Legend order of the heatmap and the cards. */
export const STATUS_ORDER: readonly IndicatorStatusValue[] = ['met', 'not_met', 'no_data', 'no_denominator', 'no_target'];

/**
 * Colours of the statuses (heatmap cells, legend, chart marks). Green/red differ in lightness too, so
 * they stay apart for red-green colour blindness; every cell also carries its status as text.
 */
export const STATUS_COLORS: Readonly<Record<IndicatorStatusValue, string>> = {
  met: '#2e7d32',
  not_met: '#e57373',
  no_data: '#bdbdbd',
  // A headcount to fix: amber, apart from the grey of numbers not reported.
  no_denominator: '#ffb300',
  no_target: '#ffffff',
};

export interface WeekOption {
  key: string;
  label: string;
}

/** The current ISO week in Moscow time. */
export function currentWeek(now: Date = new Date()): IsoWeek {
  return isoWeekOf(toLocalDate(now));
}

/** The last week that has ended: indicators are computed for it on Monday morning. */
export function lastFinishedWeek(now: Date = new Date()): IsoWeek {
  return previousIsoWeek(currentWeek(now));
}

export function weekOption(week: IsoWeek): WeekOption {
  return { key: formatIsoWeek(week), label: formatIsoWeekLabelRu(week) };
}

/** `count` weeks ending with `last`, newest first. */
export function weeksBack(last: IsoWeek, count: number): IsoWeek[] {
  const weeks: IsoWeek[] = [];
  for (let week = last; weeks.length < count; week = previousIsoWeek(week)) weeks.push(week);
  return weeks;
}

/** The first of `count` weeks ending with `last`. */
export function firstOfWeeks(last: IsoWeek, count: number): IsoWeek {
  return weeksBack(last, count)[count - 1];
}

/** `2025-W36` → `неделя 36 (01.09–07.09)`; anything else is shown as given. */
export function weekLabel(key: string): string {
  return isIsoWeekKey(key) ? formatIsoWeekLabelRu(parseIsoWeek(key)) : key;
}

/** A valid week key from the URL, or the fallback. */
export function weekFromParam(value: string | null, fallback: IsoWeek): IsoWeek {
  return value && isIsoWeekKey(value) ? parseIsoWeek(value) : fallback;
}

const POINTS_RU = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false, signDisplay: 'exceptZero' });

/** A week-on-week change of a share (a fraction) in percentage points: 0.05 → `+5,0 п.п.`, `null` → `—`. */
export function formatChangeRu(change: number | null): string {
  return change === null ? '—' : `${POINTS_RU.format(change * 100)} п.п.`;
}

const GAP_RU = new Intl.NumberFormat('ru-RU', { minimumFractionDigits: 1, maximumFractionDigits: 1, useGrouping: false });

/** Tenths of a point the float error of `gap * 1000` may add (0.46 * 1000 = 460.00000000000006). */
const FLOAT_SLACK = 1e-9;

/**
 * How far a share falls short of its target, in percentage points rounded away from zero: a shortfall
 * never reads `0,0 п.п.` beside «ниже цели» (0.0001 → `0,1 п.п.`), and with the share rounded toward
 * zero the two add up to the target shown (74,9% + 0,1 п.п. = 75,0%). 0.645 → `64,5 п.п.`, `null` → `—`.
 */
export function formatGapRu(gap: number | null): string {
  if (gap === null) return '—';
  const tenths = Math.sign(gap) * Math.ceil(Math.max(0, Math.abs(gap) * 1000 - FLOAT_SLACK));
  return `${GAP_RU.format(tenths / 10)} п.п.`;
}

/** A share for people: `15,0%`, or «нет данных» when undefined (never 0 %). */
export function shareText(share: number | null): string {
  return share === null ? 'нет данных' : formatPercentRu(share);
}

/** Title and aria-label of one heatmap cell: organization, week, status and share. */
export function cellDescription(organization: string, weekKey: string, cell: { status: IndicatorStatusValue; share: number | null } | null): string {
  const where = `${organization}, ${weekLabel(weekKey)}`;
  if (cell === null) return `${where}: не рассчитано`;
  const status = INDICATOR_STATUS_LABELS[cell.status];
  return cell.share === null ? `${where}: ${status.toLowerCase()}` : `${where}: ${status.toLowerCase()}, ${formatPercentRu(cell.share)}`;
}
