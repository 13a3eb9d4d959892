import { LOCALE_ID } from '@angular/core';
import { TestBed } from '@angular/core/testing';
import { ZonedDatePipe } from './zoned-date.pipe';

describe('ZonedDatePipe', () => {
  let pipe: ZonedDatePipe;

  beforeEach(() => {
    TestBed.configureTestingModule({
      providers: [ZonedDatePipe, { provide: LOCALE_ID, useValue: 'ru-RU' }],
    });
    pipe = TestBed.inject(ZonedDatePipe);
  });

  it('shows an instant in Moscow time whatever the zone of the machine', () => {
    // 21:30 UTC on 1 September is already 2 September in Moscow.
    expect(pipe.transform('2025-09-01T21:30:00Z', 'datetime')).toBe('02.09.2025, 00:30');
    expect(pipe.transform(new Date('2025-09-01T21:30:00Z'), 'date')).toBe('02.09.2025');
    expect(pipe.transform(Date.parse('2025-09-01T21:30:05Z'), 'time')).toBe('00:30:05');
  });

  it('writes month names in Russian', () => {
    expect(pipe.transform('2025-08-01T09:00:00Z', 'longDate')).toBe('1 августа 2025 г.');
  });

  it('returns an empty string for missing or invalid values', () => {
    expect(pipe.transform(null)).toBe('');
    expect(pipe.transform(undefined)).toBe('');
    expect(pipe.transform('not a date')).toBe('');
  });
});
