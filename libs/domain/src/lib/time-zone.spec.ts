import { parseLocalDate } from './local-date';
import { parseLocalTime } from './local-time';
import { DEFAULT_TIME_ZONE, isValidTimeZone, toLocalDate, zonedInstant } from './time-zone';

const d = parseLocalDate;
const t = parseLocalTime;

describe('DEFAULT_TIME_ZONE', () => {
  it('is Moscow', () => {
    expect(DEFAULT_TIME_ZONE).toBe('Europe/Moscow');
  });
});

describe('isValidTimeZone', () => {
  it.each([
    ['Europe/Moscow', true],
    ['Europe/Berlin', true],
    ['UTC', true],
    ['Asia/Kolkata', true],
    ['Mars/Olympus_Mons', false],
    ['', false],
    ['+03:00x', false],
  ])('%j → %p', (zone, expected) => {
    expect(isValidTimeZone(zone)).toBe(expected);
  });
});

describe('toLocalDate', () => {
  it.each([
    // Moscow is UTC+3 today, so its day starts at 21:00 UTC.
    ['2025-08-31T20:59:59.999Z', 'Europe/Moscow', '2025-08-31'],
    ['2025-08-31T21:00:00.000Z', 'Europe/Moscow', '2025-09-01'],
    // Moscow was UTC+4 in 2011–2014: a hard-coded +3 would answer 2012-06-01.
    ['2012-06-01T20:30:00.000Z', 'Europe/Moscow', '2012-06-02'],
    ['2025-08-31T21:00:00.000Z', 'UTC', '2025-08-31'],
    ['2025-08-31T12:00:00.000Z', 'Asia/Kamchatka', '2025-09-01'],
    ['2025-09-01T03:59:00.000Z', 'America/New_York', '2025-08-31'],
    ['2025-09-01T04:00:00.000Z', 'America/New_York', '2025-09-01'],
    ['2025-03-29T22:59:59.000Z', 'Europe/Berlin', '2025-03-29'],
    ['2025-03-29T23:00:00.000Z', 'Europe/Berlin', '2025-03-30'],
    ['2025-10-25T21:59:59.000Z', 'Europe/Berlin', '2025-10-25'],
    ['2025-10-25T22:00:00.000Z', 'Europe/Berlin', '2025-10-26'],
    ['2025-12-31T18:30:00.000Z', 'Asia/Kolkata', '2026-01-01'],
  ])('%s in %s is %s', (instant, zone, expected) => {
    expect(toLocalDate(new Date(instant), zone)).toBe(expected);
  });

  it('uses Moscow time by default', () => {
    expect(toLocalDate(new Date('2025-08-31T21:00:00Z'))).toBe('2025-09-01');
  });

  it('rejects an invalid Date and an unknown zone', () => {
    expect(() => toLocalDate(new Date(NaN))).toThrow(RangeError);
    expect(() => toLocalDate(new Date(0), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });
});

describe('zonedInstant', () => {
  it.each([
    ['2025-09-08', '23:59', 'Europe/Moscow', '2025-09-08T20:59:00.000Z'],
    ['2025-09-01', '00:00', 'Europe/Moscow', '2025-08-31T21:00:00.000Z'],
    ['2012-06-01', '12:00', 'Europe/Moscow', '2012-06-01T08:00:00.000Z'],
    ['2025-09-01', '09:00', 'Asia/Kolkata', '2025-09-01T03:30:00.000Z'],
    ['2025-09-01', '09:00', 'UTC', '2025-09-01T09:00:00.000Z'],
    // Berlin, spring forward on 2025-03-30: 02:00 CET jumps to 03:00 CEST (01:00 UTC).
    ['2025-03-29', '12:00', 'Europe/Berlin', '2025-03-29T11:00:00.000Z'],
    ['2025-03-30', '01:59', 'Europe/Berlin', '2025-03-30T00:59:00.000Z'],
    ['2025-03-30', '02:00', 'Europe/Berlin', '2025-03-30T01:00:00.000Z'],
    ['2025-03-30', '02:30', 'Europe/Berlin', '2025-03-30T01:30:00.000Z'],
    ['2025-03-30', '03:00', 'Europe/Berlin', '2025-03-30T01:00:00.000Z'],
    ['2025-03-31', '12:00', 'Europe/Berlin', '2025-03-31T10:00:00.000Z'],
    // Berlin, fall back on 2025-10-26: 03:00 CEST returns to 02:00 CET; 02:xx happens twice.
    ['2025-10-26', '01:59', 'Europe/Berlin', '2025-10-25T23:59:00.000Z'],
    ['2025-10-26', '02:00', 'Europe/Berlin', '2025-10-26T00:00:00.000Z'],
    ['2025-10-26', '02:30', 'Europe/Berlin', '2025-10-26T00:30:00.000Z'],
    ['2025-10-26', '03:00', 'Europe/Berlin', '2025-10-26T02:00:00.000Z'],
    ['2025-10-27', '12:00', 'Europe/Berlin', '2025-10-27T11:00:00.000Z'],
    // New York: skipped 02:30 moves to 03:30 EDT; repeated 01:30 takes the EDT occurrence.
    ['2025-03-09', '02:30', 'America/New_York', '2025-03-09T07:30:00.000Z'],
    ['2025-11-02', '01:30', 'America/New_York', '2025-11-02T05:30:00.000Z'],
    // Samoa skipped 30 December 2011 entirely (UTC−10 → UTC+14): noon lands on the 31st.
    ['2011-12-30', '12:00', 'Pacific/Apia', '2011-12-30T22:00:00.000Z'],
  ])('%s %s in %s is %s', (date, time, zone, expected) => {
    expect(zonedInstant(d(date), t(time), zone).toISOString()).toBe(expected);
  });

  it('uses Moscow time by default', () => {
    expect(zonedInstant(d('2025-09-30'), t('23:59')).toISOString()).toBe('2025-09-30T20:59:00.000Z');
  });

  it('throws for an unknown zone', () => {
    expect(() => zonedInstant(d('2025-09-01'), t('12:00'), 'Mars/Olympus_Mons')).toThrow(RangeError);
  });

  it.each([
    ['Europe/Moscow', '2025-09-01', '00:00'],
    ['Europe/Moscow', '2025-12-31', '23:59'],
    ['Europe/Berlin', '2025-03-30', '03:00'],
    ['Europe/Berlin', '2025-10-26', '02:30'],
    ['America/New_York', '2025-11-02', '23:59'],
    ['Asia/Kolkata', '2025-01-01', '00:00'],
    ['Australia/Lord_Howe', '2025-10-05', '02:30'],
  ])('round-trips the date in %s for %s %s', (zone, date, time) => {
    expect(toLocalDate(zonedInstant(d(date), t(time), zone), zone)).toBe(date);
  });

  it('moves a skipped day to the next one', () => {
    expect(toLocalDate(zonedInstant(d('2011-12-30'), t('12:00'), 'Pacific/Apia'), 'Pacific/Apia')).toBe('2011-12-31');
  });
});
