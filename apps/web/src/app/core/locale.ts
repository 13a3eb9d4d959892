import { DATE_PIPE_DEFAULT_OPTIONS, registerLocaleData } from '@angular/common';
import localeRu from '@angular/common/locales/ru';
import { EnvironmentProviders, LOCALE_ID, makeEnvironmentProviders } from '@angular/core';

/**
 * Russian interface: number, date and plural rules of `ru-RU`.
 *
 * Dates are shown in Moscow time with `ZonedDatePipe` (`core/time`), which uses the IANA zone
 * `Europe/Moscow`. Angular's own `DatePipe` accepts only fixed offsets (an IANA name makes it fall back
 * to the browser's zone without a word), so it gets `+0300` as a safety net: Moscow has been UTC+3 all
 * year round since 26.10.2014, which covers every date this system holds, but prefer `zonedDate`.
 */
export function provideRussianLocale(): EnvironmentProviders {
  registerLocaleData(localeRu);
  return makeEnvironmentProviders([
    { provide: LOCALE_ID, useValue: 'ru-RU' },
    { provide: DATE_PIPE_DEFAULT_OPTIONS, useValue: { timezone: '+0300' } },
  ]);
}
