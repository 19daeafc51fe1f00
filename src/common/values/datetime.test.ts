/** src/common/values/datetime.test.ts — DATE/TIME/TIMESTAMP parsing, validity, formatting and day arithmetic. */
import { SqlError, SqlState } from '../errors';
import {
  addDays,
  daysBetween,
  daysInMonth,
  formatDate,
  formatTimestamp,
  isMidnight,
  parseDate,
  parseTime,
  parseTimestamp,
  timeOfDay,
  truncateToDate,
} from './datetime';
import { sqlStateOf as stateOf } from '../testing/sql-state-of';

describe('parseDate', () => {
  it('reads ISO dates at UTC midnight', () => {
    expect(parseDate('2024-02-29').toISOString()).toBe('2024-02-29T00:00:00.000Z');
    expect(parseDate(' 2024-1-5 ').toISOString()).toBe('2024-01-05T00:00:00.000Z');
    expect(parseDate('0001-01-01').getUTCFullYear()).toBe(1);
    expect(parseDate('0099-12-31').getUTCFullYear()).toBe(99); // not shifted to 1999
    expect(parseDate('9999-12-31').toISOString()).toBe('9999-12-31T00:00:00.000Z');
  });

  it.each(['2024-02-30', '2023-02-29', '2024-13-01', '2024-00-10', '2024-04-31', '0000-01-01', 'abc', '2024/01/01', '', '2024-01-01 10:00'])(
    'refuses %p with 22007',
    (text) => {
      expect(stateOf(() => parseDate(text))).toBe(SqlState.InvalidDatetimeFormat);
    },
  );

  it('knows leap years', () => {
    expect(daysInMonth(2000, 2)).toBe(29);
    expect(daysInMonth(1900, 2)).toBe(28);
    expect(daysInMonth(2024, 2)).toBe(29);
    expect(daysInMonth(2023, 2)).toBe(28);
    expect(daysInMonth(2023, 12)).toBe(31);
  });
});

describe('parseTimestamp', () => {
  it('accepts a space or T, optional seconds and fraction', () => {
    expect(parseTimestamp('2024-01-31 12:34:56').toISOString()).toBe('2024-01-31T12:34:56.000Z');
    expect(parseTimestamp('2024-01-31T12:34:56.789').toISOString()).toBe('2024-01-31T12:34:56.789Z');
    expect(parseTimestamp('2024-01-31 12:34').toISOString()).toBe('2024-01-31T12:34:00.000Z');
    expect(parseTimestamp('2024-01-31 12:34:56.5').toISOString()).toBe('2024-01-31T12:34:56.500Z');
    expect(parseTimestamp('2024-01-31').toISOString()).toBe('2024-01-31T00:00:00.000Z');
  });

  it('truncates sub-millisecond digits', () => {
    expect(parseTimestamp('2024-01-31 00:00:00.123999').getUTCMilliseconds()).toBe(123);
  });

  it('converts Z and offsets to UTC', () => {
    expect(parseTimestamp('2024-01-31T12:00:00Z').toISOString()).toBe('2024-01-31T12:00:00.000Z');
    expect(parseTimestamp('2024-01-31T12:00:00+02:00').toISOString()).toBe('2024-01-31T10:00:00.000Z');
    expect(parseTimestamp('2024-01-31 23:00:00-0130').toISOString()).toBe('2024-02-01T00:30:00.000Z');
  });

  it.each(['2024-02-30 10:00:00', '2024-01-01 24:00:00', '2024-01-01 10:60:00', '2024-01-01 10:00:60', '2024-01-01 10', 'yesterday', '2024-01-01T10:00:00+16:00'])(
    'refuses %p with 22007',
    (text) => {
      expect(stateOf(() => parseTimestamp(text))).toBe(SqlState.InvalidDatetimeFormat);
    },
  );
});

describe('parseTime', () => {
  it('canonicalises to HH:MM:SS[.f]', () => {
    expect(parseTime('9:05')).toBe('09:05:00');
    expect(parseTime('23:59:59')).toBe('23:59:59');
    expect(parseTime('12:00:00.500')).toBe('12:00:00.5');
    expect(parseTime('12:00:00.000')).toBe('12:00:00');
    expect(parseTime('12:00:00.0405')).toBe('12:00:00.04');
  });

  it('keeps string order equal to time order', () => {
    const times = ['00:00:00', '09:59:59.999', '10:00:00', '10:00:00.25', '10:00:00.5', '10:00:01'].map(parseTime);
    expect([...times].sort()).toEqual(times);
  });

  it.each(['24:00:00', '12:60', '12:00:61', 'noon', '12'])('refuses %p with 22007', (text) => {
    expect(stateOf(() => parseTime(text))).toBe(SqlState.InvalidDatetimeFormat);
  });
});

describe('formatting', () => {
  it('prints dates, timestamps and times of day in UTC', () => {
    const ts = parseTimestamp('2024-03-07 08:09:10.120');
    expect(formatDate(ts)).toBe('2024-03-07');
    expect(formatTimestamp(ts)).toBe('2024-03-07 08:09:10.12');
    expect(formatTimestamp(parseTimestamp('2024-03-07 08:09:10'))).toBe('2024-03-07 08:09:10');
    expect(timeOfDay(ts)).toBe('08:09:10.12');
    expect(formatDate(parseDate('0042-01-02'))).toBe('0042-01-02');
  });

  it('round-trips through parse', () => {
    for (const t of ['2000-02-29 23:59:59.999', '0001-01-01 00:00:00', '9999-12-31 12:00:00.001', '1970-01-01 00:00:00.1']) {
      expect(formatTimestamp(parseTimestamp(t))).toBe(t);
    }
  });

  it('tells midnight and truncates to the date', () => {
    expect(isMidnight(parseDate('1969-12-31'))).toBe(true);
    expect(isMidnight(parseTimestamp('1969-12-31 00:00:00.001'))).toBe(false);
    expect(truncateToDate(parseTimestamp('1969-12-31 23:59:59')).toISOString()).toBe('1969-12-31T00:00:00.000Z');
  });
});

describe('day arithmetic', () => {
  it('adds days across months, years and leap days', () => {
    expect(formatDate(addDays(parseDate('2024-02-28'), 1))).toBe('2024-02-29');
    expect(formatDate(addDays(parseDate('2024-02-28'), 2))).toBe('2024-03-01');
    expect(formatDate(addDays(parseDate('2024-01-01'), -1))).toBe('2023-12-31');
    expect(formatDate(addDays(parseDate('2024-01-01'), 366n))).toBe('2025-01-01');
  });

  it('leaving years 0001–9999 is 22008', () => {
    expect(stateOf(() => addDays(parseDate('9999-12-31'), 1))).toBe(SqlState.DatetimeFieldOverflow);
    expect(stateOf(() => addDays(parseDate('0001-01-01'), -1))).toBe(SqlState.DatetimeFieldOverflow);
    expect(stateOf(() => addDays(parseDate('2000-01-01'), 10n ** 30n))).toBe(SqlState.DatetimeFieldOverflow);
  });

  it('counts days between dates', () => {
    expect(daysBetween(parseDate('2024-03-01'), parseDate('2024-02-01'))).toBe(29);
    expect(daysBetween(parseDate('2024-02-01'), parseDate('2024-03-01'))).toBe(-29);
    expect(Object.is(daysBetween(parseTimestamp('2024-01-01 00:00:00'), parseTimestamp('2024-01-01 12:00:00')), 0)).toBe(true);
  });
});
