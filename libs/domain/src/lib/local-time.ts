declare const localTimeBrand: unique symbol;

/** A wall-clock time of day as `HH:mm` (00:00–23:59), without date or zone. */
export type LocalTime = string & { readonly [localTimeBrand]: true };

const LOCAL_TIME_PATTERN = /^([01]\d|2[0-3]):([0-5]\d)$/;

export function isLocalTime(value: unknown): value is LocalTime {
  return typeof value === 'string' && LOCAL_TIME_PATTERN.test(value);
}

/** Parses `HH:mm`; throws `RangeError` for anything else (`24:00`, `9:00`, seconds). */
export function parseLocalTime(value: string): LocalTime {
  if (!isLocalTime(value)) {
    throw new RangeError(`Invalid local time: "${value}"`);
  }
  return value;
}

export function localTimeParts(time: LocalTime): { readonly hour: number; readonly minute: number } {
  return { hour: Number(time.slice(0, 2)), minute: Number(time.slice(3, 5)) };
}
