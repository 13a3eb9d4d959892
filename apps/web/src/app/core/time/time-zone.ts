import { InjectionToken } from '@angular/core';

/**
 * The time zone every date and time in the interface is shown in. The roadmap is run in Moscow time
 * (ISO weeks Monday–Sunday, deadlines at the end of a Moscow day), whatever the browser's own zone is.
 */
export const DISPLAY_TIME_ZONE = new InjectionToken<string>('DISPLAY_TIME_ZONE', {
  providedIn: 'root',
  factory: () => 'Europe/Moscow',
});
