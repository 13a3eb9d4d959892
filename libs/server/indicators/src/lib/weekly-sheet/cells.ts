import { isIsoWeekKey, isLocalDate, isoWeekStart, type LocalDate, parseIsoWeek, weekStartOf } from '@karta/domain';

/** A cell as the readers deliver it: CSV text, or an XLSX number, text or date. */
export type SheetCell = string | number | Date | null;

/** 1899-12-30: day 0 of Excel's (1900, Lotus-compatible) date serials. */
const EXCEL_EPOCH_UTC = Date.UTC(1899, 11, 30);
const DAY_MS = 86_400_000;
/** Serials from 1 January 1955 to 31 December 2118: wide enough for any report, narrow enough not to read counts as dates. */
const MIN_SERIAL = 20_090;
const MAX_SERIAL = 79_988;

function utcDate(ms: number): LocalDate | null {
  const value = new Date(ms).toISOString().slice(0, 10);
  return isLocalDate(value) ? value : null;
}

/**
 * The Monday of the ISO week a «Неделя» cell names: `2025-W36`, a date within the week (`01.09.2025`,
 * `2025-09-01`), an Excel date serial (45901) or an XLSX date cell. `null` when it names no week.
 * XLSX date cells arrive as UTC midnight of the calendar date shown, so their UTC date is the local date.
 */
export function parseWeekCell(cell: SheetCell): LocalDate | null {
  if (cell === null) return null;
  if (cell instanceof Date) {
    const date = Number.isNaN(cell.getTime()) ? null : utcDate(cell.getTime());
    return date && weekStartOf(date);
  }
  if (typeof cell === 'number') return fromSerial(cell);
  const text = cell.trim();
  if (isIsoWeekKey(text.toUpperCase())) return isoWeekStart(parseIsoWeek(text.toUpperCase()));
  const russian = /^(\d{1,2})\.(\d{1,2})\.(\d{4})$/.exec(text);
  if (russian) {
    const iso = `${russian[3]}-${russian[2].padStart(2, '0')}-${russian[1].padStart(2, '0')}`;
    return isLocalDate(iso) ? weekStartOf(iso) : null;
  }
  const iso = /^(\d{4}-\d{2}-\d{2})(?:[T ][\d:.]+Z?)?$/.exec(text);
  if (iso) return isLocalDate(iso[1]) ? weekStartOf(iso[1]) : null;
  if (/^\d+$/.test(text)) return fromSerial(Number(text));
  return null;
}

function fromSerial(serial: number): LocalDate | null {
  if (!Number.isFinite(serial) || serial < MIN_SERIAL || serial > MAX_SERIAL) return null;
  const date = utcDate(EXCEL_EPOCH_UTC + Math.floor(serial) * DAY_MS);
  return date && weekStartOf(date);
}

/** Far above any school or district, as in weekly entry. */
const MAX_COUNT = 10_000_000;

export type CountCell = { ok: true; value: number | null } | { ok: false; problem: 'not_a_number' | 'negative' | 'fractional' | 'too_large'; text: string };

/**
 * A measure cell: empty = not reported (`value: null`); otherwise a whole number ≥ 0. Spaces (thousands
 * separators) are ignored and `12,0` / `12.0` are whole numbers.
 */
export function parseCountCell(cell: SheetCell): CountCell {
  if (cell === null) return { ok: true, value: null };
  if (cell instanceof Date) return { ok: false, problem: 'not_a_number', text: cell.toISOString().slice(0, 10) };
  let value: number;
  if (typeof cell === 'number') value = cell;
  else {
    const text = cell.trim();
    if (text === '') return { ok: true, value: null };
    if (/^\d+$/.test(text)) value = Number(text);
    else {
      const compact = text.replace(/[\s\u00a0\u202f]/g, '');
      if (!/^[-+]?(\d+([.,]\d*)?|[.,]\d+)$/.test(compact)) return { ok: false, problem: 'not_a_number', text };
      value = Number(compact.replace(',', '.'));
    }
  }
  const problem = !Number.isFinite(value) ? 'not_a_number' : value < 0 ? 'negative' : !Number.isInteger(value) ? 'fractional' : value > MAX_COUNT ? 'too_large' : null;
  // The cell as the user sees it, only for a report (most cells never need it).
  if (problem) return { ok: false, problem, text: typeof cell === 'number' ? String(cell).replace('.', ',') : cell.trim() };
  return { ok: true, value };
}

/**
 * The value of the usual measure cell — empty, a whole number, or digits — without `parseCountCell`'s
 * result object: the count, `null` when empty, `undefined` when `parseCountCell` has to look closer.
 */
export function plainCount(cell: SheetCell): number | null | undefined {
  if (cell === null) return null;
  if (typeof cell === 'number') return Number.isInteger(cell) && cell >= 0 && cell <= MAX_COUNT ? cell : undefined;
  if (typeof cell !== 'string') return undefined;
  if (cell === '') return null;
  if (cell.length > 8 || !/^\d+$/.test(cell)) return undefined;
  const value = Number(cell);
  return value <= MAX_COUNT ? value : undefined;
}

/** Text of a cell for codes and messages. */
export function cellText(cell: SheetCell): string {
  if (cell === null) return '';
  if (cell instanceof Date) return Number.isNaN(cell.getTime()) ? '' : cell.toISOString().slice(0, 10);
  return String(cell).trim();
}
