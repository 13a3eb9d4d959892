import { inject, LOCALE_ID, Pipe, PipeTransform } from '@angular/core';
import { DISPLAY_TIME_ZONE } from './time-zone';

export type ZonedDateFormat = 'date' | 'time' | 'datetime' | 'longDate';

const FORMATS: Record<ZonedDateFormat, Intl.DateTimeFormatOptions> = {
  date: { day: '2-digit', month: '2-digit', year: 'numeric' },
  time: { hour: '2-digit', minute: '2-digit', second: '2-digit' },
  datetime: { day: '2-digit', month: '2-digit', year: 'numeric', hour: '2-digit', minute: '2-digit' },
  longDate: { day: 'numeric', month: 'long', year: 'numeric' },
};

/**
 * Formats an instant in the display time zone (Europe/Moscow) with `Intl.DateTimeFormat`.
 *
 * Angular's `DatePipe` cannot do this: it understands only fixed offsets such as `+0300` and silently
 * falls back to the browser's zone when given an IANA name like `Europe/Moscow`. Use this pipe for
 * every date shown to a user.
 */
@Pipe({ name: 'zonedDate' })
export class ZonedDatePipe implements PipeTransform {
  private readonly locale = inject(LOCALE_ID);
  private readonly timeZone = inject(DISPLAY_TIME_ZONE);
  private readonly formatters = new Map<ZonedDateFormat, Intl.DateTimeFormat>();

  transform(value: Date | string | number | null | undefined, format: ZonedDateFormat = 'datetime'): string {
    if (value === null || value === undefined || value === '') {
      return '';
    }
    const date = value instanceof Date ? value : new Date(value);
    if (Number.isNaN(date.getTime())) {
      return '';
    }
    return this.formatter(format).format(date);
  }

  private formatter(format: ZonedDateFormat): Intl.DateTimeFormat {
    let formatter = this.formatters.get(format);
    if (!formatter) {
      formatter = new Intl.DateTimeFormat(this.locale, { ...FORMATS[format], timeZone: this.timeZone });
      this.formatters.set(format, formatter);
    }
    return formatter;
  }
}
