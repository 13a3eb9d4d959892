import { isLocalTime, localTimeParts, parseLocalTime } from './local-time';

describe('LocalTime', () => {
  it.each(['00:00', '09:05', '12:00', '19:59', '23:59'])('accepts %s', (value) => {
    expect(isLocalTime(value)).toBe(true);
    expect(parseLocalTime(value)).toBe(value);
  });

  it.each(['24:00', '9:00', '12:60', '12:00:00', '1200', '12.00', ' 12:00', ''])('rejects %j', (value) => {
    expect(isLocalTime(value)).toBe(false);
    expect(() => parseLocalTime(value)).toThrow(RangeError);
  });

  it.each([1200, null, undefined])('rejects non-string %p', (value) => {
    expect(isLocalTime(value)).toBe(false);
  });

  it.each([
    ['00:00', 0, 0],
    ['09:05', 9, 5],
    ['23:59', 23, 59],
  ])('splits %s into %i h %i min', (value, hour, minute) => {
    expect(localTimeParts(parseLocalTime(value))).toEqual({ hour, minute });
  });
});
